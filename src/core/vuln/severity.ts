/** Severity order, counts and the short forms tables and badges use. */
import { SEVERITIES, type Finding, type Severity, type SeverityCounts } from './types.js';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
  unknown: 0,
};

/** One letter per severity: "2C 3H 1M". */
export const SEVERITY_LETTER: Readonly<Record<Severity, string>> = {
  critical: 'C',
  high: 'H',
  medium: 'M',
  low: 'L',
  unknown: 'U',
};

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

export function zeroCounts(): Record<Severity, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
}

export function severityCounts(findings: readonly Finding[]): SeverityCounts {
  const counts = zeroCounts();
  for (const f of findings) counts[f.severity]++;
  return counts;
}

export function totalCount(counts: SeverityCounts): number {
  return SEVERITIES.reduce((sum, s) => sum + counts[s], 0);
}

/** Whether `severity` is `threshold` or worse (`unknown` as a threshold means any finding). */
export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

/** Worst first, then advisory id, then package name and version: a stable order for every listing. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    cmp(a.id, b.id) ||
    cmp(a.package.name, b.package.name) ||
    cmp(a.package.version, b.package.version) ||
    cmp(a.package.purl, b.package.purl)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Findings grouped by severity, worst first; severities without findings are left out. */
export function groupBySeverity(
  findings: readonly Finding[],
): { readonly severity: Severity; readonly findings: readonly Finding[] }[] {
  const sorted = [...findings].sort(compareFindings);
  return SEVERITIES.map((severity) => ({
    severity,
    findings: sorted.filter((f) => f.severity === severity),
  })).filter((group) => group.findings.length > 0);
}
