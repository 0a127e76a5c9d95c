/**
 * Debian versions ([epoch:]upstream[-revision]) ordered exactly as dpkg orders them:
 * `parseversion` (lib/dpkg/parsehelp.c) splits, `verrevcmp` (lib/dpkg/version.c) compares.
 */
import { compareStrings, isAlphaCode, isDigitCode, sign } from './common.js';

export interface DpkgVersion {
  readonly epoch: number;
  readonly upstream: string;
  readonly revision: string;
}

/**
 * dpkg distinguishes errors (no version at all) from warnings (a version dpkg still parses and
 * compares, e.g. `abc` or `1_2`): a warning keeps the parsed version.
 */
export type DpkgParseResult =
  | { readonly ok: true; readonly version: DpkgVersion; readonly warning: string | null }
  | { readonly ok: false; readonly error: string };

const INT_MAX = 2147483647;
// strtol skips isspace() before the number; blanks were trimmed already, the rest may remain.
const EPOCH = /^[\n\v\f\r]*([+-]?)([0-9]+)/;
const UPSTREAM_CHARS = /^[0-9A-Za-z.+~:-]*$/;
const REVISION_CHARS = /^[0-9A-Za-z.+~]*$/;

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';

export function parseDpkgVersion(input: string): DpkgParseResult {
  let start = 0;
  while (isBlank(input[start])) start++;
  if (start === input.length) return { ok: false, error: 'version string is empty' };
  let end = start;
  while (end < input.length && !isBlank(input[end])) end++;
  let rest = end;
  while (isBlank(input[rest])) rest++;
  if (rest < input.length) return { ok: false, error: 'version string has embedded spaces' };

  let s = input.slice(start, end);
  let epoch = 0;
  const colon = s.indexOf(':');
  if (colon >= 0) {
    const m = EPOCH.exec(s);
    if (m === null) return { ok: false, error: 'epoch in version is empty' };
    if (m[0].length !== colon) return { ok: false, error: 'epoch in version is not number' };
    const digits = (m[2] ?? '').replace(/^0+(?=.)/, '');
    if (m[1] === '-' && digits !== '0') return { ok: false, error: 'epoch in version is negative' };
    if (digits.length > 10 || Number(digits) > INT_MAX) {
      return { ok: false, error: 'epoch in version is too big' };
    }
    if (colon === s.length - 1) return { ok: false, error: 'nothing after colon in version number' };
    epoch = Number(digits);
    s = s.slice(colon + 1);
  }

  const hyphen = s.lastIndexOf('-');
  const upstream = hyphen >= 0 ? s.slice(0, hyphen) : s;
  const revision = hyphen >= 0 ? s.slice(hyphen + 1) : '';
  if (hyphen >= 0 && revision === '') return { ok: false, error: 'revision number is empty' };
  if (upstream === '') return { ok: false, error: 'version number is empty' };

  const version = { epoch, upstream, revision };
  let warning: string | null = null;
  if (!isDigitCode(upstream.charCodeAt(0))) warning = 'version number does not start with digit';
  else if (!UPSTREAM_CHARS.test(upstream)) warning = 'invalid character in version number';
  else if (!REVISION_CHARS.test(revision)) warning = 'invalid character in revision number';
  return { ok: true, version, warning };
}

/** Debian policy conformant: dpkg parses it without error or warning. */
export function isValidDpkg(v: string): boolean {
  const r = parseDpkgVersion(v);
  return r.ok && r.warning === null;
}

/**
 * dpkg --compare-versions order. Versions dpkg only warns about compare as dpkg compares them;
 * strings dpkg rejects outright (empty, embedded spaces, bad epoch, empty part) sort before all
 * versions and among themselves by code-unit order.
 */
export function compareDpkg(a: string, b: string): number {
  const pa = parseDpkgVersion(a);
  const pb = parseDpkgVersion(b);
  if (!pa.ok || !pb.ok) {
    if (pa.ok) return 1;
    if (pb.ok) return -1;
    return compareStrings(a, b);
  }
  return compareDpkgVersions(pa.version, pb.version);
}

export function compareDpkgVersions(a: DpkgVersion, b: DpkgVersion): -1 | 0 | 1 {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  return sign(verrevcmp(a.upstream, b.upstream) || verrevcmp(a.revision, b.revision));
}

/**
 * dpkg's weight of a byte outside a digit run: `~` before the end of the string, the end before
 * letters, letters before everything else. C `char` is signed on amd64, so a non-ASCII byte
 * weighs its unsigned value: after the letters, before the ASCII punctuation.
 */
function order(c: number | undefined): number {
  if (c === undefined || isDigitCode(c)) return 0;
  if (isAlphaCode(c)) return c;
  if (c === 0x7e) return -1;
  return c >= 0x80 ? c : c + 256;
}

function verrevcmp(x: string, y: string): number {
  const a = bytes(x);
  const b = bytes(y);
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigitCode(a[i])) || (j < b.length && !isDigitCode(b[j]))) {
      const ac = order(a[i]);
      const bc = order(b[j]);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (a[i] === 0x30) i++;
    while (b[j] === 0x30) j++;
    while (isDigitCode(a[i]) && isDigitCode(b[j])) {
      if (firstDiff === 0) firstDiff = (a[i] ?? 0) - (b[j] ?? 0);
      i++;
      j++;
    }
    if (isDigitCode(a[i])) return 1;
    if (isDigitCode(b[j])) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

const encoder = new TextEncoder();

function bytes(s: string): ArrayLike<number> {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? Array.from(s, (c) => c.charCodeAt(0)) : encoder.encode(s);
}
