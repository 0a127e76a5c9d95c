import { runHistory, type HistoryReport } from '../app/history.js';
import { openHistory, type ContextOptions } from '../main.js';
import { parseRolloutFormat } from './update-format.js';

export interface HistoryCommandOptions {
  readonly format: string;
  readonly limit?: number | undefined;
}

export function formatHistoryTable(report: HistoryReport): string {
  if (report.entries.length === 0) return 'No updates recorded.\n';
  const lines: string[] = [];
  for (const e of report.entries) {
    const to = e.to === null ? '' : ` → ${e.to.image}`;
    lines.push(`${e.finishedAt}  ${e.target}  ${e.action} ${e.status}  ${e.from.image}${to}`);
    const digests = [e.from.digest, e.to?.digest].filter(Boolean).map((d) => d!.slice(0, 19));
    if (digests.length > 0) lines.push(`    ${digests.join(' → ')}`);
    if (e.reason) lines.push(`    ${e.reason}`);
  }
  return lines.join('\n') + '\n';
}

export async function historyCommand(
  target: string | undefined,
  options: HistoryCommandOptions,
  context: Omit<ContextOptions, 'paths' | 'noStore'>,
  io: { stdout: NodeJS.WritableStream },
): Promise<number> {
  const format = parseRolloutFormat(options.format);
  const history = await openHistory(context);
  let report: HistoryReport;
  try {
    report = await runHistory(history, {
      ...(target !== undefined ? { target } : {}),
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
    });
  } finally {
    await history.close();
  }
  io.stdout.write(format === 'json' ? JSON.stringify(report, null, 2) + '\n' : formatHistoryTable(report));
  return 0;
}
