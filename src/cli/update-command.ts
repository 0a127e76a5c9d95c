import { runUpdate } from '../app/update.js';
import { parseDuration } from '../core/policy/duration.js';
import { ROLLOUT_DEFAULTS } from '../core/rollout/settings.js';
import { createRolloutContext, type ContextOptions } from '../main.js';
import { exitCodeOf, formatRolloutTable, parseRolloutFormat } from './update-format.js';
import { UsageError } from './usage-error.js';

export interface UpdateCommandOptions {
  readonly docker: boolean;
  readonly to?: string | undefined;
  readonly parallel: number;
  readonly preflight: boolean;
  readonly keep: number;
  readonly stable?: string | undefined;
  readonly format: string;
  /** A Docker host from docker.hosts (default: the first, or the local engine). */
  readonly host?: string | undefined;
  readonly store: boolean;
  /** Choose and order candidates, change nothing. */
  readonly dryRun?: boolean;
}

export function parseStable(value: string | undefined): number {
  if (value === undefined) return ROLLOUT_DEFAULTS.stableMs;
  try {
    return parseDuration(value);
  } catch {
    throw new UsageError(`--stable takes a duration such as 10s or 1m (got "${value}")`);
  }
}

export async function updateCommand(
  names: readonly string[],
  options: UpdateCommandOptions,
  context: Omit<ContextOptions, 'paths' | 'noStore'>,
  io: { stdout: NodeJS.WritableStream },
): Promise<number> {
  if (!options.docker) throw new UsageError('update rolls out running containers: give --docker');
  const format = parseRolloutFormat(options.format);
  const stableMs = parseStable(options.stable);
  if (options.to !== undefined && names.length === 0)
    throw new UsageError('--to needs the names of the containers to update');
  const ctx = await createRolloutContext({ ...context, noStore: !options.store, dockerHost: options.host });
  let report;
  try {
    report = await runUpdate(ctx.deps, {
      host: ctx.host,
      names,
      to: options.to ?? null,
      parallel: options.parallel,
      preflight: options.preflight,
      keepPrevious: options.keep,
      defaults: { ...ROLLOUT_DEFAULTS, stableMs },
      labelsOptIn: ctx.labelsOptIn,
      findCandidates: ctx.findCandidates,
      findServiceCandidates: ctx.findServiceCandidates,
      dryRun: options.dryRun === true,
    });
  } finally {
    await ctx.close();
  }
  io.stdout.write(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : formatRolloutTable(report));
  return exitCodeOf(report.results);
}
