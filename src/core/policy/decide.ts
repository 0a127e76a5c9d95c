import { formatDuration } from './duration.js';
import { compileTagPattern, firstMatch } from './patterns.js';
import type {
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
      const day = released.toISOString().slice(0, 10);
      refusals.push(`held: younger than ${formatDuration(settings.minimumReleaseAgeMs)} (${label} ${day})`);
    }
  }

  return { candidate, allowed: refusals.length === 0, reasons: [...refusals, ...notes] };
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
