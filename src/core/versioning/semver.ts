/**
 * Strict SemVer 2.0.0 (https://semver.org), with an optional `v` prefix as node-semver accepts.
 * Precedence follows §11: numeric identifiers compare numerically and sort before alphanumeric
 * ones, a larger set of identifiers wins when all before are equal, build metadata is ignored.
 * Candidates keep the `v` prefix of the current tag.
 */
import { compareDigitRuns, compareRelease, compareStrings } from './common.js';
import { defineVersioning } from './scheme.js';
import type { ParsedVersion, Scheme, Versioning } from './types.js';

const NUM = '0|[1-9]\\d*';
const IDENT = `(?:${NUM}|\\d*[a-zA-Z-][0-9a-zA-Z-]*)`;
const SEMVER = new RegExp(
  `^(v?)(${NUM})\\.(${NUM})\\.(${NUM})(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$`,
);
const NUMERIC = /^\d+$/;

export interface SemverVersion extends ParsedVersion {
  readonly identifiers: readonly string[];
  readonly build: string;
}

export const semverScheme: Scheme<SemverVersion> = {
  name: 'semver',
  parse(tag: string): SemverVersion | null {
    const m = SEMVER.exec(tag);
    if (!m) return null;
    const release = [Number(m[2]), Number(m[3]), Number(m[4])];
    if (!release.every(Number.isSafeInteger)) return null;
    const prerelease = m[5] ?? '';
    return {
      prefix: m[1] ?? '',
      release,
      prerelease,
      compat: '',
      identifiers: prerelease === '' ? [] : prerelease.split('.'),
      build: m[6] ?? '',
    };
  },
  isCompatible: (current, candidate) => current.prefix === candidate.prefix,
  compare(a, b) {
    const byRelease = compareRelease(a.release, b.release, 'zero');
    if (byRelease !== 0) return byRelease;
    if (a.prerelease === '' || b.prerelease === '') {
      return a.prerelease === b.prerelease ? 0 : a.prerelease === '' ? 1 : -1;
    }
    const length = Math.min(a.identifiers.length, b.identifiers.length);
    for (let i = 0; i < length; i += 1) {
      const c = compareIdentifiers(a.identifiers[i]!, b.identifiers[i]!);
      if (c !== 0) return c;
    }
    return compareRelease([a.identifiers.length], [b.identifiers.length], 'zero');
  },
};

function compareIdentifiers(x: string, y: string): number {
  const xNumeric = NUMERIC.test(x);
  const yNumeric = NUMERIC.test(y);
  if (xNumeric && yNumeric) return compareDigitRuns(x, 0, x.length, y, 0, y.length);
  if (xNumeric !== yNumeric) return xNumeric ? -1 : 1;
  return compareStrings(x, y);
}

const instance = defineVersioning(semverScheme);

export function semverVersioning(): Versioning {
  return instance;
}
