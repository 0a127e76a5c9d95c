import { SEVERITY_RANK as RANK } from '../vuln/severity.js';
import { SEVERITIES, type Severity, type SeverityCounts } from '../vuln/types.js';
import { formatDuration } from './duration.js';
import { compileTagPattern, firstMatch } from './patterns.js';
import type {
  BlockLevel,
  CandidateFacts,
  Decision,
  PolicySettings,
  PolicySubject,
  ResolvedPolicy,
  SettingsOrigin,
} from './types.js';

/**
 * Judges one candidate against resolved settings. Every refusal is listed, not just the first.
 *
 * Reasons name the rule that set the deciding field. Pass `origin` (from resolvePolicy) for exact
 * attribution; without it a field is attributed to the matched rules, or to the policy defaults
 * when none matched.
 *
 * With `candidate.vulnerabilities`: `blockIntroduced` holds a candidate that introduces findings at or
 * above the level, and `securityBypassesAge` lets one that fixes high or critical findings through the
 * minimum release age (a note says so).
 */
export function decide(
  settings: PolicySettings,
  matchedRules: readonly number[],
  candidate: CandidateFacts,
  now: Date,
  origin?: SettingsOrigin,
): Decision {
  const by = (field: keyof PolicySettings): string => attribution(field, matchedRules, origin);

  if (!settings.enabled) {
    return { candidate, allowed: false, reasons: [`skipped: disabled ${by('enabled')}`] };
  }

  const refusals: string[] = [];
  const notes: string[] = [];

  if (candidate.type === 'pin') {
    if (!settings.pinDigests)
      refusals.push(`update type pin not allowed ${by('pinDigests')} (pinDigests is off)`);
  } else if (!settings.updateTypes.includes(candidate.type)) {
    refusals.push(`update type ${candidate.type} not allowed ${by('updateTypes')}`);
  }

  if (candidate.tag !== null) {
    if (settings.include.length > 0 && firstMatch(settings.include, candidate.tag) === null) {
      refusals.push(`not included ${by('include')} include ${settings.include.join(', ')}`);
    }
    const excludedBy = firstMatch(settings.exclude, candidate.tag);
    if (excludedBy !== null) refusals.push(`excluded ${by('exclude')} exclude ${excludedBy}`);
  }

  if (settings.minimumReleaseAgeMs > 0) {
    const [label, released] =
      candidate.created !== null
        ? (['released', candidate.created] as const)
        : (['first seen', candidate.firstSeen] as const);
    if (released === null) {
      notes.push('age unknown');
    } else if (now.getTime() - released.getTime() < settings.minimumReleaseAgeMs) {
      const securityFixes = severe(candidate.vulnerabilities?.fixed, 'high');
      if (settings.securityBypassesAge && securityFixes !== '') {
        notes.push(`age hold skipped: fixes ${securityFixes}`);
      } else {
        const day = released.toISOString().slice(0, 10);
        refusals.push(`held: younger than ${formatDuration(settings.minimumReleaseAgeMs)} (${label} ${day})`);
      }
    }
  }

  const introduced = blocked(settings.blockIntroduced, candidate);
  if (introduced !== null) refusals.push(`held: introduces ${introduced}`);

  return { candidate, allowed: refusals.length === 0, reasons: [...refusals, ...notes] };
}

/** "1 critical, 2 high": the counts at `threshold` or worse, worst first; "" when there are none. */
function severe(counts: SeverityCounts | undefined, threshold: Severity): string {
  if (counts === undefined) return '';
  return SEVERITIES.filter((s) => RANK[s] >= RANK[threshold] && counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
}

const NAMED_IDS = 3;

/** "1 critical (CVE-2024-1)" when the candidate introduces findings at `level` or worse, else null. */
function blocked(level: BlockLevel, candidate: CandidateFacts): string | null {
  const vulns = candidate.vulnerabilities;
  if (level === 'none' || vulns === undefined) return null;
  const counts = severe(vulns.introduced, level);
  if (counts === '') return null;
  const ids = (vulns.introducedFindings ?? [])
    .filter((f) => RANK[f.severity] >= RANK[level])
    .map((f) => f.id);
  if (ids.length === 0) return counts;
  const more = ids.length > NAMED_IDS ? `, +${ids.length - NAMED_IDS} more` : '';
  return `${counts} (${ids.slice(0, NAMED_IDS).join(', ')}${more})`;
}

/** "fixes 2 critical, 1 high" for a candidate's reasons: every fixed severity, worst first. */
export function fixesText(counts: SeverityCounts): string {
  const text = severe(counts, 'unknown');
  return text === '' ? '' : `fixes ${text}`;
}

function attribution(
  field: keyof PolicySettings,
  matchedRules: readonly number[],
  origin?: SettingsOrigin,
): string {
  if (origin !== undefined) {
    const rule = origin[field];
    if (typeof rule === 'string') return `by ${rule}`;
    return rule === null ? 'by policy defaults' : `by rule #${rule}`;
  }
  if (matchedRules.length === 0) return 'by policy defaults';
  if (matchedRules.length === 1) return `by rule #${matchedRules[0]}`;
  return `by rules ${matchedRules.map((n) => `#${n}`).join(', ')}`;
}

/** The include/exclude patterns as a tag predicate, e.g. for versioning's findCandidates. */
export function tagFilter(settings: PolicySettings): (tag: string) => boolean {
  const include = settings.include.map(compileTagPattern);
  const exclude = settings.exclude.map(compileTagPattern);
  return (tag) =>
    (include.length === 0 || include.some((re) => re.test(tag))) && !exclude.some((re) => re.test(tag));
}

/** The group related updates travel in: the explicit group name, else null (each update alone). */
export function groupKey(settings: PolicySettings, _image: PolicySubject['image']): string | null {
  return settings.group;
}

/** Why a reference is skipped before any lookup ("skipped: ignored by policy.ignore busybox"), or null. */
export function skipReason(resolved: ResolvedPolicy): string | null {
  if (resolved.ignoredBy !== null) return `skipped: ignored by policy.ignore ${resolved.ignoredBy}`;
  if (!resolved.settings.enabled) {
    return `skipped: disabled ${attribution('enabled', resolved.matchedRules, resolved.origin)}`;
  }
  return null;
}
