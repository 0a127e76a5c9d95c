import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCandidates, updateType } from './candidates.js';
import { compareNatural } from './common.js';
import { dockerTagVersioning } from './docker-tag.js';
import { looseVersioning } from './loose.js';
import { regexVersioning } from './regex.js';
import { semverVersioning } from './semver.js';
import type { Candidate, Versioning } from './types.js';

const num = fc.oneof(fc.nat(12), fc.constantFrom(0, 1, 9, 10, 2024));
const pick = <T>(...values: T[]): fc.Arbitrary<T> => fc.constantFrom(...values);

const dockerTag = fc
  .tuple(
    pick('', 'v'),
    fc.array(num, { minLength: 1, maxLength: 4 }),
    pick('', '', '', 'rc1', 'rc2', 'b1', 'b10'),
    pick('', '', '', '-rc.1', '-rc.2', '-rc.10', '-beta2'),
    pick('', '-alpine', '-alpine3.20', '-bookworm-slim'),
    fc.boolean(),
  )
  .map(([prefix, release, glued, pre, suffix, pad]) => {
    const parts = release.map((n, i) => (pad && i === 1 && n < 10 ? `0${n}` : String(n)));
    return `${prefix}${parts.join('.')}${glued}${pre}${suffix}`;
  })
  // As in Renovate, `2024b10` looks like a commit hash and is not a version.
  .filter((t) => !/^[a-f0-9]{7,40}$/.test(t));

const semverTag = fc
  .tuple(
    pick('', 'v'),
    fc.array(num, { minLength: 3, maxLength: 3 }),
    fc.array(fc.oneof(fc.nat(11).map(String), pick('alpha', 'beta', 'rc', 'a1', 'A1', 'x-y')), {
      maxLength: 3,
    }),
    pick('', '', '+build.1', '+sha.abc'),
  )
  .map(([p, r, pre, build]) => `${p}${r.join('.')}${pre.length > 0 ? `-${pre.join('.')}` : ''}${build}`);

const looseTag = fc
  .tuple(
    pick('', 'v'),
    fc.array(num, { minLength: 1, maxLength: 6 }),
    pick('', '', '.RELEASE', '.Final', '-rc1', '-rc10', '.M2', '-beta.3', 'a'),
  )
  .map(([p, r, s]) => `${p}${r.join('.')}${s}`);

const PYTHON =
  '^(?<major>\\d+)\\.(?<minor>\\d+)\\.(?<patch>\\d+)(?<prerelease>[^.-]+)?(?:-(?<compatibility>.*))?$';
const regexTag = fc
  .tuple(
    fc.array(num, { minLength: 3, maxLength: 3 }),
    pick('', '', 'a1', 'b2', 'rc10'),
    pick('', '-slim', '-alpine'),
  )
  .map(([r, pre, compat]) => `${r.join('.')}${pre}${compat}`);

const schemes: [string, Versioning, fc.Arbitrary<string>][] = [
  ['docker-tag', dockerTagVersioning(), dockerTag],
  ['semver', semverVersioning(), semverTag],
  ['loose', looseVersioning(), looseTag],
  ['regex', regexVersioning(PYTHON), regexTag],
];

function sameLine(v: Versioning, a: string, b: string): boolean {
  return (
    v.getMajor(a) === v.getMajor(b) && v.getMinor(a) === v.getMinor(b) && v.getPatch(a) === v.getPatch(b)
  );
}

/** The specification of findCandidates, written the slow and obvious way. */
function oracle(v: Versioning, current: string, tags: readonly string[]): Candidate[] {
  if (!v.isVersion(current)) return [];
  const eligible = tags.filter(
    (t) =>
      v.isVersion(t) &&
      v.isCompatible(current, t) &&
      v.compare(t, current) > 0 &&
      (v.isStable(t) || (!v.isStable(current) && sameLine(v, current, t))),
  );
  const out: Candidate[] = [];
  for (const type of ['patch', 'minor', 'major'] as const) {
    let best: string | undefined;
    for (const t of eligible) {
      if (updateType(v, current, t) === type && (best === undefined || v.compare(t, best) > 0)) best = t;
    }
    if (best !== undefined) out.push({ type, tag: best });
  }
  return out;
}

