/** Human output and exit codes of `update`, `rollback` and `recover`. */
import type { ImageVersionRef, RolloutResult, UpdateReport } from '../core/rollout/types.js';
import { vulnerabilityBadge } from './format/table.js';
import { ExitCode } from './exit-codes.js';
import { UsageError } from './usage-error.js';

/** Exit codes of the rollout commands (a contract): failed wins over rolled back. */
export const RolloutExitCode = {
  ok: ExitCode.ok,
  usage: ExitCode.usage,
  /** Some target failed: could not be updated (or not restored cleanly). */
  failed: 3,
  /** Some target was rolled back to its previous image (the candidate failed its gate). */
  rolledBack: 4,
} as const;

export function exitCodeOf(results: readonly RolloutResult[]): number {
  if (results.some((r) => r.status === 'failed')) return RolloutExitCode.failed;
  if (results.some((r) => r.status === 'rolled-back')) return RolloutExitCode.rolledBack;
  return RolloutExitCode.ok;
}

export type RolloutFormat = 'table' | 'json';

export function parseRolloutFormat(value: string): RolloutFormat {
  if (value !== 'table' && value !== 'json')
    throw new UsageError(`--format must be table or json (got "${value}")`);
  return value;
}

const SYMBOL: Record<RolloutResult['status'], string> = {
  updated: '✓',
  'rolled-back': '↺',
  skipped: '-',
  failed: '✗',
};

const short = (v: ImageVersionRef | null): string =>
  v === null ? '' : `${v.image}${v.digest && !v.image.includes('@') ? ` (${v.digest.slice(0, 19)})` : ''}`;

/** The target image, with the check's compact vulnerability badge when the check computed one. */
const target = (v: ImageVersionRef): string => [short(v), vulnerabilityBadge(v)].filter(Boolean).join(' ');

export function formatRolloutTable(report: UpdateReport, empty = 'Nothing to update.'): string {
  if (report.results.length === 0) return `${empty}\n`;
  const lines: string[] = [];
  for (const r of report.results) {
    const ms = r.steps.reduce((n, s) => n + s.ms, 0);
    const took = ms > 0 ? ` in ${(ms / 1000).toFixed(1)} s` : '';
    const change = r.to === null ? short(r.from) : `${short(r.from)} → ${target(r.to)}`;
    lines.push(`${SYMBOL[r.status]} ${r.target}  ${r.status}${took}  ${change}`);
    if (r.reason) lines.push(`    ${r.reason}`);
  }
  const count = (s: RolloutResult['status']): number => report.results.filter((r) => r.status === s).length;
  lines.push(
    `${count('updated')} updated, ${count('rolled-back')} rolled back, ${count('skipped')} skipped, ${count('failed')} failed`,
  );
  if (report.dryRun === true) lines.push('Dry run: nothing was pulled, stopped or recorded.');
  return lines.join('\n') + '\n';
}
