/**
 * CVSS v4.0 scores. The v4.0 score is not a formula: it looks the vector's MacroVector up in FIRST's
 * table of 270 expert-scored values, then interpolates by severity distance. That table and algorithm come
 * from `ae-cvss-calculator` (Apache-2.0, a pure library, a port of FIRST's reference calculator); this
 * module checks the vector strictly first, so only a well-formed vector reaches it.
 */
import cvssCalculator from 'ae-cvss-calculator';
import type { CvssResult } from './cvss.js';

/** The mandatory base metrics and their values (specification § 2, Table 23). */
const BASE: Readonly<Record<string, readonly string[]>> = {
  AV: ['N', 'A', 'L', 'P'],
  AC: ['L', 'H'],
  AT: ['N', 'P'],
  PR: ['N', 'L', 'H'],
  UI: ['N', 'P', 'A'],
  VC: ['H', 'L', 'N'],
  VI: ['H', 'L', 'N'],
  VA: ['H', 'L', 'N'],
  SC: ['H', 'L', 'N'],
  SI: ['H', 'L', 'N'],
  SA: ['H', 'L', 'N'],
};

/** Optional threat, environmental and supplemental metrics; `X` is "not defined" for each. */
const OPTIONAL: Readonly<Record<string, readonly string[]>> = {
  E: ['A', 'P', 'U'],
  CR: ['H', 'M', 'L'],
  IR: ['H', 'M', 'L'],
  AR: ['H', 'M', 'L'],
  MAV: ['N', 'A', 'L', 'P'],
  MAC: ['L', 'H'],
  MAT: ['N', 'P'],
  MPR: ['N', 'L', 'H'],
  MUI: ['N', 'P', 'A'],
  MVC: ['H', 'L', 'N'],
  MVI: ['H', 'L', 'N'],
  MVA: ['H', 'L', 'N'],
  MSC: ['H', 'L', 'N'],
  MSI: ['S', 'H', 'L', 'N'],
  MSA: ['S', 'H', 'L', 'N'],
  S: ['N', 'P'],
  AU: ['N', 'Y'],
  R: ['A', 'U', 'I'],
  V: ['D', 'C'],
  RE: ['L', 'M', 'H'],
  U: ['Clear', 'Green', 'Amber', 'Red'],
};

/** The base metrics of a `CVSS:4.0/…` vector as a base-only vector, or null when it is not valid. */
function baseVector(vector: string): string | null {
  const [prefix, ...parts] = vector.trim().split('/');
  if (prefix !== 'CVSS:4.0') return null;
  const seen = new Map<string, string>();
  for (const part of parts) {
    const colon = part.indexOf(':');
    if (colon <= 0) return null;
    const key = part.slice(0, colon);
    const value = part.slice(colon + 1);
    const allowed = BASE[key] ?? OPTIONAL[key];
    if (allowed === undefined || seen.has(key)) return null;
    if (!allowed.includes(value) && !(key in OPTIONAL && value === 'X')) return null;
    seen.set(key, value);
  }
  const base: string[] = [];
  for (const key of Object.keys(BASE)) {
    const value = seen.get(key);
    if (value === undefined) return null;
    base.push(`${key}:${value}`);
  }
  return `CVSS:4.0/${base.join('/')}`;
}

/**
 * The CVSS-B score (base metrics only, like the v3 base score) of a `CVSS:4.0/…` vector; threat,
 * environmental and supplemental metrics are validated but do not change it. Null when the vector is
 * not a valid v4.0 vector.
 */
export function cvss4BaseScore(vector: string): CvssResult | null {
  const base = baseVector(vector);
  if (base === null) return null;
  try {
    const score = new cvssCalculator.Cvss4P0(base).calculateScores().base;
    return typeof score === 'number' && Number.isFinite(score) ? { version: '4.0', score } : null;
  } catch {
    return null;
  }
}
