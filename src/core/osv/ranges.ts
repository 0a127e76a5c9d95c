/**
 * The OSV evaluation algorithm (schema § Evaluation), verbatim in behaviour:
 * a version is affected when it equals an entry of `versions` or lies in any range; within a range,
 * events sorted by version form a timeline (`introduced` opens, `fixed` closes at the fixed version,
 * `last_affected` closes after it) and `limit` events bound the range from above.
 */
import type { FixState } from '../vuln/types.js';
import type { OsvEvent, OsvRange } from './types.js';

export type Compare = (a: string, b: string) => number;

export interface RangeComparators {
  /** The ecosystem's own ordering for `ECOSYSTEM` ranges, or null when Shipshape has none. */
  readonly ecosystem: Compare | null;
  /** SemVer 2.0 precedence for `SEMVER` ranges. */
  readonly semver: Compare;
  /**
   * Whether a version parses in the scheme. The comparators order unparsable strings before every valid
   * version rather than throwing, which would read as "affected" by every `introduced: 0` range; so an
   * invalid version is not evaluated against ranges of that type at all.
   */
  readonly isValidEcosystem?: (v: string) => boolean;
  readonly isValidSemver?: (v: string) => boolean;
}

export interface AffectedEntry {
  readonly ranges: readonly OsvRange[];
  readonly versions: readonly string[];
}

export interface Verdict {
  readonly affected: boolean;
  /** `fixed` versions above the evaluated version in the ranges it falls in, ascending. */
  readonly fixedVersions: readonly string[];
  readonly fixState: FixState;
}

const NOT_AFFECTED: Verdict = { affected: false, fixedVersions: [], fixState: 'unknown' };

/** Position of an event version on the timeline: "0" introduced sorts first, a limit containing "*" last. */
function compareEventVersion(a: OsvEvent, b: OsvEvent, compare: Compare): number {
  const rank = (e: OsvEvent): number =>
    e.kind === 'introduced' && e.version === '0' ? -1 : e.kind === 'limit' && e.version.includes('*') ? 1 : 0;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== 0 || rb !== 0) return ra - rb;
  return compare(a.version, b.version);
}

function comparatorFor(range: OsvRange, comparators: RangeComparators): Compare | null {
  if (range.type === 'SEMVER') return comparators.semver;
  if (range.type === 'ECOSYSTEM') return comparators.ecosystem;
  return null; // GIT and unknown types need information we do not have
}

function beforeLimits(v: string, events: readonly OsvEvent[], compare: Compare): boolean {
  const limits = events.filter((e) => e.kind === 'limit');
  if (limits.length === 0) return true;
  return limits.some((e) => e.version.includes('*') || compare(v, e.version) < 0);
}

/**
 * Whether `v` lies in one range. `undefined` when the range cannot be evaluated: its type is GIT or
 * unknown, the ecosystem has no comparator, or `v` is not a valid version of the scheme (per the
 * validator, or because the comparator throws).
 */
export function inRange(v: string, range: OsvRange, comparators: RangeComparators): boolean | undefined {
  const compare = comparatorFor(range, comparators);
  if (compare === null) return undefined;
  const isValid = range.type === 'SEMVER' ? comparators.isValidSemver : comparators.isValidEcosystem;
  if (isValid !== undefined && !isValid(v)) return undefined;
  try {
    if (!beforeLimits(v, range.events, compare)) return false;
    // Array.prototype.sort is stable: events at equal versions keep their listed order.
    const sorted = [...range.events].sort((a, b) => compareEventVersion(a, b, compare));
    let vulnerable = false;
    for (const event of sorted) {
      if (event.kind === 'introduced') {
        if (event.version === '0' || compare(v, event.version) >= 0) vulnerable = true;
      } else if (event.kind === 'fixed') {
        if (compare(v, event.version) >= 0) vulnerable = false;
      } else if (event.kind === 'last_affected') {
        if (compare(v, event.version) > 0) vulnerable = false;
      }
    }
    return vulnerable;
  } catch {
    return undefined;
  }
}

/** Whether `v` is listed in `versions` (exact string, as the spec's `v == version`). */
export function inVersions(v: string, versions: readonly string[]): boolean {
  return versions.includes(v);
}

function sortUnique(versions: readonly string[], compare: Compare | null): string[] {
  const unique = [...new Set(versions)];
  if (compare === null) return unique;
  try {
    return unique.sort(compare);
  } catch {
    return unique;
  }
}

/**
 * Evaluates one or more `affected[]` entries of the same package at version `v`. The fix versions are
 * the `fixed` events above `v` in the ranges `v` falls in (a fix on an older branch is no upgrade path);
 * `not-fixed` when there is none.
 */
export function evaluateAffected(
  v: string,
  entries: readonly AffectedEntry[],
  comparators: RangeComparators,
): Verdict {
  let affected = false;
  const fixed: string[] = [];
  let fixCompare: Compare | null = null;
  for (const entry of entries) {
    const listed = inVersions(v, entry.versions);
    if (listed) affected = true;
    for (const range of entry.ranges) {
      if (inRange(v, range, comparators) !== true) continue;
      affected = true;
      const compare = comparatorFor(range, comparators)!;
      fixCompare ??= compare;
      for (const event of range.events) {
        if (event.kind !== 'fixed') continue;
        try {
          if (compare(event.version, v) > 0) fixed.push(event.version);
        } catch {
          // an unparsable fix version cannot be offered as an upgrade
        }
      }
    }
  }
  if (!affected) return NOT_AFFECTED;
  const fixedVersions = sortUnique(fixed, fixCompare);
  return { affected, fixedVersions, fixState: fixedVersions.length > 0 ? 'fixed' : 'not-fixed' };
}
