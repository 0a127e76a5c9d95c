/**
 * Alpine versions (digit{.digit}...{letter}{_suffix{number}}...{~hash}{-rN}) ordered exactly as
 * apk-tools orders them (src/version.c, apk_version_compare: the tokenizer of apk-tools 2.14/3).
 *
 * apk defines an order for every string: tokens after the first malformed one are ignored and the
 * malformed position counts as an INVALID token, so no fallback is needed here.
 */
import { compareStrings, isDigitCode } from './common.js';

// Token kinds, in apk's order: a version that ends (END) is newer than one going on with a
// lower-ranked token, older than one going on with a higher-ranked token.
const INITIAL_DIGIT = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const COMMIT_HASH = 5;
const REVISION_NO = 6;
const END = 7;
const INVALID = 8;

// `_suffix` ranks; everything below NONE is a pre-release.
const SUFFIX_NONE = 5;
const SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['alpha', 1],
  ['beta', 2],
  ['pre', 3],
  ['rc', 4],
  ['cvs', 6],
  ['svn', 7],
  ['git', 8],
  ['hg', 9],
  ['p', 10],
]);

const isLower = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const isHex = (c: number): boolean => isDigitCode(c) || (c >= 0x61 && c <= 0x66);

class Tokens {
  token = INITIAL_DIGIT;
  value = '';
  number = 0n;
  suffix = 0;
  private pos = 0;

  constructor(private readonly s: string) {
    this.parseDigits();
  }

  next(): void {
    const s = this.s;
    if (this.pos >= s.length) {
      this.token = END;
      return;
    }
    const c = s.charCodeAt(this.pos);
    if (isLower(c)) {
      if (this.token > DIGIT) return this.invalid();
      this.value = s.charAt(this.pos++);
      this.token = LETTER;
    } else if (c === 0x2e /* . */ || isDigitCode(c)) {
      if (c === 0x2e) {
        if (this.token > DIGIT) return this.invalid();
        this.pos++;
      }
      if (this.token === INITIAL_DIGIT || this.token === DIGIT) this.token = DIGIT;
      else if (this.token === SUFFIX) this.token = SUFFIX_NO;
      else return this.invalid();
      this.parseDigits();
    } else if (c === 0x5f /* _ */) {
      if (this.token > SUFFIX_NO) return this.invalid();
      this.pos++;
      this.value = this.span(isLower);
      const suffix = SUFFIXES.get(this.value);
      if (suffix === undefined) return this.invalid();
      this.suffix = suffix;
      this.token = SUFFIX;
    } else if (c === 0x7e /* ~ */) {
      if (this.token >= COMMIT_HASH) return this.invalid();
      this.pos++;
      this.value = this.span(isHex);
      if (this.value === '') return this.invalid();
      this.token = COMMIT_HASH;
    } else if (c === 0x2d /* - */) {
      if (this.token >= REVISION_NO || s.charCodeAt(this.pos + 1) !== 0x72 /* r */) return this.invalid();
      this.pos += 2;
      this.token = REVISION_NO;
      this.parseDigits();
    } else {
      this.invalid();
    }
  }

  private invalid(): void {
    this.token = INVALID;
  }

  private span(accept: (c: number) => boolean): string {
    const start = this.pos;
    while (this.pos < this.s.length && accept(this.s.charCodeAt(this.pos))) this.pos++;
    return this.s.slice(start, this.pos);
  }

  private parseDigits(): void {
    this.value = this.span(isDigitCode);
    if (this.value === '') return this.invalid();
    // apk_blob_pull_uint accumulates in a uint64_t and wraps silently.
    this.number = BigInt.asUintN(64, BigInt(this.value));
  }
}

function compareTokens(a: Tokens, b: Tokens): -1 | 0 | 1 {
  switch (a.token) {
    case DIGIT:
      // A leading zero makes the component a string (Gentoo rule): 1.05 < 1.1, 1.0 < 1.00.
      if (a.value.startsWith('0') || b.value.startsWith('0')) return compareStrings(a.value, b.value);
      return compareNumbers(a.number, b.number);
    case INITIAL_DIGIT:
    case SUFFIX_NO:
    case REVISION_NO:
      return compareNumbers(a.number, b.number);
    case LETTER:
      return compareStrings(a.value, b.value);
    case SUFFIX:
      return compareNumbers(a.suffix, b.suffix);
    default:
      return compareStrings(a.value, b.value);
  }
}

function compareNumbers<T extends number | bigint>(a: T, b: T): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareApk(a: string, b: string): number {
  const ta = new Tokens(a);
  const tb = new Tokens(b);
  while (ta.token === tb.token && ta.token < END) {
    const r = compareTokens(ta, tb);
    if (r !== 0) return r;
    ta.next();
    tb.next();
  }
  if (ta.token === tb.token) return 0;
  // Equal so far: the one that goes on is newer, unless it goes on with a pre-release suffix.
  if (ta.token === SUFFIX && ta.suffix < SUFFIX_NONE) return -1;
  if (tb.token === SUFFIX && tb.suffix < SUFFIX_NONE) return 1;
  if (ta.token > tb.token) return -1;
  if (tb.token > ta.token) return 1;
  return 0;
}

/** apk_version_validate: the whole string tokenizes. */
export function isValidApk(v: string): boolean {
  const t = new Tokens(v);
  while (t.token < END) t.next();
  return t.token === END;
}
