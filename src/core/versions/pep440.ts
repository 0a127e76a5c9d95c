/**
 * Python package versions (PEP 440) parsed and ordered exactly as `packaging.version.Version`
 * (packaging 26): the same regular expression, the same normalisation (alpha → a, c/pre/preview
 * → rc, r/rev/`-N` → post, implicit 0 numbers, case-insensitive), the same sort key.
 */
import { compareDigits, compareStrings, withInvalidFirst } from './common.js';

interface LocalPart {
  readonly kind: 'num' | 'str';
  readonly value: string;
}

export interface Pep440Version {
  readonly epoch: string;
  /** Release numbers with trailing zeros dropped: 1.0.0 == 1. */
  readonly release: readonly string[];
  /** Sort key of packaging's `_cmpkey`: dev-only -1, a 0, b 1, rc 2, no prerelease 3. */
  readonly preRank: number;
  readonly preNumber: string;
  readonly hasPost: boolean;
  readonly postNumber: string;
  readonly hasDev: boolean;
  readonly devNumber: string;
  readonly local: readonly LocalPart[] | null;
}

// Python's \s (str.isspace), which is not JavaScript's \s.
const WS = '[\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]*';
const PEP440 = new RegExp(
  `^${WS}v?` +
    '(?:([0-9]+)!)?' + // epoch
    '([0-9]+(?:\\.[0-9]+)*)' + // release
    '(?:[._-]?(alpha|a|beta|b|preview|pre|c|rc)[._-]?([0-9]+)?)?' + // pre
    '(?:-([0-9]+)|[._-]?(post|rev|r)[._-]?([0-9]+)?)?' + // post
    '(?:[._-]?(dev)[._-]?([0-9]+)?)?' + // dev
    '(?:\\+([a-z0-9]+(?:[._-][a-z0-9]+)*))?' + // local
    `${WS}$`,
  'i',
);

const PRE_RANK: Readonly<Record<string, number>> = {
  a: 0,
  alpha: 0,
  b: 1,
  beta: 1,
  c: 2,
  rc: 2,
  pre: 2,
  preview: 2,
};
const PRE_RANK_DEV_ONLY = -1;
const PRE_RANK_STABLE = 3;

export function parsePep440(v: string): Pep440Version | null {
  const m = PEP440.exec(v);
  if (m === null) return null;
  const [, epoch = '0', rel = '', preL, preN, postN1, postL, postN2, devL, devN, local] = m;
  const release = rel.split('.');
  while (release.length > 0 && /^0+$/.test(release[release.length - 1] ?? '')) release.pop();
  const hasPost = postN1 !== undefined || postL !== undefined;
  const hasDev = devL !== undefined;
  const preRank =
    preL !== undefined
      ? (PRE_RANK[preL.toLowerCase()] ?? PRE_RANK_STABLE)
      : !hasPost && hasDev
        ? PRE_RANK_DEV_ONLY
        : PRE_RANK_STABLE;
  return {
    epoch,
    release,
    preRank,
    preNumber: preN ?? '0',
    hasPost,
    postNumber: postN1 ?? postN2 ?? '0',
    hasDev,
    devNumber: devN ?? '0',
    local:
      local === undefined
        ? null
        : local
            .toLowerCase()
            .split(/[._-]/)
            .map((p): LocalPart => ({ kind: /^[0-9]+$/.test(p) ? 'num' : 'str', value: p })),
  };
}

export function isValidPep440(v: string): boolean {
  return parsePep440(v) !== null;
}

export function comparePep440Parsed(a: Pep440Version, b: Pep440Version): number {
  return (
    compareDigits(a.epoch, b.epoch) ||
    compareList(a.release, b.release, compareDigits) ||
    a.preRank - b.preRank ||
    compareDigits(a.preNumber, b.preNumber) ||
    Number(a.hasPost) - Number(b.hasPost) ||
    compareDigits(a.postNumber, b.postNumber) ||
    // Without a dev segment is newer: 1.0.dev1 < 1.0.
    Number(b.hasDev) - Number(a.hasDev) ||
    compareDigits(a.devNumber, b.devNumber) ||
    compareLocal(a.local, b.local)
  );
}

/** A version without a local segment is older than the same version with one. */
function compareLocal(a: readonly LocalPart[] | null, b: readonly LocalPart[] | null): number {
  if (a === null || b === null) return Number(a !== null) - Number(b !== null);
  return compareList(a, b, (x, y) => {
    // Strings sort before numbers; numbers numerically, strings lexically.
    if (x.kind !== y.kind) return x.kind === 'str' ? -1 : 1;
    return x.kind === 'num' ? compareDigits(x.value, y.value) : compareStrings(x.value, y.value);
  });
}

/** Python tuple order: the first difference decides, else the shorter tuple is smaller. */
function compareList<T>(a: readonly T[], b: readonly T[], cmp: (x: T, y: T) => number): number {
  for (let i = 0; ; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) return a.length - b.length;
    const r = cmp(x, y);
    if (r !== 0) return r;
  }
}

/** packaging raises InvalidVersion; here invalid strings sort first, among themselves by code units. */
export const comparePep440 = withInvalidFirst(parsePep440, comparePep440Parsed);
