import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareApk,
  compareDpkg,
  compareGo,
  compareMaven,
  comparePep440,
  compareRpm,
  compareRubyGems,
  compareSemver,
  isValidApk,
  isValidDpkg,
  isValidGo,
  isValidMaven,
  isValidPep440,
  isValidRpm,
  isValidRubyGems,
  isValidSemver,
  type Comparator,
} from './index.js';

interface Scheme {
  readonly compare: Comparator;
  readonly isValid: (v: string) => boolean;
  readonly valid: fc.Arbitrary<string>;
  /** Characters the scheme gives meaning to, for strings that are mostly not versions. */
  readonly alphabet: string;
  /** False where the reference implementation itself is not a total order on garbage. */
  readonly transitiveOnAnyString?: boolean;
}

const SCHEMES: Record<string, Scheme> = {
  dpkg: {
    compare: compareDpkg,
    isValid: isValidDpkg,
    valid: fc.stringMatching(/^(?:[0-9]:)?[0-9][0-9a-zA-Z.+~]{0,6}(?:-[0-9a-zA-Z.+~]{1,4})?$/),
    alphabet: '0129aAz.+~-:_ é',
  },
  apk: {
    compare: compareApk,
    isValid: isValidApk,
    valid: fc.stringMatching(
      /^[0-9]{1,2}(?:\.[0-9]{1,2}){0,3}[a-z]?(?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)[0-9]{0,2}){0,2}(?:~[0-9a-f]{1,4})?(?:-r[0-9]{1,2})?$/,
    ),
    alphabet: '0129abfz._~-rA',
  },
  rpm: {
    compare: compareRpm,
    isValid: isValidRpm,
    valid: fc.stringMatching(/^(?:[0-9]:)?[0-9a-zA-Z._+~^]{1,8}(?:-[0-9a-zA-Z._+~^]{1,6})?$/),
    alphabet: '0129aAz._+~^-:é',
  },
  semver: {
    compare: compareSemver,
    isValid: isValidSemver,
    valid: fc
      .tuple(
        fc.constantFrom('', 'v', '='),
        fc.array(fc.constantFrom('0', '1', '2', '10'), { minLength: 3, maxLength: 3 }),
        fc.array(fc.constantFrom('0', '1', '11', 'alpha', 'beta', 'rc', 'a1', 'A', '-'), { maxLength: 3 }),
        fc.constantFrom('', '+build', '+1.2'),
      )
      .map(
        ([p, core, pre, build]) =>
          `${p}${core.join('.')}${pre.length > 0 ? `-${pre.join('.')}` : ''}${build}`,
      ),
    alphabet: '019.-+vaZ= ',
  },
  pep440: {
    compare: comparePep440,
    isValid: isValidPep440,
    valid: fc.stringMatching(
      /^(?:[0-9]!)?[0-9]{1,2}(?:\.[0-9]{1,2}){0,3}(?:(?:a|b|rc|alpha|c|pre)[0-9]{0,2})?(?:\.post[0-9]{0,2})?(?:\.dev[0-9]{0,2})?(?:\+[a-z0-9]{1,3}(?:\.[a-z0-9]{1,3}){0,2})?$/,
    ),
    alphabet: '019.-_!+abcrpostdev ',
  },
  go: {
    compare: compareGo,
    isValid: isValidGo,
    valid: fc.stringMatching(
      /^v?(?:0|[1-9][0-9]?)(?:\.(?:0|[1-9][0-9]?)(?:\.(?:0|[1-9][0-9]?)(?:-(?:alpha|rc|0|1|11|20191109021931-daa7c04131f5)(?:\.(?:0|1|x))?)?(?:\+incompatible)?)?)?$/,
    ),
    alphabet: '019.-+va',
  },
  maven: {
    compare: compareMaven,
    isValid: isValidMaven,
    // ComparableVersion itself is not transitive, even on plausible versions (maven.test.ts pins
    // cycles recorded from Maven), so the order properties run on release numbers followed by at
    // most one `-qualifier[number]`.
    valid: fc
      .tuple(
        fc.array(fc.constantFrom('0', '1', '2', '10', '01'), { minLength: 1, maxLength: 4 }),
        fc.option(
          fc
            .tuple(
              fc.constantFrom('-', ''),
              fc.constantFrom('alpha', 'a', 'beta', 'milestone', 'M', 'rc', 'CR', 'SNAPSHOT', 'sp', 'jre'),
              fc.constantFrom('', '1', '2', '10'),
            )
            .map((q) => q.join('')),
        ),
      )
      .map(([release, qualifier]) => `${release.join('.')}${qualifier ?? ''}`),
    alphabet: '0129.-abmrcspx_',
    transitiveOnAnyString: false,
  },
  rubygems: {
    compare: compareRubyGems,
    isValid: isValidRubyGems,
    valid: fc.stringMatching(/^[0-9]{1,2}(?:\.[0-9a-z]{1,3}){0,3}(?:-[0-9a-z]{1,3}(?:\.[0-9a-z]{1,2})?)?$/),
    alphabet: '019.-abz ',
  },
};

const flip = (r: number): number => (r === 0 ? 0 : -r);

describe.each(Object.entries(SCHEMES))('%s comparator properties', (_name, scheme) => {
  const { compare } = scheme;
  const garbage = fc.oneof(
    fc.string({ unit: fc.constantFrom(...scheme.alphabet), maxLength: 10 }),
    fc.string({ unit: 'grapheme', maxLength: 8 }),
  );
  const anyString = fc.oneof(scheme.valid, garbage);

  it('generates valid versions', () => {
    fc.assert(fc.property(scheme.valid, (v) => scheme.isValid(v)));
  });

  it('is reflexive and antisymmetric, returns -1, 0 or 1, and never throws, on any string', () => {
    fc.assert(
      fc.property(anyString, anyString, (a, b) => {
        expect(compare(a, a)).toBe(0);
        const r = compare(a, b);
        expect([-1, 0, 1]).toContain(r);
        expect(compare(b, a)).toBe(flip(r));
      }),
      { numRuns: 500 },
    );
  });

  it('is transitive on valid versions', () => {
    fc.assert(
      fc.property(scheme.valid, scheme.valid, scheme.valid, (a, b, c) => {
        if (compare(a, b) <= 0 && compare(b, c) <= 0) expect(compare(a, c)).toBeLessThanOrEqual(0);
        if (compare(a, b) === 0 && compare(b, c) === 0) expect(compare(a, c)).toBe(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('sorts any list into an order every pair agrees with', () => {
    const item = scheme.transitiveOnAnyString === false ? scheme.valid : anyString;
    fc.assert(
      fc.property(fc.array(item, { maxLength: 12 }), (list) => {
        const sorted = [...list].sort(compare);
        for (let i = 0; i < sorted.length; i++) {
          for (let j = i + 1; j < sorted.length; j++) {
            expect(compare(sorted[i] ?? '', sorted[j] ?? '')).toBeLessThanOrEqual(0);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
