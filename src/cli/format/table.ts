import type { CheckReport, ReportReference, ReportUpdate } from '../../core/plan/report.js';
import { deltaBadge, totalCount } from '../../core/vuln/index.js';

const STATUS_MARK: Record<ReportReference['status'], string> = {
  'update-available': '↑',
  'up-to-date': '✓',
  skipped: '-',
  error: '✗',
};

export function describeUpdate(u: ReportUpdate): string {
  const target = u.type === 'digest' || u.type === 'pin' ? (u.digest ?? '').slice(0, 19) : (u.tag ?? '');
  const badge = vulnerabilityBadge(u);
  return [`${u.type} ${target}`.trim(), badge, u.preferred ? '(preferred)' : ''].filter(Boolean).join(' ');
}

/** "[fixes 2C 1H]", "[fixes 1C · adds 1M]", "[no vuln change]", "[vulns unknown]"; "" when not scanned. */
export function vulnerabilityBadge(u: Pick<ReportUpdate, 'vulnerabilities'>): string {
  const v = u.vulnerabilities;
  if (v === undefined) return '';
  if (v === null) return '[vulns unknown]';
  // deltaBadge's "no vulnerability change" is too long for a table cell.
  return totalCount(v.fixed) + totalCount(v.introduced) === 0 ? '[no vuln change]' : `[${deltaBadge(v)}]`;
}

function location(r: ReportReference): string {
  if (r.container !== undefined) return `${r.host ?? 'local'}/${r.container}`;
  return r.line !== null ? `:${r.line}` : '';
}

function detail(r: ReportReference): string {
  if (r.status === 'update-available') return r.updates.map(describeUpdate).join(', ');
  if (r.status === 'error') return r.error ?? 'error';
  if (r.status === 'skipped') return `skipped: ${r.skipReason ?? ''}`.trim();
  const held = r.held?.map((h) => `${h.type} ${h.tag ?? ''} held (${h.reasons.join('; ')})`).join(', ');
  return held ? `up to date; ${held}` : 'up to date';
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** Human-readable table, grouped by file (or host for containers). */
export function formatTable(report: CheckReport, options: { color?: boolean } = {}): string {
  const paint = (code: string, s: string): string => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const groups = new Map<string, ReportReference[]>();
  for (const r of report.references) {
    const key = r.file ?? `containers on ${r.host ?? 'local'}`;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const lines: string[] = [];
  const imageWidth = Math.min(60, Math.max(10, ...report.references.map((r) => r.image.length)));
  for (const [file, refs] of groups) {
    lines.push(paint('1', file));
    for (const r of refs) {
      const mark = STATUS_MARK[r.status];
      const colored =
        r.status === 'update-available'
          ? paint('33', mark)
          : r.status === 'error'
            ? paint('31', mark)
            : r.status === 'up-to-date'
              ? paint('32', mark)
              : mark;
      lines.push(`  ${colored} ${pad(location(r), 6)} ${pad(r.image, imageWidth)}  ${detail(r)}`);
    }
  }
  for (const p of report.problems ?? [])
    lines.push(paint('31', `✗ ${p.file}:${p.line}:${p.column}: ${p.message}`));
  const s = report.summary;
  lines.push('');
  lines.push(
    `${s.references} references: ${s.updateAvailable} with updates, ${s.upToDate} up to date, ${s.skipped} skipped, ${s.errors} errors` +
      (report.problems?.length ? `; ${report.problems.length} files could not be parsed` : ''),
  );
  return lines.join('\n') + '\n';
}
