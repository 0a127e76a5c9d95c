import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareMaven, isValidMaven } from './maven.js';

interface ComparableVersionFixture {
  qualifierOrder: string[];
  numberOrder: string[];
  equal: [string, string][];
  less: [string, string][];
  recorded: [string, string, number][];
}
const fixture = JSON.parse(
  readFileSync(new URL('fixtures/maven-comparable-version.json', import.meta.url), 'utf8'),
) as ComparableVersionFixture;

const flip = (r: number): number => (r === 0 ? 0 : -r);

describe('compareMaven: ComparableVersionTest', () => {
  it.each([
    ['VERSIONS_QUALIFIER', fixture.qualifierOrder],
    ['VERSIONS_NUMBER', fixture.numberOrder],
  ])('%s: every pair in order', (_name, order) => {
    for (const [i, a] of order.entries()) {
      for (const [j, b] of order.entries()) {
        expect(compareMaven(a, b), `${a} vs ${b}`).toBe(Math.sign(i - j));
      }
    }
  });

  it.each(fixture.equal)('%j == %j', (a, b) => {
    expect(compareMaven(a, b)).toBe(0);
    expect(compareMaven(b, a)).toBe(0);
  });

  it.each(fixture.less)('%j < %j', (a, b) => {
    expect(compareMaven(a, b)).toBe(-1);
    expect(compareMaven(b, a)).toBe(1);
  });
});

describe('compareMaven: recorded from maven-artifact 3.9.6', () => {
  it.each(fixture.recorded)('%j vs %j → %i', (a, b, r) => {
    expect(compareMaven(a, b)).toBe(r);
    expect(compareMaven(b, a)).toBe(flip(r));
  });
});

describe('compareMaven: qualifier order of the version order specification', () => {
  const ordered = [
    '1.0-alpha-1',
    '1.0-beta-1',
    '1.0-milestone-1',
    '1.0-rc-1',
    '1.0-SNAPSHOT',
    '1.0',
    '1.0-sp-1',
    '1.0-abc',
    '1.0-1',
    '1.0.1',
  ];
  it.each(ordered.slice(1).map((b, i) => [ordered[i] ?? '', b]))('%s < %s', (a, b) => {
    expect(compareMaven(a, b)).toBe(-1);
  });

  it.each([
    ['1.0-cr-1', '1.0-rc-1'],
    ['1.0.Final', '1.0'],
    ['1.0.GA', '1.0'],
    ['1.0.RELEASE', '1.0'],
    ['1.0.0.RC1', '1.0.0-RC1'],
  ])('%s == %s', (a, b) => {
    expect(compareMaven(a, b)).toBe(0);
  });

  it('keeps Java numeric item types apart: a zero written with 10+ digits is a LongItem', () => {
    // Mirrors ComparableVersion: LongItem(0) > IntItem(0), so these differ though both are zero.
    expect(compareMaven('0000000000.1', '0.1')).toBe(1);
    expect(compareMaven('1.0000000000', '1')).toBe(0);
  });
});

describe('compareMaven: cycles ComparableVersion itself has (recorded from maven-artifact 3.9.6)', () => {
  // Exactness over sanity: Maven's order is not transitive, and neither is this one. Callers that
  // sort should not rely on a total order for odd qualifier mixes.
  it.each([
    ['0', 'x', '0cr0'],
    ['1.0', '1-final10', '1.0.alpha-1'],
    ['1-alpha', '1.0', '1.jre-1'],
    ['1', '1.0-sp', '1.0-final-SNAPSHOT'],
  ])('%s < %s < %s < the first', (a, b, c) => {
    expect(compareMaven(a, b)).toBe(-1);
    expect(compareMaven(b, c)).toBe(-1);
    expect(compareMaven(c, a)).toBe(-1);
  });
});

describe('isValidMaven', () => {
  it('accepts any non-empty string without whitespace, as ComparableVersion parses anything', () => {
    expect(isValidMaven('1.0-SNAPSHOT')).toBe(true);
    expect(isValidMaven('whatever_1+x')).toBe(true);
    expect(isValidMaven('')).toBe(false);
    expect(isValidMaven('1.0 beta')).toBe(false);
  });
});
