import { recoverOperations } from '../app/recover.js';
import { createRolloutContext, type ContextOptions } from '../main.js';
import { exitCodeOf, formatRolloutTable, parseRolloutFormat } from './update-format.js';

export interface RecoverCommandOptions {
  readonly force: boolean;
  readonly format: string;
  /** A Docker host from docker.hosts (default: the first, or the local engine). */
  readonly host?: string | undefined;
}

export async function recoverCommand(
  target: string | undefined,
  options: RecoverCommandOptions,
  context: Omit<ContextOptions, 'paths' | 'noStore'>,
  io: { stdout: NodeJS.WritableStream },
): Promise<number> {
  const format = parseRolloutFormat(options.format);
  const ctx = await createRolloutContext({ ...context, dockerHost: options.host });
  let results;
  try {
    results = await recoverOperations(ctx.deps, {
      host: ctx.host,
      force: options.force,
      ...(target !== undefined ? { target } : {}),
    });
  } finally {
    await ctx.close();
  }
  const report = { schemaVersion: 1 as const, results };
  io.stdout.write(
    format === 'json'
      ? JSON.stringify(report, null, 2) + '\n'
      : formatRolloutTable(report, 'Nothing to recover.'),
  );
  return exitCodeOf(results);
}
