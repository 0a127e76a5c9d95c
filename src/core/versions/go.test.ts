import { describe, expect, it } from 'vitest';
import { compareGo, isValidGo } from './go.js';

// golang.org/x/mod/semver semver_test.go `tests`: ascending; equal canonical forms are equal
// versions; "" marks an invalid version.
const TESTS: [string, string][] = [
  ['bad', ''],
  ['v1-alpha.beta.gamma', ''],
  ['v1-pre', ''],
  ['v1+meta', ''],
  ['v1-pre+meta', ''],
  ['v1.2-pre', ''],
  ['v1.2+meta', ''],
  ['v1.2-pre+meta', ''],
  ['v1.0.0-alpha', 'v1.0.0-alpha'],
  ['v1.0.0-alpha.1', 'v1.0.0-alpha.1'],
  ['v1.0.0-alpha.beta', 'v1.0.0-alpha.beta'],
  ['v1.0.0-beta', 'v1.0.0-beta'],
  ['v1.0.0-beta.2', 'v1.0.0-beta.2'],
  ['v1.0.0-beta.11', 'v1.0.0-beta.11'],
  ['v1.0.0-rc.1', 'v1.0.0-rc.1'],
  ['v1', 'v1.0.0'],
  ['v1.0', 'v1.0.0'],
  ['v1.0.0', 'v1.0.0'],
  ['v1.2', 'v1.2.0'],
  ['v1.2.0', 'v1.2.0'],
  ['v1.2.3-456', 'v1.2.3-456'],
  ['v1.2.3-456.789', 'v1.2.3-456.789'],
  ['v1.2.3-456-789', 'v1.2.3-456-789'],
  ['v1.2.3-456a', 'v1.2.3-456a'],
  ['v1.2.3-pre', 'v1.2.3-pre'],
  ['v1.2.3-pre+meta', 'v1.2.3-pre'],
  ['v1.2.3-pre.1', 'v1.2.3-pre.1'],
  ['v1.2.3-zzz', 'v1.2.3-zzz'],
  ['v1.2.3', 'v1.2.3'],
  ['v1.2.3+meta', 'v1.2.3'],
  ['v1.2.3+meta-pre', 'v1.2.3'],
  ['v1.2.3+meta-pre.sha.256a', 'v1.2.3'],
];

describe('compareGo: x/mod/semver TestIsValid and TestCompare', () => {
  it.each(TESTS)('isValidGo(%j) is %j !== ""', (v, canonical) => {
    expect(isValidGo(v)).toBe(canonical !== '');
  });

  it('compares every pair as x/mod does', () => {
    for (const [i, [v, cv]] of TESTS.entries()) {
      for (const [j, [w, cw]] of TESTS.entries()) {
        // x/mod says two invalid versions are equal; here they order by code units.
        const want = cv === '' && cw === '' ? (v < w ? -1 : v > w ? 1 : 0) : cv === cw ? 0 : Math.sign(i - j);
        expect(compareGo(v, w), `${v} vs ${w}`).toBe(want);
      }
    }
  });

  it.each([
    ['v1', 'v1', 0],
    ['v2', 'v1', 1],
    ['v1', 'v2', -1],
    ['v1.19', 'v1.2', 1],
    ['v1.10.0', 'v1.9.9', 1],
  ])('Compare(%j, %j) = %i', (a, b, r) => {
    expect(compareGo(a, b)).toBe(r);
  });
});

describe('compareGo: module versions', () => {
  it.each([
    // Pseudo-versions are prereleases of the next version.
    ['v0.0.0-20191109021931-daa7c04131f5', 'v0.0.0-20191109021932-aaaaaaaaaaaa', -1],
    ['v0.0.0-20191109021931-daa7c04131f5', 'v0.0.1', -1],
    ['v1.2.2', 'v1.2.3-0.20191109021931-daa7c04131f5', -1],
    ['v1.2.3-0.20191109021931-daa7c04131f5', 'v1.2.3', -1],
    ['v1.2.3-pre', 'v1.2.3-pre.0.20191109021931-daa7c04131f5', -1],
    // +incompatible is build metadata.
    ['v2.0.0+incompatible', 'v2.0.0', 0],
    ['v2.0.0+incompatible', 'v2.0.1+incompatible', -1],
    ['v3.9.9', 'v4.1.0+incompatible', -1],
    // OSV spells Go versions without the v.
    ['1.20.1', 'v1.20.1', 0],
    ['0', 'v0.0.0', 0],
    ['1.2', 'v1.2.0', 0],
    ['0', '0.0.1-pre', -1],
    ['1.21.0-rc.1', '1.21.0', -1],
  ])('%j vs %j → %i', (a, b, r) => {
    expect(compareGo(a, b)).toBe(r);
    expect(compareGo(b, a)).toBe(r === 0 ? 0 : -r);
  });

  it.each([
    'v1',
    'v1.2',
    'v1.2.3',
    '1.2.3',
    '0',
    'v0.0.0-20191109021931-daa7c04131f5',
    'v2.0.0+incompatible',
  ])('%j is valid', (v) => {
    expect(isValidGo(v)).toBe(true);
  });

  it.each([
    '',
    'v',
    'v01.2.3',
    'v1.02',
    'v1.2.3-01',
    'v1.2.3-',
    'v1.2.3+',
    'vv1',
    'V1.2.3',
    'v1.2.3.4',
    ' v1.0.0',
  ])('%j is not valid', (v) => {
    expect(isValidGo(v)).toBe(false);
  });
});
