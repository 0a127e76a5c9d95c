import { runRollback } from '../app/rollback.js';
import { ROLLOUT_DEFAULTS } from '../core/rollout/settings.js';
import { createRolloutContext, type ContextOptions } from '../main.js';
import { parseStable } from './update-command.js';
import { exitCodeOf, formatRolloutTable, parseRolloutFormat } from './update-format.js';

export interface RollbackCommandOptions {
  readonly to?: string | undefined;
  readonly keep: number;
  readonly stable?: string | undefined;
  readonly format: string;
  /** A Docker host from docker.hosts (default: the first, or the local engine). */
  readonly host?: string | undefined;
}

export async function rollbackCommand(
  target: string,
  options: RollbackCommandOptions,
  context: Omit<ContextOptions, 'paths' | 'noStore'>,
  io: { stdout: NodeJS.WritableStream },
): Promise<number> {
  const format = parseRolloutFormat(options.format);
  const stableMs = parseStable(options.stable);
  const ctx = await createRolloutContext({ ...context, dockerHost: options.host });
  let report;
  try {
    report = await runRollback(ctx.deps, {
      host: ctx.host,
      target,
      to: options.to ?? null,
      keepPrevious: options.keep,
      defaults: { ...ROLLOUT_DEFAULTS, stableMs },
      labelsOptIn: ctx.labelsOptIn,
    });
  } finally {
    await ctx.close();
  }
  io.stdout.write(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : formatRolloutTable(report));
  return exitCodeOf(report.results);
}
