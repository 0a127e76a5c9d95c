/** Use case `history [TARGET]`: every update, rollback, recovery and failure, newest first. */
import type { HistoryEntry, History } from '../ports/history.js';

/** What `history --format json` prints (schemaVersion 1). Extend, never rename. */
export interface HistoryReport {
  readonly schemaVersion: 1;
  readonly entries: readonly HistoryReportEntry[];
}

export interface HistoryReportEntry {
  readonly target: string;
  readonly kind: HistoryEntry['kind'];
  readonly host: string;
  readonly action: HistoryEntry['action'];
  readonly status: HistoryEntry['status'];
  readonly from: HistoryEntry['from'];
  readonly to: HistoryEntry['to'];
  readonly reason: string | null;
  /** ISO 8601 */
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly steps: HistoryEntry['steps'];
  readonly previousTag: string | null;
}

export async function runHistory(
  history: History,
  filter: { readonly target?: string; readonly host?: string; readonly limit?: number },
): Promise<HistoryReport> {
  const entries = await history.list(filter);
  return {
    schemaVersion: 1,
    entries: entries.map((e) => ({
      target: e.target,
      kind: e.kind,
      host: e.host,
      action: e.action,
      status: e.status,
      from: e.from,
      to: e.to,
      reason: e.reason,
      startedAt: new Date(e.startedAt).toISOString(),
      finishedAt: new Date(e.finishedAt).toISOString(),
      steps: e.steps,
      previousTag: e.previousTag,
    })),
  };
}