describe.each(schemes)('%s properties', (_name, v, tag) => {
  it('generated tags are versions', () => {
    fc.assert(fc.property(tag, (t) => v.isVersion(t) && v.getMajor(t) !== null));
  });

  it('compare is reflexive and antisymmetric', () => {
    fc.assert(
      fc.property(tag, tag, (a, b) => {
        expect(v.compare(a, a)).toBe(0);
        expect(Math.sign(v.compare(a, b)) + Math.sign(v.compare(b, a))).toBe(0);
      }),
    );
  });

  it('compare is transitive', () => {
    fc.assert(
      fc.property(tag, tag, tag, (a, b, c) => {
        const [x, y, z] = [a, b, c].sort((p, q) => v.compare(p, q));
        expect(v.compare(x!, y!)).toBeLessThanOrEqual(0);
        expect(v.compare(y!, z!)).toBeLessThanOrEqual(0);
        expect(v.compare(x!, z!)).toBeLessThanOrEqual(0);
        if (v.compare(x!, y!) < 0 || v.compare(y!, z!) < 0) expect(v.compare(x!, z!)).toBeLessThan(0);
      }),
    );
  });

  it('isCompatible is reflexive and symmetric', () => {
    fc.assert(
      fc.property(tag, tag, (a, b) => {
        expect(v.isCompatible(a, a)).toBe(true);
        expect(v.isCompatible(a, b)).toBe(v.isCompatible(b, a));
      }),
    );
  });

  it('findCandidates returns only compatible, newer, allowed tags, and matches the oracle', () => {
    fc.assert(
      fc.property(
        tag,
        fc.array(fc.oneof(tag, pick('latest', 'stable', 'lts-alpine')), { maxLength: 30 }),
        (cur, tags) => {
          const found = findCandidates(v, cur, tags);
          for (const c of found) {
            expect(tags).toContain(c.tag);
            expect(v.isCompatible(cur, c.tag)).toBe(true);
            expect(v.compare(c.tag, cur)).toBeGreaterThan(0);
            expect(updateType(v, cur, c.tag)).toBe(c.type);
            if (v.isStable(cur)) expect(v.isStable(c.tag)).toBe(true);
          }
          expect(found.map((c) => c.type)).toEqual(
            ['patch', 'minor', 'major'].filter((t) => found.some((c) => c.type === t)),
          );
          expect(found).toEqual(oracle(v, cur, tags));
          expect(findCandidates({ ...v }, cur, tags)).toEqual(found);
        },
      ),
    );
  });

  it('any string is handled without throwing', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          tag.map((t) => `${t}.x`),
          tag.map((t) => `x${t}`),
        ),
        (s) => {
          const isVersion = v.isVersion(s);
          expect(v.getMajor(s) !== null).toBe(isVersion);
          if (!isVersion) {
            expect(v.isStable(s)).toBe(false);
            expect(findCandidates(v, s, [s, '1.2.3'])).toEqual([]);
          }
        },
      ),
    );
  });
});

describe('compareNatural', () => {
  const text = fc.string({ unit: fc.constantFrom('0', '1', '2', '9', 'a', 'B', 'r', 'c', '.', '-') });

  it('is a total order: zero only for equal strings, antisymmetric, transitive', () => {
    fc.assert(
      fc.property(text, text, text, (a, b, c) => {
        expect(compareNatural(a, b) === 0).toBe(a === b);
        expect(Math.sign(compareNatural(a, b)) + Math.sign(compareNatural(b, a))).toBe(0);
        const [x, y, z] = [a, b, c].sort(compareNatural);
        expect(compareNatural(x!, z!)).toBeLessThanOrEqual(0);
        expect(compareNatural(x!, y!)).toBeLessThanOrEqual(0);
        expect(compareNatural(y!, z!)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it.each([
    ['rc10', 'rc9', 1],
    ['rc.2', 'rc.10', -1],
    ['beta', 'beta.2', -1],
    ['alpha', 'beta', -1],
    ['RC1', 'rc2', -1],
    ['rc1', 'RC1', 1],
    ['rc01', 'rc1', -1],
    ['b1', 'rc1', -1],
    ['99999999999999999999', '9999999999999999999', 1],
  ] as const)('compareNatural(%j, %j) has sign %j', (a, b, expected) => {
    expect(Math.sign(compareNatural(a, b))).toBe(expected);
  });
});
