import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { comparePep440, isValidPep440 } from './pep440.js';

interface PackagingFixture {
  order: string[];
  invalid: string[];
  normalized: [string, string][];
  recorded: [string, string, number][];
}
const fixture = JSON.parse(
  readFileSync(new URL('fixtures/pep440-packaging.json', import.meta.url), 'utf8'),
) as PackagingFixture;

const flip = (r: number): number => (r === 0 ? 0 : -r);

describe('comparePep440: packaging tests/test_version.py', () => {
  it('orders every pair of VERSIONS as listed', () => {
    const { order } = fixture;
    expect(order.length).toBe(92);
    for (const [i, a] of order.entries()) {
      for (const [j, b] of order.entries()) {
        expect(comparePep440(a, b), `${a} vs ${b}`).toBe(Math.sign(i - j));
      }
    }
  });

  it.each(fixture.order)('%j is valid', (v) => {
    expect(isValidPep440(v)).toBe(true);
  });

  it.each(fixture.invalid)('%j is not valid', (v) => {
    expect(isValidPep440(v)).toBe(false);
  });

  it.each(fixture.normalized)('%j == %j', (v, normalized) => {
    expect(comparePep440(v, normalized)).toBe(0);
  });

  it('1.0rc1 == 1.0c1 (test_version_rc_and_c_equals)', () => {
    expect(comparePep440('1.0rc1', '1.0c1')).toBe(0);
  });
});

describe('comparePep440: recorded from packaging 26.2', () => {
  it.each(fixture.recorded)('%j vs %j → %i', (a, b, r) => {
    expect(comparePep440(a, b)).toBe(r);
    expect(comparePep440(b, a)).toBe(flip(r));
  });
});

describe('comparePep440: PEP 440 rules', () => {
  it.each([
    ['1.0.0', '1', 0],
    ['1.0.0a1', '1.0.0-alpha.1', 0],
    ['1.0.0a1', '1.0a1', 0],
    ['1.0.0.post1', '1.0.0-1', 0],
    ['1.0.0.preview2', '1.0.0rc2', 0],
    ['1.0+Ubuntu-1', '1.0+ubuntu.1', 0],
    ['1.0+01', '1.0+1', 0],
    ['2!0.1', '1!99', 1],
    ['0!1.0', '1.0', 0],
    ['1.0.dev1', '1.0a1', -1],
    ['1.0a1.post1', '1.0a2.dev1', -1],
    ['1.0.post1.dev1', '1.0.post1', -1],
    ['1.0', '1.0+local', -1],
    ['1.0+abc', '1.0+abc.0', -1],
    ['1.0+zzz', '1.0+0', -1],
    ['1.0.99999999999999999999', '1.0.99999999999999999998', 1],
    ['1.10', '1.9', 1],
  ])('%j vs %j → %i', (a, b, r) => {
    expect(comparePep440(a, b)).toBe(r);
    expect(comparePep440(b, a)).toBe(flip(r));
  });

  it('sorts invalid strings first, among themselves by code units', () => {
    expect(comparePep440('lolwat', '0')).toBe(-1);
    expect(comparePep440('1.0.0-foo', '0')).toBe(-1);
    expect(comparePep440('b', 'a')).toBe(1);
  });
});
