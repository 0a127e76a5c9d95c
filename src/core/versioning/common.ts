/** Helpers shared by the schemes. Everything here is precompiled at module load. */

/**
 * Words that mark a prerelease when they open a suffix (`-rc.1`, `-beta2`, `-SNAPSHOT`, `-ea`).
 * Not `dev`: `3.12-dev` is an image variant (Chainguard's shell-enabled images), not a prerelease.
 */
export const PRERELEASE_WORDS = 'alpha|beta|rc|pre|preview|snapshot|canary|nightly|ea';

/** Renovate ignores tags that look like a git commit (`0a1b2c3`), unless they are all digits. */
const COMMIT_HASH = /^[a-f0-9]{7,40}$/;
const ALL_DIGITS = /^\d+$/;

export function looksLikeCommitHash(tag: string): boolean {
  return COMMIT_HASH.test(tag) && !ALL_DIGITS.test(tag);
}

/**
 * `"1.27.03"` → `[1, 27, 3]` for a string of digits and dots already checked by a pattern; null
 * when a part is beyond exact integer precision, where two different tags could otherwise compare equal.
 */
export function parseRelease(dotted: string): number[] | null {
  // Hand-rolled: this runs once per tag, and split + Number() is twice as slow.
  const release: number[] = [];
  let n = 0;
  for (let i = 0; i < dotted.length; i += 1) {
    const c = dotted.charCodeAt(i);
    if (c === 46) {
      release.push(n);
      n = 0;
    } else {
      n = n * 10 + (c - 48);
      if (n > Number.MAX_SAFE_INTEGER) return null;
    }
  }
  release.push(n);
  return release;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Release parts compared numerically. `shorter` decides when one is a prefix of the other:
 * `'bigger'` (docker: `2.1` > `2.1.1`), `'smaller'` (loose: `2.4` < `2.4.0`), `'zero'` (regex:
 * missing parts are 0).
 */
export function compareRelease(
  a: readonly number[],
  b: readonly number[],
  shorter: 'bigger' | 'smaller' | 'zero',
): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    let x = a[i];
    let y = b[i];
    if (x === undefined || y === undefined) {
      if (shorter === 'zero') {
        x ??= 0;
        y ??= 0;
      } else {
        const aShorter = x === undefined;
        return aShorter === (shorter === 'bigger') ? 1 : -1;
      }
    }
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);

/** Digit runs compared by value without Number(), so arbitrarily long runs stay exact. */
export function compareDigitRuns(
  a: string,
  ai: number,
  ae: number,
  b: string,
  bi: number,
  be: number,
): number {
  while (ai < ae - 1 && a.charCodeAt(ai) === 48) ai += 1;
  while (bi < be - 1 && b.charCodeAt(bi) === 48) bi += 1;
  if (ae - ai !== be - bi) return ae - ai < be - bi ? -1 : 1;
  for (; ai < ae; ai += 1, bi += 1) {
    const d = a.charCodeAt(ai) - b.charCodeAt(bi);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * Natural, case-insensitive order: digit runs compare as numbers (`rc10` > `rc9`, `beta.2` >
 * `beta`). Exact string order breaks ties (`rc01` vs `rc1`, `RC1` vs `rc1`), so it is a total order.
 */
export function compareNatural(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let ei = i + 1;
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei += 1;
      let ej = j + 1;
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej += 1;
      const c = compareDigitRuns(a, i, ei, b, j, ej);
      if (c !== 0) return c;
      i = ei;
      j = ej;
    } else {
      const la = lower(ca);
      const lb = lower(cb);
      if (la !== lb) return la < lb ? -1 : 1;
      i += 1;
      j += 1;
    }
  }
  if (i < a.length) return 1;
  if (j < b.length) return -1;
  return compareStrings(a, b);
}
