/**
 * The subset of the OSV schema (https://ossf.github.io/osv-schema/) Shipshape reads, after parsing:
 * absent arrays are empty, absent strings are null, events are tagged.
 */
import type { Severity } from '../vuln/types.js';

export type OsvEventKind = 'introduced' | 'fixed' | 'last_affected' | 'limit';

export interface OsvEvent {
  readonly kind: OsvEventKind;
  readonly version: string;
}

/** `ECOSYSTEM`, `SEMVER` or `GIT` (the last is kept by the parser and ignored by evaluation). */
export interface OsvRange {
  readonly type: string;
  readonly events: readonly OsvEvent[];
}

export interface OsvSeverityEntry {
  /** `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `Ubuntu`, … */
  readonly type: string;
  readonly score: string;
}

export type JsonObject = Readonly<Record<string, unknown>>;

export interface OsvAffected {
  readonly package: { readonly ecosystem: string; readonly name: string; readonly purl: string | null };
  readonly severity: readonly OsvSeverityEntry[];
  readonly ranges: readonly OsvRange[];
  readonly versions: readonly string[];
  readonly ecosystemSpecific: JsonObject | null;
  readonly databaseSpecific: JsonObject | null;
}

export interface OsvRecord {
  readonly id: string;
  readonly aliases: readonly string[];
  /** `summary`, or the first line of `details` when there is no summary. */
  readonly summary: string | null;
  readonly modified: string;
  readonly published: string | null;
  readonly withdrawn: string | null;
  readonly severity: readonly OsvSeverityEntry[];
  readonly affected: readonly OsvAffected[];
  readonly databaseSpecific: JsonObject | null;
}

export interface CvssScore {
  readonly score: number;
  readonly vector: string | null;
}

export interface SeverityAssessment {
  readonly severity: Severity;
  readonly cvss: CvssScore | null;
}

/**
 * One `affected[]` entry as the advisory database stores it: the package key, the evaluable ranges and
 * versions, and the severity already assessed for this package at load time.
 */
export interface AffectedRow {
  readonly id: string;
  readonly aliases: readonly string[];
  readonly summary: string | null;
  readonly ecosystem: string;
  /** Normalized with `normalizePackageName`. */
  readonly name: string;
  readonly ranges: readonly OsvRange[];
  readonly versions: readonly string[];
  readonly severity: Severity;
  readonly cvss: CvssScore | null;
}
