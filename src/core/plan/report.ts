/**
 * The `check` report: the JSON document `shipshape check --format json` prints (schemaVersion 1).
 * A contract other tools rely on: extend, never rename. Schema: docs/check-report.schema.json.
 */
import type { FileReferenceKind } from '../../ports/source.js';
import type { VulnerabilityDelta } from '../vuln/types.js';

export type ReferenceKind = FileReferenceKind | 'container';
export type ReferenceStatus = 'up-to-date' | 'update-available' | 'skipped' | 'error';
export type ReportUpdateType = 'major' | 'minor' | 'patch' | 'digest' | 'pin';

/** Findings fixed and introduced by moving from the current image to the candidate, per severity. */
export type ReportVulnerabilities = VulnerabilityDelta;

export interface ReportUpdate {
  readonly type: ReportUpdateType;
  readonly tag: string | null;
  readonly digest: string | null;
  /** Why it is allowed or held; an update held by policy is not listed, its reason goes to `held`. */
  readonly reasons: readonly string[];
  /**
   * Extension (`check --vulnerabilities`, `scan.inCheck`): the vulnerability delta; null when a scan failed
   * (a reason says why). Absent when scanning is off or the candidate was not scanned.
   */
  readonly vulnerabilities?: ReportVulnerabilities | null;
  /** Extension (`policy.preferFixes`): the update apply chooses, because it fixes the most. */
  readonly preferred?: boolean;
}

export interface ReportHeld {
  readonly type: ReportUpdateType;
  readonly tag: string | null;
  readonly digest: string | null;
  readonly reasons: readonly string[];
  /** Extension: as on ReportUpdate. */
  readonly vulnerabilities?: ReportVulnerabilities | null;
}

export interface ReportReference {
  readonly file: string | null;
  readonly line: number | null;
  readonly kind: ReferenceKind;
  readonly image: string;
  readonly registry: string | null;
  readonly repository: string | null;
  readonly tag: string | null;
  readonly digest: string | null;
  readonly status: ReferenceStatus;
  readonly updates: readonly ReportUpdate[];
  readonly error: string | null;
  /** Extension: why a reference was skipped (ignored, disabled, unresolved variable, mutable tag without digest). */
  readonly skipReason?: string | null;
  /** Extension: candidates that exist but policy holds back (min release age, excluded types). */
  readonly held?: readonly ReportHeld[];
  /** Extension: 1-based column of the reference in the file. */
  readonly column?: number | null;
  /** Extension: container name and host for `kind: "container"`. */
  readonly container?: string;
  readonly host?: string;
}

export interface ReportSummary {
  readonly references: number;
  readonly updateAvailable: number;
  readonly upToDate: number;
  readonly skipped: number;
  readonly errors: number;
}

export interface ReportProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface CheckReport {
  readonly schemaVersion: 1;
  readonly references: readonly ReportReference[];
  readonly summary: ReportSummary;
  /** Extension: files that could not be parsed (the scan went on). */
  readonly problems?: readonly ReportProblem[];
}

export function summarize(references: readonly ReportReference[]): ReportSummary {
  let updateAvailable = 0;
  let upToDate = 0;
  let skipped = 0;
  let errors = 0;
  for (const r of references) {
    if (r.status === 'update-available') updateAvailable++;
    else if (r.status === 'up-to-date') upToDate++;
    else if (r.status === 'skipped') skipped++;
    else errors++;
  }
  return { references: references.length, updateAvailable, upToDate, skipped, errors };
}
