/**
 * Loose versioning, after Renovate's `loose`: `[v]` + 1–6 dotted numbers + anything
 * (`4.3.20.RELEASE`, `2.1.0-M3`, `2023-07-21T11-33-05.abc123`). Numbers compare numerically,
 * `2.4.0` > `2.4`, a suffix sorts before no suffix (`2.4.beta` < `2.4`), suffixes compare naturally.
 *
 * Deviations from Renovate, so loose fits the `Versioning` contract:
 * - compatible means same `v` prefix and same number of release parts (Renovate: any two versions);
 * - a suffix opening with a prerelease word or `a1`/`b1`/`M1` marks a prerelease (Renovate: every
 *   loose version is stable, so `2.1-rc2` would be proposed);
 * - suffixes compare naturally (`rc10` > `rc9`) instead of with `localeCompare`.
 */
import {
  PRERELEASE_WORDS,
  compareNatural,
  compareRelease,
  looksLikeCommitHash,
  parseRelease,
} from './common.js';
import { defineVersioning } from './scheme.js';
import type { ParsedVersion, Scheme, Versioning } from './types.js';

const LOOSE = /^(v?)(\d+(?:\.\d+)*)(.*)$/;
const MAX_PARTS = 6;
const PRERELEASE = new RegExp(`^[-._]?(?:(?:${PRERELEASE_WORDS}|dev|cr|milestone)(?![a-z])|[abm]\\d)`, 'i');

export interface LooseVersion extends ParsedVersion {
  readonly suffix: string;
}

export const looseScheme: Scheme<LooseVersion> = {
  name: 'loose',
  parse(tag: string): LooseVersion | null {
    if (looksLikeCommitHash(tag)) return null;
    const m = LOOSE.exec(tag);
    if (!m) return null;
    const release = parseRelease(m[2]!);
    if (!release || release.length > MAX_PARTS) return null;
    const suffix = m[3] ?? '';
    return {
      prefix: m[1] ?? '',
      release,
      prerelease: PRERELEASE.test(suffix) ? suffix : '',
      compat: '',
      suffix,
    };
  },
  isCompatible: (current, candidate) =>
    current.prefix === candidate.prefix && current.release.length === candidate.release.length,
  compare(a, b) {
    const byRelease = compareRelease(a.release, b.release, 'smaller');
    if (byRelease !== 0) return byRelease;
    if (a.suffix === '' || b.suffix === '') {
      return a.suffix === b.suffix ? 0 : a.suffix === '' ? 1 : -1;
    }
    return compareNatural(a.suffix, b.suffix);
  },
};

const instance = defineVersioning(looseScheme);

export function looseVersioning(): Versioning {
  return instance;
}
