/** The `scan` report as a human-readable table: findings grouped by severity, or the delta and package changes. */
import {
  groupBySeverity,
  severityBadge,
  totalCount,
  type Finding,
  type ScanReport,
  type ScanReportImage,
  type Severity,
  type SeverityCounts,
} from '../core/vuln/index.js';

const COLOR: Readonly<Record<Severity, string>> = {
  critical: '1;31',
  high: '31',
  medium: '33',
  low: '36',
  unknown: '2',
};

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function shorten(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  return colon < 0 ? digest : `${digest.slice(0, colon + 13)}`;
}

export function fixText(f: Finding): string {
  switch (f.fixState) {
    case 'fixed':
      return f.fixedVersions.length > 0 ? `fixed in ${f.fixedVersions.join(', ')}` : 'fixed';
    case 'not-fixed':
      return 'no fix yet';
    case 'wont-fix':
      return "won't fix";
    case 'unknown':
      return f.fixedVersions.length > 0 ? `fixed in ${f.fixedVersions.join(', ')}` : 'fix unknown';
  }
}

function summaryLine(counts: SeverityCounts): string {
  const n = totalCount(counts);
  return `${n} ${n === 1 ? 'vulnerability' : 'vulnerabilities'}: ${counts.critical} critical, ${counts.high} high, ${counts.medium} medium, ${counts.low} low, ${counts.unknown} unknown`;
}

function header(image: ScanReportImage): string {
  const os = image.os
    ? (image.os.prettyName ?? `${image.os.id} ${image.os.versionId ?? ''}`.trim())
    : 'no OS found';
  return [
    image.reference,
    shortDigest(image.digest),
    ...(image.platform !== null ? [image.platform] : []),
    os,
    `${image.packages} packages`,
  ].join('  ');
}

interface Painter {
  (code: string, s: string): string;
}

function findingRows(findings: readonly Finding[], paint: Painter, withSeverity: boolean): string[] {
  const idWidth = Math.min(24, Math.max(...findings.map((f) => f.id.length)));
  const pkgWidth = Math.min(
    48,
    Math.max(...findings.map((f) => `${f.package.name} ${f.package.version}`.length)),
  );
  const fixWidth = Math.min(36, Math.max(...findings.map((f) => fixText(f).length)));
  return findings.map((f) => {
    const severity = withSeverity ? `${paint(COLOR[f.severity], pad(f.severity.toUpperCase(), 8))} ` : '';
    const score = f.cvss !== null ? f.cvss.score.toFixed(1) : '   -';
    return `  ${severity}${pad(f.id, idWidth)}  ${pad(`${f.package.name} ${f.package.version}`, pkgWidth)}  ${pad(
      shorten(fixText(f), fixWidth),
      fixWidth,
    )}  ${pad(score, 4)}  ${shorten(f.summary ?? '', 72)}`.trimEnd();
  });
}

function bySeverity(findings: readonly Finding[], paint: Painter): string[] {
  const lines: string[] = [];
  for (const group of groupBySeverity(findings)) {
    lines.push(paint(COLOR[group.severity], `${group.severity.toUpperCase()} (${group.findings.length})`));
    lines.push(...findingRows(group.findings, paint, false));
  }
  return lines;
}

export function formatScanTable(report: ScanReport, options: { color?: boolean } = {}): string {
  const paint: Painter = (code, s) => (options.color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [paint('1', header(report.image)) + `  (${report.scanner})`];

  if (report.against === null || report.delta === null || report.packageChanges === null) {
    lines.push('');
    if (report.findings.length === 0) lines.push('no vulnerabilities found');
    else lines.push(...bySeverity(report.findings, paint));
    lines.push('', summaryLine(report.summary));
    return lines.join('\n') + '\n';
  }

  const { against, delta, packageChanges: changes } = report;
  lines.push(`against ${header(against)}`);
  lines.push('', paint('1', delta.badge));
  lines.push('', `Fixed (in ${against.reference}, not in ${report.image.reference}): ${delta.fixed.length}`);
  lines.push(...findingRows(delta.fixed, paint, true));
  lines.push(
    `Introduced (in ${report.image.reference}, not in ${against.reference}): ${delta.introduced.length}`,
  );
  lines.push(...findingRows(delta.introduced, paint, true));
  const kept = severityBadge(delta.counts.unchanged);
  lines.push(`Unchanged: ${delta.unchanged.length}${kept ? ` (${kept})` : ''}`);

  lines.push(
    '',
    `Packages: ${changes.upgraded.length} upgraded, ${changes.downgraded.length} downgraded, ${changes.added.length} added, ${changes.removed.length} removed, ${changes.unchanged} unchanged`,
  );
  const width = Math.min(
    40,
    Math.max(
      0,
      ...[...changes.upgraded, ...changes.downgraded, ...changes.added, ...changes.removed].map(
        (p) => p.name.length,
      ),
    ),
  );
  for (const c of changes.upgraded) lines.push(`  ↑ ${pad(c.name, width)}  ${c.from} → ${c.to}`);
  for (const c of changes.downgraded) lines.push(`  ↓ ${pad(c.name, width)}  ${c.from} → ${c.to}`);
  for (const p of changes.added) lines.push(`  + ${pad(p.name, width)}  ${p.version}`);
  for (const p of changes.removed) lines.push(`  - ${pad(p.name, width)}  ${p.version}`);

  lines.push('', `${report.image.reference}: ${summaryLine(report.summary)}`);
  lines.push(`${against.reference}: ${summaryLine(against.summary)}`);
  return lines.join('\n') + '\n';
}
