/**
 * Regex versioning, after Renovate's `regex:` versioning: a user pattern with named groups
 * `major` (required here), `minor`, `patch`, `build`, `revision`, `prerelease`, `compatibility`.
 * Missing numeric groups count as 0; `build` is a 4th part and `revision` a 5th (only after a
 * build), both updates of type patch. Candidates need the same `compatibility`; precision is
 * whatever the pattern allows. Prereleases compare naturally (`a2` < `b1` < `rc10`).
 */
import { ShipshapeError } from '../errors.js';
import { compareNatural, compareRelease } from './common.js';
import { defineVersioning } from './scheme.js';
import type { ParsedVersion, Scheme, Versioning } from './types.js';

const GROUPS = ['major', 'minor', 'patch', 'build', 'revision', 'prerelease', 'compatibility'] as const;
const NAMED_GROUP = /\(\?<([A-Za-z_$][\w$]*)>/g;
const DIGITS = /^\d+$/;

function invalid(pattern: string, reason: string, cause?: unknown): ShipshapeError {
  return new ShipshapeError(
    'CONFIG_INVALID',
    'versioning:regex',
    `invalid versioning pattern ${JSON.stringify(pattern)}: ${reason}`,
    cause === undefined ? undefined : { cause },
  );
}

/** Compiles and checks a user pattern; throws CONFIG_INVALID with a message fit for the user. */
export function compileVersionPattern(pattern: string): RegExp {
  let re: RegExp;
  try {
    // No `u` flag: patterns written for Renovate often escape `-` as `\-`, which `u` rejects.
    re = new RegExp(pattern);
  } catch (e) {
    throw invalid(pattern, e instanceof Error ? e.message : String(e), e);
  }
  const names = [...pattern.matchAll(NAMED_GROUP)].map((m) => m[1]!);
  const unknown = names.filter((n) => !(GROUPS as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw invalid(
      pattern,
      `unknown group ${unknown.map((n) => `<${n}>`).join(', ')}; use ${GROUPS.join(', ')}`,
    );
  }
  if (!names.includes('major')) {
    throw invalid(pattern, 'it needs a named group <major>, e.g. ^(?<major>\\d+)\\.(?<minor>\\d+)$');
  }
  return re;
}

function schemeFor(re: RegExp): Scheme {
  // A capture that is present must be all digits; otherwise the tag is not a version.
  const numberOf = (s: string | undefined): number | null => {
    if (s === undefined || s === '') return 0;
    if (!DIGITS.test(s)) return null;
    const n = Number(s);
    return Number.isSafeInteger(n) ? n : null;
  };
  return {
    name: 'regex',
    parse(tag: string): ParsedVersion | null {
      const g = re.exec(tag)?.groups;
      if (!g) return null;
      const major = numberOf(g.major);
      const minor = numberOf(g.minor);
      const patch = numberOf(g.patch);
      if (major === null || minor === null || patch === null) return null;
      const release = [major, minor, patch];
      if (g.build) {
        const build = numberOf(g.build);
        if (build === null) return null;
        release.push(build);
        if (g.revision) {
          const revision = numberOf(g.revision);
          if (revision === null) return null;
          release.push(revision);
        }
      }
      return { prefix: '', release, prerelease: g.prerelease ?? '', compat: g.compatibility ?? '' };
    },
    isCompatible: (current, candidate) => current.compat === candidate.compat,
    compare(a, b) {
      const byRelease = compareRelease(a.release, b.release, 'zero');
      if (byRelease !== 0) return byRelease;
      if (a.prerelease === '' || b.prerelease === '') {
        return a.prerelease === b.prerelease ? 0 : a.prerelease === '' ? 1 : -1;
      }
      return compareNatural(a.prerelease, b.prerelease);
    },
  };
}

export function regexVersioning(pattern: string): Versioning {
  return defineVersioning(schemeFor(compileVersionPattern(pattern)));
}
