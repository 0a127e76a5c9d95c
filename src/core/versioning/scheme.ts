import { compareStrings } from './common.js';
import type { ParsedVersion, Scheme, Versioning } from './types.js';

// Versionings built here keep their scheme so findCandidates can parse each tag exactly once.
const schemes = new WeakMap<Versioning, Scheme>();

export function defineVersioning<P extends ParsedVersion>(scheme: Scheme<P>): Versioning {
  const part = (tag: string, index: number): number | null => scheme.parse(tag)?.release[index] ?? null;
  const versioning: Versioning = {
    name: scheme.name,
    isVersion: (tag) => scheme.parse(tag) !== null,
    isCompatible(current, candidate) {
      const c = scheme.parse(current);
      const d = c && scheme.parse(candidate);
      return d ? scheme.isCompatible(c, d) : false;
    },
    compare(a, b) {
      const pa = scheme.parse(a);
      const pb = scheme.parse(b);
      // Versions sort after non-versions; two non-versions fall back to plain string order.
      if (pa && pb) return scheme.compare(pa, pb);
      if (pa || pb) return pa ? 1 : -1;
      return compareStrings(a, b);
    },
    isStable: (tag) => scheme.parse(tag)?.prerelease === '',
    getMajor: (tag) => part(tag, 0),
    getMinor: (tag) => part(tag, 1),
    getPatch: (tag) => part(tag, 2),
  };
  schemes.set(versioning, scheme);
  return versioning;
}

interface ForeignVersion extends ParsedVersion {
  readonly tag: string;
}

/**
 * The scheme behind a versioning: ours directly, or an adapter over the public methods for a
 * Versioning implemented elsewhere (a decorator, a test double), so selection has one code path.
 */
export function schemeOf(versioning: Versioning): Scheme {
  const own = schemes.get(versioning);
  if (own) return own;
  const foreign: Scheme<ForeignVersion> = {
    name: versioning.name,
    parse(tag) {
      if (!versioning.isVersion(tag)) return null;
      const release: number[] = [];
      for (const n of [versioning.getMajor(tag), versioning.getMinor(tag), versioning.getPatch(tag)]) {
        if (n === null) break;
        release.push(n);
      }
      return { tag, prefix: '', release, prerelease: versioning.isStable(tag) ? '' : tag, compat: '' };
    },
    isCompatible: (current, candidate) => versioning.isCompatible(current.tag, candidate.tag),
    compare: (a, b) => versioning.compare(a.tag, b.tag),
  };
  return foreign;
}
