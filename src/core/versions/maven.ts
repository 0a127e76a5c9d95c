/**
 * Maven versions ordered as org.apache.maven.artifact.versioning.ComparableVersion of
 * maven-artifact 3.9.6 (differentially tested against it): items split on `.`, `-` and
 * digit/letter transitions; `-` (and, since MNG-7644, a qualifier after `.`) opens a sub-list;
 * trailing nulls (0, "", empty lists) are dropped; qualifiers order alpha < beta < milestone <
 * rc = cr < snapshot < "" = ga = final = release < sp < others (lexically); a1/b1/m1 mean
 * alpha-1/beta-1/milestone-1.
 *
 * ComparableVersion accepts every string, so does this comparator. Like Maven's, the order is not
 * transitive for some qualifier mixes (maven.test.ts pins cycles). Limit: only ASCII digits are
 * digits (Java's Character.isDigit also takes other Unicode decimal digits).
 */
import { compareDigits, compareStrings, isDigitCode } from './common.js';

type Item =
  | { readonly kind: 'int' | 'long' | 'big'; readonly value: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'list'; readonly items: Item[] };
type ListItem = Extract<Item, { kind: 'list' }>;

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['ga', ''],
  ['final', ''],
  ['release', ''],
  ['cr', 'rc'],
]);
const SHORT: ReadonlyMap<string, string> = new Map([
  ['a', 'alpha'],
  ['b', 'beta'],
  ['m', 'milestone'],
]);
/** Java compares these keys with String.compareTo: "0".."6" for known qualifiers, "7-x" after. */
const RELEASE_KEY = String(QUALIFIERS.indexOf(''));
const NUMERIC_RANK = { int: 0, long: 1, big: 2 } as const;

function qualifierKey(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function stringItem(value: string, followedByDigit: boolean): Item {
  const v = followedByDigit ? (SHORT.get(value) ?? value) : value;
  return { kind: 'string', value: ALIASES.get(v) ?? v };
}

function numberItem(digits: string): Item {
  // stripLeadingZeroes keeps an all-zero run whole, so its length still picks the Java type.
  const stripped = /^0*$/.test(digits) ? digits : digits.replace(/^0+/, '');
  const kind = stripped.length <= 9 ? 'int' : stripped.length <= 18 ? 'long' : 'big';
  return { kind, value: stripped };
}

const parseItem = (isDigit: boolean, buf: string): Item =>
  isDigit ? numberItem(buf) : stringItem(buf, false);

function isNull(item: Item): boolean {
  if (item.kind === 'list') return item.items.length === 0;
  if (item.kind === 'string') return item.value === '';
  return /^0+$/.test(item.value);
}

function normalize(list: ListItem): void {
  for (let i = list.items.length - 1; i >= 0; i--) {
    const item = list.items[i];
    if (item === undefined) break;
    if (isNull(item)) list.items.splice(i, 1);
    else if (item.kind !== 'list') break;
  }
}

function parseMaven(version: string): Item {
  const v = version.toLowerCase();
  const root: ListItem = { kind: 'list', items: [] };
  let list = root;
  const stack: ListItem[] = [root];
  const nest = (): void => {
    const sub: ListItem = { kind: 'list', items: [] };
    list.items.push(sub);
    list = sub;
    stack.push(sub);
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 0x2e /* . */ || c === 0x2d /* - */) {
      list.items.push(i === start ? numberItem('0') : parseItem(isDigit, v.slice(start, i)));
      start = i + 1;
      if (c === 0x2d) nest();
    } else if (isDigitCode(c)) {
      if (!isDigit && i > start) {
        // 1.0.0.X1 < 1.0.0-X2: a qualifier after a dot is treated as after a hyphen.
        if (list.items.length > 0) nest();
        list.items.push(stringItem(v.slice(start, i), true));
        start = i;
        nest();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.items.push(parseItem(true, v.slice(start, i)));
        start = i;
        nest();
      }
      isDigit = false;
    }
  }
  if (v.length > start) {
    if (!isDigit && list.items.length > 0) nest();
    list.items.push(parseItem(isDigit, v.slice(start)));
  }
  for (const l of stack.reverse()) normalize(l);
  return root;
}

/** Item.compareTo(other), with `undefined` standing for Java's null (a missing item). */
function compareItem(a: Item, b: Item | undefined): number {
  if (a.kind === 'string') {
    if (b === undefined) return compareStrings(qualifierKey(a.value), RELEASE_KEY);
    if (b.kind === 'string') return compareStrings(qualifierKey(a.value), qualifierKey(b.value));
    return -1; // 1.any < 1.1, 1.any < 1-1
  }
  if (a.kind === 'list') {
    if (b === undefined) {
      // MNG-6964: the whole list against null, not only its first item.
      for (const item of a.items) {
        const r = compareItem(item, undefined);
        if (r !== 0) return r;
      }
      return 0;
    }
    if (b.kind === 'string') return 1; // 1-1 > 1-sp
    if (b.kind !== 'list') return -1; // 1-1 < 1.0.x
    for (let i = 0; i < Math.max(a.items.length, b.items.length); i++) {
      const l = a.items[i];
      const r = b.items[i];
      const result = l === undefined ? (r === undefined ? 0 : -compareItem(r, undefined)) : compareItem(l, r);
      if (result !== 0) return result;
    }
    return 0;
  }
  if (b === undefined) return isNull(a) ? 0 : 1; // 1.0 == 1, 1.1 > 1
  if (b.kind === 'string' || b.kind === 'list') return 1; // 1.1 > 1-sp, 1.1 > 1-1
  // Java compares an IntItem below any LongItem and a LongItem below any BigIntegerItem.
  if (a.kind !== b.kind) return NUMERIC_RANK[a.kind] - NUMERIC_RANK[b.kind];
  return compareDigits(a.value, b.value);
}

/** Every string is a ComparableVersion; this only rejects the empty string and whitespace. */
export function isValidMaven(v: string): boolean {
  return v.length > 0 && !/\s/.test(v);
}

export function compareMaven(a: string, b: string): number {
  const r = compareItem(parseMaven(a), parseMaven(b));
  return r < 0 ? -1 : r > 0 ? 1 : 0;
}
