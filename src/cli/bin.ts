#!/usr/bin/env node
import { runCli } from './program.js';

const code = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
});
// Let stdout drain before exiting (large JSON reports through pipes).
process.exitCode = code;
