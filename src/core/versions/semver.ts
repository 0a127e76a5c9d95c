/**
 * Semantic Versioning 2.0.0 precedence as node-semver (npm) implements `compare`: build metadata
 * is ignored; prerelease identifiers compare numerically when both are digits, digits before
 * letters, otherwise by ASCII order; a longer prerelease wins a shared prefix.
 *
 * Parsing is node-semver's strict grammar (no leading zeros, dash before the prerelease) after
 * trimming and dropping a `v`/`=` prefix, which node-semver only tolerates in loose mode.
 */
import { compareDigits, compareStrings, withInvalidFirst } from './common.js';

export interface Semver {
  readonly major: string;
  readonly minor: string;
  readonly patch: string;
  readonly prerelease: readonly string[];
}

const MAX_LENGTH = 256;
const MAX_SAFE = String(Number.MAX_SAFE_INTEGER);
const NUM = '0|[1-9][0-9]*';
const IDENT = `(?:${NUM}|[0-9]*[A-Za-z-][0-9A-Za-z-]*)`;
const SEMVER = new RegExp(
  `^[v=\\s]*(${NUM})\\.(${NUM})\\.(${NUM})(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$`,
);

export function parseSemver(v: string): Semver | null {
  if (v.length > MAX_LENGTH) return null;
  const m = SEMVER.exec(v.trim());
  if (m === null) return null;
  const [, major = '', minor = '', patch = '', pre] = m;
  if ([major, minor, patch].some((n) => compareDigits(n, MAX_SAFE) > 0)) return null;
  return { major, minor, patch, prerelease: pre === undefined ? [] : pre.split('.') };
}

export function isValidSemver(v: string): boolean {
  return parseSemver(v) !== null;
}

export function compareSemverParsed(a: Semver, b: Semver): number {
  return (
    compareDigits(a.major, b.major) ||
    compareDigits(a.minor, b.minor) ||
    compareDigits(a.patch, b.patch) ||
    comparePrerelease(a.prerelease, b.prerelease)
  );
}

/** Shared with Go: the same precedence rules for the part after `-`. */
export function comparePrerelease(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const r = compareIdentifiers(x, y);
    if (r !== 0) return r;
  }
  return 0;
}

const NUMERIC = /^[0-9]+$/;

function compareIdentifiers(a: string, b: string): number {
  const an = NUMERIC.test(a);
  const bn = NUMERIC.test(b);
  if (an && bn) return compareDigits(a, b);
  if (an !== bn) return an ? -1 : 1;
  return compareStrings(a, b);
}

/** Invalid strings sort before valid versions, and among themselves by code-unit order. */
export const compareSemver = withInvalidFirst(parseSemver, compareSemverParsed);
