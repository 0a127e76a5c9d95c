import { Command, CommanderError, Option } from 'commander';
import { isShipshapeError } from '../core/errors.js';
import { VERSION, type ContextOptions } from '../main.js';
import { applyCommand } from './apply-command.js';
import { checkCommand } from './check-command.js';
import { ExitCode } from './exit-codes.js';
import { stderrLogger, type LogLevel } from './logger.js';
import { registerScanCommands } from './scan-commands.js';
import { registerRolloutCommands } from './rollout-commands.js';

export interface CliIo {
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WriteStream;
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new CommanderError(
      ExitCode.usage,
      'shipshape.invalidArgument',
      `expected a positive whole number, got "${value}"`,
    );
  return n;
}

/** Runs the CLI and returns the exit code; never throws for expected failures. */
export async function runCli(io: CliIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const color = Boolean((io.stdout as NodeJS.WriteStream).isTTY) && !io.env['NO_COLOR'];
  const program = new Command('shipshape')
    .description('Keeps every container image a team references or runs fresh, verified and reversible.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .addOption(
      new Option('--config <file>', 'configuration file (default: shipshape.yaml searched upward from PATH)'),
    )
    .addOption(new Option('--log-level <level>', 'log detail on stderr').choices(LOG_LEVELS).default('warn'))
    .addOption(
      new Option('--concurrency <n>', 'registry requests in flight per registry').argParser(positiveInt),
    );

  const common = (): { config?: string; logLevel: LogLevel; concurrency?: number } =>
    program.opts<{ config?: string; logLevel: LogLevel; concurrency?: number }>();
  /** What every command needs to build its context: global options and the process environment. */
  const contextOptions = (): Omit<ContextOptions, 'paths' | 'noStore'> => {
    const g = common();
    return {
      configPath: g.config,
      env: io.env,
      cwd: io.cwd,
      logger: stderrLogger(g.logLevel, io.stderr),
      concurrency: g.concurrency,
    };
  };

  program
    .command('check')
    .description('find image references and report newer versions')
    .argument('[paths...]', 'directories to scan', [])
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(['table', 'json', 'markdown'])
        .default('table'),
    )
    .option(
      '--fail-on <what>',
      'exit 1 when there are updates: updates, major, minor, patch, digest, pin (comma-separated)',
    )
    .option('--refresh', 'ignore cached registry answers', false)
    .option('--no-store', 'do not read or write the state database')
    .option('--docker', 'check running containers (with PATHs: those too)', false)
    .option(
      '--vulnerabilities',
      'scan each current image and candidate: what every update fixes and introduces (pulls layers; default: scan.inCheck)',
    )
    .option('--no-vulnerabilities', 'do not scan, whatever scan.inCheck says')
    .option(
      '--host <name>',
      'with --docker: only this Docker host from docker.hosts (repeatable)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action(
      async (
        paths: string[],
        opts: {
          format: string;
          failOn?: string;
          refresh: boolean;
          store: boolean;
          docker: boolean;
          host?: string[];
          vulnerabilities?: boolean;
        },
      ) => {
        exitCode = await checkCommand(paths, opts, contextOptions(), {
          stdout: io.stdout,
          stderr: io.stderr,
          color,
        });
      },
    );

  program
    .command('apply')
    .description('rewrite files to the chosen updates, byte for byte outside the replaced text')
    .argument('[paths...]', 'directories to scan', [])
    .option('--type <types>', 'update types to apply: patch, minor, major, digest, pin (comma-separated)')
    .option(
      '--only <image>',
      'only images matching this name or glob (familiar or full name; repeatable)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--pin-digests', 'write tag@sha256:… for every applied reference', false)
    .option('--dry-run', 'print a unified diff and write nothing', false)
    .option('--branch <name>', 'create this branch from HEAD with one commit per update (never pushed)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--refresh', 'ignore cached registry answers', false)
    .option('--no-store', 'do not read or write the state database')
    .action(
      async (
        paths: string[],
        opts: {
          format: string;
          type?: string;
          only?: string[];
          pinDigests: boolean;
          dryRun: boolean;
          branch?: string;
          refresh: boolean;
          store: boolean;
        },
      ) => {
        exitCode = await applyCommand(paths, opts, contextOptions(), {
          stdout: io.stdout,
          stderr: io.stderr,
        });
      },
    );

  registerRolloutCommands(program, {
    stdout: io.stdout,
    contextOptions,
    setExitCode: (code) => {
      exitCode = code;
    },
  });

  registerScanCommands(program, {
    stdout: io.stdout,
    stderr: io.stderr,
    color,
    contextOptions,
    setExitCode: (code) => {
      exitCode = code;
    },
  });

  try {
    await program.parseAsync([...io.argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return ExitCode.ok;
      if (e.code === 'shipshape.invalidArgument') io.stderr.write(`error: ${e.message}\n`);
      return ExitCode.usage;
    }
    if (isShipshapeError(e)) {
      io.stderr.write(`error: ${e.message}\n`);
      if (e.code === 'USAGE' || e.code === 'CONFIG_INVALID' || e.code === 'INVALID_REFERENCE')
        return ExitCode.usage;
      return ExitCode.unresolved;
    }
    // A bug: say so plainly, with the stack only when asked for.
    const err = e as Error;
    io.stderr.write(`internal error: ${err.message}\n`);
    if (io.env['SHIPSHAPE_DEBUG']) io.stderr.write(`${err.stack ?? ''}\n`);
    else
      io.stderr.write(
        'This is a bug in Shipshape; rerun with SHIPSHAPE_DEBUG=1 for details and report it.\n',
      );
    return 70;
  }
}
