/** Negative when a < b, zero when equal, positive when a > b. Never throws, whatever the input. */
export type Comparator = (a: string, b: string) => number;

/** -1, 0 or 1: every comparator here normalises its result so callers can test with `===`. */
export function sign(n: number): -1 | 0 | 1 {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Code-unit order, the same as `a < b` on strings (and as strcmp/memcmp on ASCII). */
export function compareStrings(a: string, b: string): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isDigitCode(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

export function isAlphaCode(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a));
}

/**
 * Numeric order of two runs of ASCII digits of any length (leading zeros ignored), without
 * converting to a number: versions carry dates and hashes that overflow a double.
 */
export function compareDigits(a: string, b: string): -1 | 0 | 1 {
  const x = stripZeros(a);
  const y = stripZeros(b);
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return compareStrings(x, y);
}

function stripZeros(s: string): string {
  let i = 0;
  while (i < s.length - 1 && s.charCodeAt(i) === 0x30) i++;
  return s.slice(i);
}

/**
 * Builds the comparator of a scheme whose reference implementation rejects invalid strings
 * (node-semver, packaging, x/mod/semver): an invalid string sorts before every valid one, and
 * invalid strings sort among themselves by code-unit order. That keeps the comparator a total
 * order, so sorting a list with garbage in it is still deterministic.
 */
export function withInvalidFirst<T>(
  parse: (v: string) => T | null,
  compareParsed: (a: T, b: T) => number,
): Comparator {
  return (a, b) => {
    const pa = parse(a);
    const pb = parse(b);
    if (pa === null || pb === null) {
      if (pa !== null) return 1;
      if (pb !== null) return -1;
      return compareStrings(a, b);
    }
    return sign(compareParsed(pa, pb));
  };
}
