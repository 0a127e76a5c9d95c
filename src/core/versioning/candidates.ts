import { ShipshapeError } from '../errors.js';
import { schemeOf } from './scheme.js';
import type { Candidate, ParsedVersion, Scheme, Versioning } from './types.js';

type ReleaseType = Candidate['type'];

/** The release part that differs first decides; same numbers (`17rc1` → `17`) is a patch, as in Renovate. */
function typeOf(current: ParsedVersion, candidate: ParsedVersion): ReleaseType {
  const length = Math.max(current.release.length, candidate.release.length);
  for (let i = 0; i < length; i += 1) {
    if ((current.release[i] ?? 0) !== (candidate.release[i] ?? 0)) {
      return i === 0 ? 'major' : i === 1 ? 'minor' : 'patch';
    }
  }
  return 'patch';
}

/** Renovate's rule: from a prerelease, other prereleases are allowed within the same major.minor.patch. */
function sameReleaseLine(a: ParsedVersion, b: ParsedVersion): boolean {
  return a.release[0] === b.release[0] && a.release[1] === b.release[1] && a.release[2] === b.release[2];
}

function parseOrThrow(scheme: Scheme, tag: string): ParsedVersion {
  const parsed = scheme.parse(tag);
  if (!parsed) {
    throw new ShipshapeError(
      'INVALID_REFERENCE',
      `versioning:${scheme.name}`,
      `not a version: ${JSON.stringify(tag)}`,
    );
  }
  return parsed;
}

/**
 * The kind of update from `current` to `candidate`: for `1.21` (two parts) there are only minor
 * and major updates, for `18` only major ones. Throws INVALID_REFERENCE when either is not a version.
 */
export function updateType(versioning: Versioning, current: string, candidate: string): ReleaseType {
  const scheme = schemeOf(versioning);
  return typeOf(parseOrThrow(scheme, current), parseOrThrow(scheme, candidate));
}

/**
 * Within the given tags, the newest candidate of each update type that exists: newest patch of the current
 * minor line, newest minor of the current major, newest major — ordered patch, minor, major.
 * Only tags that are versions, compatible with `current`, strictly greater, and stable unless current is a
 * prerelease (then: prereleases of the same release line are allowed, like Renovate) count.
 * `filter` lets policy exclude tags (include/exclude patterns) before selection.
 * A `current` that is not a version has no candidates (it is tracked by digest).
 */
export function findCandidates(
  versioning: Versioning,
  current: string,
  tags: readonly string[],
  filter?: (tag: string) => boolean,
): Candidate[] {
  const scheme = schemeOf(versioning);
  const cur = scheme.parse(current);
  if (!cur) return [];
  const currentStable = cur.prerelease === '';
  // Index 0 patch, 1 minor, 2 major.
  const bestTag: (string | undefined)[] = [undefined, undefined, undefined];
  const best: (ParsedVersion | undefined)[] = [undefined, undefined, undefined];
  for (const tag of tags) {
    const p = scheme.parse(tag);
    if (!p || !scheme.isCompatible(cur, p) || scheme.compare(p, cur) <= 0) continue;
    if (p.prerelease !== '' && (currentStable || !sameReleaseLine(cur, p))) continue;
    const type = typeOf(cur, p);
    const slot = type === 'patch' ? 0 : type === 'minor' ? 1 : 2;
    const incumbent = best[slot];
    if (incumbent && scheme.compare(p, incumbent) <= 0) continue;
    if (filter && !filter(tag)) continue;
    best[slot] = p;
    bestTag[slot] = tag;
  }
  const out: Candidate[] = [];
  if (bestTag[0] !== undefined) out.push({ type: 'patch', tag: bestTag[0] });
  if (bestTag[1] !== undefined) out.push({ type: 'minor', tag: bestTag[1] });
  if (bestTag[2] !== undefined) out.push({ type: 'major', tag: bestTag[2] });
  return out;
}
