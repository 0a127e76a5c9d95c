/** The rollout commands: update, rollback, history, recover. Registered by program.ts. */
import type { Command } from 'commander';
import { CommanderError, Option } from 'commander';
import type { ContextOptions } from '../main.js';
import { ExitCode } from './exit-codes.js';
import { historyCommand } from './history-command.js';
import { recoverCommand } from './recover-command.js';
import { rollbackCommand } from './rollback-command.js';
import { updateCommand } from './update-command.js';

function count(min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min)
      throw new CommanderError(
        ExitCode.usage,
        'shipshape.invalidArgument',
        `expected a whole number ≥ ${min}, got "${value}"`,
      );
    return n;
  };
}

export interface RolloutCommandHost {
  readonly stdout: NodeJS.WritableStream;
  contextOptions(): Omit<ContextOptions, 'paths' | 'noStore'>;
  setExitCode(code: number): void;
}

export function registerRolloutCommands(program: Command, host: RolloutCommandHost): void {
  const format = (): Option =>
    new Option('--format <format>', 'output format').choices(['table', 'json']).default('table');
  const keep = (): Option =>
    new Option('--keep <n>', 'previous images kept as shipshape-previous/<name>:<n>')
      .argParser(count(0))
      .default(3);
  const stable = (): Option =>
    new Option('--stable <duration>', 'default stability window (label shipshape.stable wins)');
  const dockerHost = (): Option =>
    new Option(
      '--host <name>',
      'the Docker host from docker.hosts (default: the first, or the local engine)',
    );
  const io = { stdout: host.stdout };

  program
    .command('update')
    .description('roll running containers forward to their candidates, health-gated, rolled back on failure')
    .argument('[containers...]', 'container names (default: every running container with an update)', [])
    .option('--docker', 'update running containers of the Docker engine', false)
    .option('--to <image>', 'the candidate image for the named containers (instead of checking)')
    .addOption(
      new Option('--parallel <n>', 'independent containers updated at a time').argParser(count(1)).default(1),
    )
    .option(
      '--preflight',
      'start each candidate as a temporary container first (label shipshape.preflight wins)',
      false,
    )
    .addOption(keep())
    .addOption(stable())
    .addOption(dockerHost())
    .addOption(format())
    .option('--no-store', 'keep history in memory only (no recovery after a crash)')
    .option('--dry-run', 'choose and order the candidates, print the plan, change nothing', false)
    .action(
      async (
        names: string[],
        opts: {
          docker: boolean;
          dryRun: boolean;
          to?: string;
          parallel: number;
          preflight: boolean;
          keep: number;
          stable?: string;
          format: string;
          store: boolean;
          host?: string;
        },
      ) => {
        host.setExitCode(await updateCommand(names, opts, host.contextOptions(), io));
      },
    );

  program
    .command('rollback')
    .description('put a container back on its previous image (or --to REF), through the same safe path')
    .argument('<target>', 'container name')
    .option('--to <image>', 'roll back to this image instead of the recorded previous one')
    .addOption(keep())
    .addOption(stable())
    .addOption(dockerHost())
    .addOption(format())
    .action(
      async (
        target: string,
        opts: { to?: string; keep: number; stable?: string; format: string; host?: string },
      ) => {
        host.setExitCode(await rollbackCommand(target, opts, host.contextOptions(), io));
      },
    );

  program
    .command('history')
    .description('updates, rollbacks, recoveries and failures, newest first')
    .argument('[target]', 'only this container or service')
    .addOption(new Option('--limit <n>', 'at most this many entries').argParser(count(1)))
    .addOption(format())
    .action(async (target: string | undefined, opts: { format: string; limit?: number }) => {
      host.setExitCode(await historyCommand(target, opts, host.contextOptions(), io));
    });

  program
    .command('recover')
    .description('finish or undo updates an interrupted run left half-done')
    .argument('[target]', 'only this container or service')
    .option('--force', 'also operations whose process still seems to run', false)
    .addOption(dockerHost())
    .addOption(format())
    .action(async (target: string | undefined, opts: { force: boolean; format: string; host?: string }) => {
      host.setExitCode(await recoverCommand(target, opts, host.contextOptions(), io));
    });
}
