/**
 * Vulnerabilities in the plan: which images the app must scan for a subject, how a scan result becomes
 * a candidate's facts and report field, and `preferFixes`. Pure: the app scans, the plan receives deltas.
 */
import { fixesText, tagFilter, type CandidateVulnerabilities, type PolicySettings } from '../policy/index.js';
import { findCandidates, type Versioning } from '../versioning/index.js';
import { SEVERITIES, type SeverityCounts } from '../vuln/types.js';
import type { ReportUpdate, ReportUpdateType, ReportVulnerabilities } from './report.js';

/** What `SubjectFacts.vulnerabilitiesOf` answers: a delta, a failed scan, or null when not scanned. */
export type VulnerabilityAnswer = CandidateVulnerabilities | { readonly error: string } | null;

/** The subject fields these helpers need (a structural subset of plan's Subject). */
export interface ScanSubject {
  readonly tag: string;
  readonly digest: string | null;
  readonly pinnable: boolean;
  readonly mode: 'version' | 'digest';
  readonly versioning: Versioning;
  readonly settings: PolicySettings;
}

/** The image a reference runs now: its digest when it has one (written or running), else its tag. */
export function currentReference(subject: Pick<ScanSubject, 'tag' | 'digest'>): string {
  return subject.digest ?? subject.tag;
}

/**
 * The candidate tags whose vulnerabilities `assemble` will use: version candidates of a type policy
 * allows, and the tag itself when it now points at another digest. Pins change no image, and a type
 * policy refuses anyway is not worth pulling layers for.
 */
export function scanCandidates(
  subject: ScanSubject,
  tags: readonly string[] | null,
  currentDigestOfTag: string | null,
): string[] {
  const { settings } = subject;
  const out: string[] = [];
  if (subject.mode === 'version' && tags !== null) {
    for (const c of findCandidates(subject.versioning, subject.tag, tags, tagFilter(settings)))
      if (settings.updateTypes.includes(c.type)) out.push(c.tag);
  }
  const drifted =
    subject.digest !== null && currentDigestOfTag !== null && currentDigestOfTag !== subject.digest;
  if (drifted && settings.updateTypes.includes('digest')) out.push(subject.tag);
  return out;
}

const ZERO: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };

/** A candidate's vulnerability facts for `decide`, its report field and any note, from the app's answer. */
export function vulnerabilityFacts(
  type: ReportUpdateType,
  answer: () => VulnerabilityAnswer,
): {
  facts?: CandidateVulnerabilities;
  field?: { vulnerabilities: ReportVulnerabilities | null };
  note?: string;
} {
  // A pin adds a digest to the reference; the image stays the same.
  if (type === 'pin') return { field: { vulnerabilities: { fixed: ZERO, introduced: ZERO } } };
  const a = answer();
  if (a === null) return {};
  if ('error' in a) return { field: { vulnerabilities: null }, note: `vulnerabilities unknown: ${a.error}` };
  return { facts: a, field: { vulnerabilities: { fixed: a.fixed, introduced: a.introduced } } };
}

const ORDER: Record<ReportUpdateType, number> = { patch: 0, minor: 1, major: 2, digest: 3, pin: 4 };

/** Compares what two candidates fix: more critical first, then more high, and so on. */
function compareFixed(a: SeverityCounts, b: SeverityCounts): number {
  for (const s of SEVERITIES) if (a[s] !== b[s]) return a[s] - b[s];
  return 0;
}

/**
 * `preferFixes`: among the allowed updates with known vulnerabilities, the one that fixes the most severe
 * findings (more critical first, then high, …); of equals, the most conservative (patch before minor
 * before major, then digest). When the newest fixes the most — the usual case — that is the most
 * conservative update that fixes as much as the newest. Marked `preferred` with a reason; apply
 * chooses it. Nothing is marked when no update fixes anything.
 */
export function markPreferred(updates: readonly ReportUpdate[]): ReportUpdate[] {
  const known = updates
    .filter((u): u is ReportUpdate & { vulnerabilities: ReportVulnerabilities } => !!u.vulnerabilities)
    .sort((a, b) => ORDER[a.type] - ORDER[b.type]);
  let best: (typeof known)[number] | undefined;
  for (const u of known)
    if (best === undefined || compareFixed(u.vulnerabilities.fixed, best.vulnerabilities.fixed) > 0) best = u;
  if (best === undefined || compareFixed(best.vulnerabilities.fixed, ZERO) === 0) return [...updates];
  const chosen = best;
  return updates.map((u) =>
    u === chosen
      ? {
          ...u,
          preferred: true,
          reasons: [...u.reasons, `preferred: ${fixesText(chosen.vulnerabilities.fixed)}`],
        }
      : u,
  );
}
