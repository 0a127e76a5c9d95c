/** Runs the CLI in process (no build needed) with captured stdout and stderr. */
import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/program.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliRunOptions {
  readonly cwd: string;
  /** The whole environment; default: HOME = cwd and this process's PATH (no credentials leak in). */
  readonly env?: NodeJS.ProcessEnv;
  /** Extra variables on top of the environment. */
  readonly extraEnv?: NodeJS.ProcessEnv;
  /** Make stderr look like a terminal (progress bars). */
  readonly tty?: boolean;
}

export async function runCliCaptured(argv: readonly string[], options: CliRunOptions): Promise<CliRun> {
  const out = new PassThrough();
  const err = Object.assign(new PassThrough(), options.tty ? { isTTY: true, columns: 120 } : {});
  let stdout = '';
  let stderr = '';
  out.on('data', (c: Buffer) => (stdout += c.toString()));
  err.on('data', (c: Buffer) => (stderr += c.toString()));
  const env = options.env ?? { HOME: options.cwd, PATH: process.env['PATH'] ?? '' };
  const code = await runCli({
    argv,
    env: { ...env, ...options.extraEnv },
    cwd: options.cwd,
    stdout: out,
    stderr: err as unknown as NodeJS.WriteStream,
  });
  return { code, stdout, stderr };
}
