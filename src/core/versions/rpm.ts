/**
 * RPM versions: `rpmvercmp` (rpmio/rpmvercmp.c) for one field, and epoch:version-release (EVR)
 * comparison on top of it, split as rpm's parseEVR splits.
 *
 * rpm defines an order for every string (anything that is not an ASCII letter or digit, `~` or `^`
 * only separates segments), so no fallback is needed.
 */
import { compareStrings, isAlphaCode, isDigitCode } from './common.js';

const TILDE = 0x7e;
const CARET = 0x5e;

const isAlnum = (c: number): boolean => isDigitCode(c) || isAlphaCode(c);
const isSeparator = (c: number): boolean => !isAlnum(c) && c !== TILDE && c !== CARET;

/**
 * rpmvercmp: alternating numeric and alphabetic segments; numeric segments are newer than
 * alphabetic ones; `~` sorts before anything, even the end of the string; `^` sorts after the end
 * of the string but before anything else.
 */
export function rpmvercmp(a: string, b: string): -1 | 0 | 1 {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && isSeparator(a.charCodeAt(i))) i++;
    while (j < b.length && isSeparator(b.charCodeAt(j))) j++;
    // charCodeAt past the end is NaN, which never equals `~` or `^`, like C's NUL terminator.
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);

    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;

    const numeric = isDigitCode(ca);
    const inSegment = numeric ? isDigitCode : isAlphaCode;
    let ei = i;
    let ej = j;
    while (ei < a.length && inSegment(a.charCodeAt(ei))) ei++;
    while (ej < b.length && inSegment(b.charCodeAt(ej))) ej++;
    // Segments of different types: the numeric one is newer.
    if (ej === j) return numeric ? 1 : -1;

    let sa = a.slice(i, ei);
    let sb = b.slice(j, ej);
    if (numeric) {
      sa = sa.replace(/^0+/, '');
      sb = sb.replace(/^0+/, '');
      if (sa.length !== sb.length) return sa.length < sb.length ? -1 : 1;
    }
    const rc = compareStrings(sa, sb);
    if (rc !== 0) return rc;
    i = ei;
    j = ej;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

export interface RpmEvr {
  /** null when the string has no `epoch:`; compares as 0. */
  readonly epoch: string | null;
  readonly version: string;
  /** null when the string has no `-release`. */
  readonly release: string | null;
}

/** rpm's parseEVR: leading digits then `:` are the epoch; the last `-` after them starts the release. */
export function parseRpmEvr(evr: string): RpmEvr {
  let s = 0;
  while (s < evr.length && isDigitCode(evr.charCodeAt(s))) s++;
  const hyphen = evr.lastIndexOf('-');
  const se = hyphen >= s ? hyphen : -1;
  const hasEpoch = evr.charCodeAt(s) === 0x3a; /* : */
  const epoch = hasEpoch ? evr.slice(0, s) || '0' : null;
  const versionStart = hasEpoch ? s + 1 : 0;
  // An epoch colon after the last hyphen ("1-2:3") cannot happen: the epoch is all digits.
  const version = se >= 0 ? evr.slice(versionStart, se) : evr.slice(versionStart);
  const release = se >= 0 ? evr.slice(se + 1) : null;
  return { epoch, version, release };
}

const VALID_EVR = /^(?:[0-9]+:)?[A-Za-z0-9._+~^]+(?:-[A-Za-z0-9._+~^]+)?$/;

/** What rpmbuild accepts: optional numeric epoch, version and release of [A-Za-z0-9._+~^]. */
export function isValidRpm(v: string): boolean {
  return VALID_EVR.test(v);
}

/**
 * EVR order: epoch (missing = 0), then version, then release, each by rpmvercmp. rpm's dependency
 * matching ignores the release when one side lacks it; here a missing release is the empty
 * string (older than any release) so that the comparator stays transitive.
 */
export function compareRpm(a: string, b: string): number {
  const x = parseRpmEvr(a);
  const y = parseRpmEvr(b);
  return (
    rpmvercmp(x.epoch ?? '0', y.epoch ?? '0') ||
    rpmvercmp(x.version, y.version) ||
    rpmvercmp(x.release ?? '', y.release ?? '')
  );
}
