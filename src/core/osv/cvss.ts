/**
 * CVSS base scores from vector strings: v3.0 and v3.1 (specification § 7.1 and Appendix A, with each
 * version's own Roundup) and v2 (§ 3.2.1). v4.0 is a table look-up, not a formula: see cvss4.ts.
 */

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

export interface CvssResult {
  readonly version: CvssVersion;
  readonly score: number;
}

function parseMetrics(parts: readonly string[]): Map<string, string> | null {
  const metrics = new Map<string, string>();
  for (const part of parts) {
    const colon = part.indexOf(':');
    if (colon <= 0) return null;
    const key = part.slice(0, colon);
    if (metrics.has(key)) return null; // the specification forbids repeated metrics
    metrics.set(key, part.slice(colon + 1));
  }
  return metrics;
}

function weight(
  metrics: Map<string, string>,
  key: string,
  table: Readonly<Record<string, number>>,
): number | null {
  const value = metrics.get(key);
  if (value === undefined) return null;
  return Object.hasOwn(table, value) ? table[value]! : null;
}

const V3 = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  PR_U: { N: 0.85, L: 0.62, H: 0.27 },
  PR_C: { N: 0.85, L: 0.68, H: 0.5 },
  UI: { N: 0.85, R: 0.62 },
  S: { U: 0, C: 1 },
  CIA: { H: 0.56, L: 0.22, N: 0 },
} as const;

/** CVSS v3.1 Roundup (Appendix A): integer arithmetic avoids floating-point surprises such as 4.000001 → 4.1. */
function roundUp31(value: number): number {
  const scaled = Math.round(value * 100_000);
  if (scaled % 10_000 === 0) return scaled / 100_000;
  return (Math.floor(scaled / 10_000) + 1) / 10;
}

/** CVSS v3.0 Roundup: the smallest number, to one decimal place, equal to or higher than the input. */
function roundUp30(value: number): number {
  return Math.ceil(value * 10) / 10;
}

/** Base score of a `CVSS:3.0/…` or `CVSS:3.1/…` vector; null when it is not a valid v3 base vector. */
export function cvss3BaseScore(vector: string): CvssResult | null {
  const [prefix, ...parts] = vector.trim().split('/');
  const version = prefix === 'CVSS:3.1' ? '3.1' : prefix === 'CVSS:3.0' ? '3.0' : null;
  if (version === null) return null;
  const metrics = parseMetrics(parts);
  if (metrics === null) return null;
  const scope = weight(metrics, 'S', V3.S);
  const av = weight(metrics, 'AV', V3.AV);
  const ac = weight(metrics, 'AC', V3.AC);
  const pr = weight(metrics, 'PR', scope === 1 ? V3.PR_C : V3.PR_U);
  const ui = weight(metrics, 'UI', V3.UI);
  const c = weight(metrics, 'C', V3.CIA);
  const i = weight(metrics, 'I', V3.CIA);
  const a = weight(metrics, 'A', V3.CIA);
  if (scope === null || av === null || ac === null || pr === null || ui === null) return null;
  if (c === null || i === null || a === null) return null;

  const iss = 1 - (1 - c) * (1 - i) * (1 - a);
  const impact = scope === 1 ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability = 8.22 * av * ac * pr * ui;
  const roundUp = version === '3.1' ? roundUp31 : roundUp30;
  let score = 0;
  if (impact > 0) {
    score =
      scope === 1
        ? roundUp(Math.min(1.08 * (impact + exploitability), 10))
        : roundUp(Math.min(impact + exploitability, 10));
  }
  return { version, score };
}

const V2 = {
  AV: { L: 0.395, A: 0.646, N: 1.0 },
  AC: { H: 0.35, M: 0.61, L: 0.71 },
  Au: { M: 0.45, S: 0.56, N: 0.704 },
  CIA: { N: 0, P: 0.275, C: 0.66 },
} as const;

/** Base score of a CVSS v2 vector (`AV:N/AC:L/Au:N/C:P/I:P/A:P`, optionally wrapped in parentheses). */
export function cvss2BaseScore(vector: string): CvssResult | null {
  const body = vector.trim().replace(/^\((.*)\)$/, '$1');
  const parts = body.split('/').filter((part) => !part.startsWith('CVSS:'));
  const metrics = parseMetrics(parts);
  if (metrics === null) return null;
  const av = weight(metrics, 'AV', V2.AV);
  const ac = weight(metrics, 'AC', V2.AC);
  const au = weight(metrics, 'Au', V2.Au);
  const c = weight(metrics, 'C', V2.CIA);
  const i = weight(metrics, 'I', V2.CIA);
  const a = weight(metrics, 'A', V2.CIA);
  if (av === null || ac === null || au === null || c === null || i === null || a === null) return null;

  const impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a));
  const exploitability = 20 * av * ac * au;
  const f = impact === 0 ? 0 : 1.176;
  const raw = (0.6 * impact + 0.4 * exploitability - 1.5) * f;
  // "round_to_1_decimal"; the epsilon keeps x.x5 from rounding down through binary representation.
  const score = Math.round(raw * 10 + 1e-9) / 10;
  return { version: '2.0', score: Math.max(0, score) };
}
