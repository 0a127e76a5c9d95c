import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareSemver, isValidSemver } from './semver.js';

interface NodeSemverFixture {
  comparisons: [string, string][];
  equality: [string, string][];
  recorded: [string, string, number][];
}
const fixture = JSON.parse(
  readFileSync(new URL('fixtures/semver-node.json', import.meta.url), 'utf8'),
) as NodeSemverFixture;

const flip = (r: number): number => (r === 0 ? 0 : -r);

describe('compareSemver: node-semver fixtures', () => {
  it.each(fixture.comparisons)('%j > %j', (a, b) => {
    expect(compareSemver(a, b)).toBe(1);
    expect(compareSemver(b, a)).toBe(-1);
  });

  it.each(fixture.equality)('%j == %j', (a, b) => {
    expect(compareSemver(a, b)).toBe(0);
    expect(compareSemver(b, a)).toBe(0);
  });

  it.each(fixture.recorded)('node-semver 7.8.6: %j vs %j → %i', (a, b, r) => {
    expect(compareSemver(a, b)).toBe(r);
    expect(compareSemver(b, a)).toBe(flip(r));
  });
});

describe('compareSemver: precedence (semver.org §11)', () => {
  const ordered = [
    '1.0.0-0',
    '1.0.0-1',
    '1.0.0-2',
    '1.0.0-10',
    '1.0.0--',
    '1.0.0-A',
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-alpha.beta',
    '1.0.0-beta',
    '1.0.0-beta.2',
    '1.0.0-beta.11',
    '1.0.0-rc.1',
    '1.0.0',
    '1.0.1',
    '1.1.0',
    '1.10.0',
    '2.0.0',
    '10.0.0',
    '9007199254740991.0.0',
  ];
  it.each(ordered.slice(1).map((b, i) => [ordered[i] ?? '', b]))('%s < %s', (a, b) => {
    expect(compareSemver(a, b)).toBe(-1);
    expect(compareSemver(b, a)).toBe(1);
  });

  it('ignores build metadata', () => {
    expect(compareSemver('1.0.0+a', '1.0.0+b')).toBe(0);
    expect(compareSemver('1.0.0-rc.1+build.5', '1.0.0-rc.1')).toBe(0);
  });

  it('compares prerelease numbers beyond 2^53 exactly', () => {
    expect(compareSemver('1.0.0-9007199254740993', '1.0.0-9007199254740992')).toBe(1);
  });
});

describe('isValidSemver', () => {
  // node-semver test/fixtures/valid-versions.js and semver.org examples.
  it.each([
    '1.0.0',
    '2.1.0',
    '3.2.1',
    'v1.2.3',
    '=1.2.3',
    ' v1.2.3 ',
    '1.2.3-0',
    '1.2.3-123',
    '1.2.3-1.2.3',
    '1.2.3-1a',
    '1.2.3-a1',
    '1.2.3-alpha',
    '1.2.3-alpha.1',
    '1.2.3-alpha-1',
    '1.2.3-alpha-.-beta',
    '1.2.3+456',
    '1.2.3+build',
    '1.2.3+new-build',
    '1.2.3+build.1',
    '1.2.3-alpha+build',
    '1.2.3-0a.1+001',
    `${Number.MAX_SAFE_INTEGER}.0.0`,
  ])('%j is valid', (v) => {
    expect(isValidSemver(v)).toBe(true);
  });

  // node-semver test/fixtures/invalid-versions.js, and strict-grammar failures.
  it.each([
    `${'1'.repeat(255)}.0.0`,
    `${Number.MAX_SAFE_INTEGER}0.0.0`,
    `0.${Number.MAX_SAFE_INTEGER}0.0`,
    `0.0.${Number.MAX_SAFE_INTEGER}0`,
    'hello, world',
    'xyz',
    '',
    '1',
    '1.2',
    '1.2.3.4',
    '01.2.3',
    '1.02.3',
    '1.2.03',
    '1.2.3-01',
    '1.2.3-',
    '1.2.3-a..b',
    '1.2.3+',
    '1.2.3+a..b',
    '1.2.3beta',
    '1.2.3-α',
    '~1.2.3',
    '^1.2.3',
    '>1.2.3',
    '1.x',
  ])('%j is not valid', (v) => {
    expect(isValidSemver(v)).toBe(false);
  });
});

describe('compareSemver: invalid strings', () => {
  it('sorts them before every version, and among themselves by code units', () => {
    expect(compareSemver('not-a-version', '0.0.0-0')).toBe(-1);
    expect(compareSemver('1.2', '1.2.3')).toBe(-1);
    expect(compareSemver('b', 'a')).toBe(1);
    expect(compareSemver('x', 'x')).toBe(0);
  });
});
