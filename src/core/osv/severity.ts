/**
 * One severity per (advisory, package): a CVSS vector scored here when there is one, else the
 * database's own word (Ubuntu priority, Debian urgency, GHSA severity).
 */
import type { Severity } from '../vuln/types.js';
import { cvss2BaseScore, cvss3BaseScore } from './cvss.js';
import { cvss4BaseScore } from './cvss4.js';
import type { JsonObject, OsvAffected, OsvRecord, OsvSeverityEntry, SeverityAssessment } from './types.js';

/** critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0, low > 0, else unknown. */
export function scoreToSeverity(score: number): Severity {
  if (!Number.isFinite(score) || score <= 0) return 'unknown';
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

const TEXT_LEVELS: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  high: 'high',
  important: 'high', // Red Hat, SUSE
  moderate: 'medium', // GHSA
  medium: 'medium',
  low: 'low',
  negligible: 'low', // Ubuntu
  unimportant: 'low', // Debian urgency
};

/** A textual severity as databases spell it; "not yet assigned", "end-of-life" and the like are unknown. */
export function textToSeverity(text: string): Severity {
  const word = text
    .trim()
    .toLowerCase()
    .replace(/[^a-z]+$/, ''); // Debian marks unconfirmed urgencies as "low**"
  return TEXT_LEVELS[word] ?? 'unknown';
}

/**
 * Vector types in the order they are trusted: v3 first (what most databases and scanners still score
 * by, so severities stay comparable), then v4.0 (advisories published with only a v4 vector), v2 last
 * (coarse).
 */
const VECTOR_ORDER = ['CVSS_V3', 'CVSS_V4', 'CVSS_V2'] as const;

function scoreVector(entry: OsvSeverityEntry): number | null {
  if (entry.type === 'CVSS_V3') return cvss3BaseScore(entry.score)?.score ?? null;
  if (entry.type === 'CVSS_V4') return cvss4BaseScore(entry.score)?.score ?? null;
  if (entry.type === 'CVSS_V2') return cvss2BaseScore(entry.score)?.score ?? null;
  return null;
}

function fromVectors(entries: readonly OsvSeverityEntry[]): SeverityAssessment | null {
  for (const type of VECTOR_ORDER) {
    // Highest score among vectors of the same type (e.g. both a 3.0 and a 3.1 vector from two sources).
    let best: { score: number; vector: string } | null = null;
    for (const entry of entries) {
      if (entry.type !== type) continue;
      const score = scoreVector(entry);
      if (score !== null && (best === null || score > best.score)) best = { score, vector: entry.score };
    }
    if (best !== null) return { severity: scoreToSeverity(best.score), cvss: best };
  }
  return null;
}

function textField(obj: JsonObject | null, keys: readonly string[]): Severity {
  if (obj === null) return 'unknown';
  for (const key of keys) {
    const value = obj[key];
    if (typeof value === 'string') {
      const level = textToSeverity(value);
      if (level !== 'unknown') return level;
    }
  }
  return 'unknown';
}

const TEXT_KEYS = ['severity', 'urgency'] as const;

/**
 * Severity of `record` for one affected package: package-level `severity[]` replaces the top level
 * (the schema allows only one of them), CVSS v3 before v4.0 before v2; then Ubuntu priorities, then
 * `ecosystem_specific` / `database_specific` `severity` or `urgency` of the package, then of the record.
 */
export function assessSeverity(record: OsvRecord, affected?: OsvAffected): SeverityAssessment {
  const entries =
    affected !== undefined && affected.severity.length > 0 ? affected.severity : record.severity;
  const scored = fromVectors(entries);
  if (scored !== null) return scored;

  const candidates: Severity[] = [
    ...entries.filter((entry) => entry.type === 'Ubuntu').map((entry) => textToSeverity(entry.score)),
    textField(affected?.ecosystemSpecific ?? null, TEXT_KEYS),
    textField(affected?.databaseSpecific ?? null, TEXT_KEYS),
    textField(record.databaseSpecific, TEXT_KEYS),
  ];
  return { severity: candidates.find((level) => level !== 'unknown') ?? 'unknown', cvss: null };
}
