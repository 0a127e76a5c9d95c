/**
 * Docker tag versioning, after Renovate's `docker` versioning: `[v]1.2.3[prerelease][-suffix]`.
 *
 * - 1–4 numeric release parts, compared as numbers (`1.10` > `1.9`, `2024.10.1` > `2024.05.0`).
 * - The text after the first `-` is a compatibility suffix: candidates need the same suffix, the
 *   same number of release parts and the same `v` prefix (`1.21-alpine` → `1.27-alpine` only).
 * - A word glued to the release (`17rc1`, `3.13.0b1`) is a prerelease, as in Renovate.
 * - Deviation: a suffix that opens with a prerelease word (`-rc.1`, `-beta2`, `-rc1-alpine`) is a
 *   prerelease followed by the rest of the suffix. Renovate treats `-rc.1` as a compatibility
 *   suffix, so `1.2.3-rc.1` could only ever move to `x.y.z-rc.1` and never to `1.2.3-rc.2` or `1.2.3`.
 * - Deviation: the `v` prefix must match (Renovate strips it and mixes `v1.2` with `1.3`).
 * - Deviation: prereleases order naturally (`rc10` > `rc9`); Renovate uses non-numeric `localeCompare`.
 * - Tags that look like a git commit (`0a1b2c3`) are not versions, as in Renovate.
 */
import {
  PRERELEASE_WORDS,
  compareNatural,
  compareRelease,
  compareStrings,
  looksLikeCommitHash,
  parseRelease,
} from './common.js';
import { defineVersioning } from './scheme.js';
import type { ParsedVersion, Scheme, Versioning } from './types.js';

// Only the text up to the first `-` is version; `\w*` (no `.`/`-`) after it is a glued prerelease.
const TAG = /^(v?)(\d+(?:\.\d+){0,3})(\w*)(-.*)?$/;
const SUFFIX_PRERELEASE = new RegExp(`^-((?:${PRERELEASE_WORDS})\\d*(?:[.-]\\d+)*)(?=-|$)`, 'i');

export const dockerTagScheme: Scheme = {
  name: 'docker-tag',
  parse(tag: string): ParsedVersion | null {
    const m = TAG.exec(tag);
    // Only a bare "digits + word" tag can be a commit hash; skip the check for everything else.
    if (!m || (m[3] && !m[4] && looksLikeCommitHash(tag))) return null;
    const release = parseRelease(m[2]!);
    if (!release) return null;
    let prerelease = m[3] ?? '';
    let compat = m[4] ?? '';
    if (prerelease === '' && compat !== '') {
      const pre = SUFFIX_PRERELEASE.exec(compat);
      if (pre) {
        prerelease = pre[1]!;
        compat = compat.slice(pre[0].length);
      }
    }
    return { prefix: m[1] ?? '', release, prerelease, compat };
  },
  isCompatible: (current, candidate) =>
    current.compat === candidate.compat &&
    current.prefix === candidate.prefix &&
    current.release.length === candidate.release.length,
  compare(a, b) {
    // As Renovate: when one release is a prefix of the other, the shorter (moving) tag is bigger.
    const byRelease = compareRelease(a.release, b.release, 'bigger');
    if (byRelease !== 0) return byRelease;
    if (a.prerelease !== b.prerelease) {
      if (a.prerelease === '') return 1;
      if (b.prerelease === '') return -1;
      return compareNatural(a.prerelease, b.prerelease);
    }
    // As Renovate: a plain tag sorts after its suffixed variants (`3.8.0-alpine` < `3.8.0`).
    return compareStrings(b.compat, a.compat);
  },
};

const instance = defineVersioning(dockerTagScheme);

export function dockerTagVersioning(): Versioning {
  return instance;
}
