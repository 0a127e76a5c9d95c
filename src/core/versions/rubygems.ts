/**
 * RubyGems versions, ordered as Gem::Version#<=> (RubyGems 3): `-` means `.pre.`; segments are
 * runs of digits (numbers) or letters (strings, a prerelease); trailing zeros of the release part
 * and of the prerelease part are dropped; a string segment is older than a number.
 *
 * Best effort: written from Gem::Version's documented algorithm, not checked against Ruby.
 */
import { compareDigits, compareStrings, withInvalidFirst } from './common.js';

// Ruby's \s: [ \t\r\n\f\v].
const GEM =
  /^[ \t\r\n\f\v]*([0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?[ \t\r\n\f\v]*$/;

interface Segment {
  readonly num: boolean;
  readonly value: string;
}

export function parseRubyGems(v: string): readonly Segment[] | null {
  const m = GEM.exec(v);
  if (m === null) return null;
  const version = (m[1] ?? '0').replaceAll('-', '.pre.');
  const segments = (version.match(/[0-9]+|[a-z]+/gi) ?? []).map((s): Segment => ({
    num: /^[0-9]/.test(s),
    value: s,
  }));
  // canonical_segments: drop trailing zeros from the release part and from the prerelease part.
  const firstString = segments.findIndex((s) => !s.num);
  const split = firstString === -1 ? segments.length : firstString;
  return [...dropTrailingZeros(segments.slice(0, split)), ...dropTrailingZeros(segments.slice(split))];
}

function dropTrailingZeros(segments: Segment[]): Segment[] {
  let end = segments.length;
  while (end > 0 && isZero(segments[end - 1])) end--;
  return segments.slice(0, end);
}

const isZero = (s: Segment | undefined): boolean => s !== undefined && s.num && /^0+$/.test(s.value);

export function isValidRubyGems(v: string): boolean {
  return parseRubyGems(v) !== null;
}

function compareSegments(a: readonly Segment[], b: readonly Segment[]): number {
  const zero: Segment = { num: true, value: '0' };
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const l = a[i] ?? zero;
    const r = b[i] ?? zero;
    if (l.num !== r.num) return l.num ? 1 : -1;
    const c = l.num ? compareDigits(l.value, r.value) : compareStrings(l.value, r.value);
    if (c !== 0) return c;
  }
  return 0;
}

/** Gem::Version raises on malformed strings; here they sort first, among themselves by code units. */
export const compareRubyGems = withInvalidFirst(parseRubyGems, compareSegments);
