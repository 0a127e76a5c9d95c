import { describe, expect, it } from 'vitest';
import { findCandidates } from './candidates.js';
import { looseVersioning } from './loose.js';

const loose = looseVersioning();

describe('loose: isVersion', () => {
  it.each([
    // From Renovate's loose spec (isVersion, isValid).
    ['1.1', true],
    ['1.3.RC2', true],
    ['2.1-rc2', true],
    ['v1.4', true],
    ['3.5.0', true],
    ['4.2.21.Final', true],
    ['0.6.5.1', true],
    ['20100527', true],
    ['2.1.0-M3', true],
    ['4.3.20.RELEASE', true],
    ['1.1-groovy-2.4', true],
    ['0.8a', true],
    ['3.1.0.GA', true],
    ['3.0.0-beta.3', true],
    ['foo', false],
    ['1.2.3.4.5.6.7', false],
    ['0a1b2c3', false],
    ['0a1b2c3d', false],
    ['0a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d', false],
    ['0a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0', true],
    ['0a1b2C3', true],
    ['0z1b2c3', true],
    ['0A1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d', true],
    ['123098140293', true],
    ['1.2.0', true],
    // Ours.
    ['1.2.3.4.5.6', true],
    ['2023-07-21T11-33-05.abc123', true],
    ['latest', false],
    ['release-1.2.3', false],
    ['', false],
  ] as const)('isVersion(%j) === %j', (tag, expected) => {
    expect(loose.isVersion(tag)).toBe(expected);
  });
});

describe('loose: compare', () => {
  it.each([
    // Renovate equals.
    ['2.4', '2.4', true],
    ['2.4.0', '2.4.0', true],
    ['2.4.0', '2.4', false],
    ['2.4.1', '2.4', false],
    ['2.4.2', '2.4.1', false],
  ] as const)('compare(%j, %j) === 0 is %j', (a, b, expected) => {
    expect(loose.compare(a, b) === 0).toBe(expected);
  });

  it.each([
    // Renovate isGreaterThan.
    ['2.4.0', '2.4', true],
    ['2.4.2', '2.4.1', true],
    ['2.4.beta', '2.4.alpha', true],
    ['1.9', '2', false],
    ['1.9', '1.9.1', false],
    ['2.4', '2.4.beta', true],
    ['2.4.0', '2.4.beta', true],
    ['2.4.beta', '2.4', false],
    ['2.4.beta', '2.4.0', false],
    ['2024-07-21T11-33-05.abc123', '2023-06-21T11-33-05.abc123', true],
    ['2023-07-21T11-33-05.abc123', '2023-07-21T11-33-04.abc123', true],
    ['2023-07-21-113305-abc123', '2023-07-21-113304-abc123', true],
    // Ours: numeric release parts and natural suffixes.
    ['1.10', '1.9', true],
    ['2.1-rc10', '2.1-rc9', true],
    ['4.3.20.RELEASE', '4.3.9.RELEASE', true],
    ['v1.5', 'v1.4', true],
  ] as const)('compare(%j, %j) > 0 is %j', (a, b, expected) => {
    expect(loose.compare(a, b) > 0).toBe(expected);
  });
});

describe('loose: stability and compatibility', () => {
  it.each([
    // Deviation: Renovate's loose calls every version stable.
    ['1.2.0', true],
    ['4.2.21.Final', true],
    ['4.3.20.RELEASE', true],
    ['3.1.0.GA', true],
    ['1.1-groovy-2.4', true],
    ['0.8a', true],
    ['2023-07-21T11-33-05.abc123', true],
    ['1.2-devel', true],
    ['1.2-dev', false],
    ['1.3.RC2', false],
    ['2.1-rc2', false],
    ['2.1.0-M3', false],
    ['3.0.0-beta.3', false],
    ['3.7.0b1', false],
    ['1.0-SNAPSHOT', false],
    ['21-ea', false],
    ['foo', false],
  ] as const)('isStable(%j) === %j', (tag, expected) => {
    expect(loose.isStable(tag)).toBe(expected);
  });

  it.each([
    ['1.2.0', '1.3.0', true],
    ['1.2.0', '1.3.0.Final', true],
    ['4.3.20.RELEASE', '4.3.21.RELEASE', true],
    ['1.2', '1.2.1', false],
    ['v1.2', 'v1.3', true],
    ['v1.2', '1.3', false],
    ['foo', '1.2', false],
  ] as const)('isCompatible(%j, %j) === %j', (current, candidate, expected) => {
    expect(loose.isCompatible(current, candidate)).toBe(expected);
  });

  it.each([
    ['4.2.21.Final', 4, 2, 21],
    ['20100527', 20100527, null, null],
    ['v1.4', 1, 4, null],
    ['foo', null, null, null],
  ] as const)('%j → %j.%j.%j', (tag, major, minor, patch) => {
    expect(loose.getMajor(tag)).toBe(major);
    expect(loose.getMinor(tag)).toBe(minor);
    expect(loose.getPatch(tag)).toBe(patch);
  });
});

describe('loose: findCandidates', () => {
  it('selects within the same precision, skipping prereleases', () => {
    const tags = [
      '4.3.19.RELEASE',
      '4.3.20.RELEASE',
      '4.3.21.RELEASE',
      '4.4.0.M1',
      '4.4.1.RELEASE',
      '5.0.0.RC1',
      '5.0.0',
    ];
    expect(findCandidates(loose, '4.3.20.RELEASE', tags)).toEqual([
      { type: 'patch', tag: '4.3.21.RELEASE' },
      { type: 'minor', tag: '4.4.1.RELEASE' },
      { type: 'major', tag: '5.0.0' },
    ]);
  });

  it('orders timestamp tags', () => {
    const tags = ['2023-06-21T11-33-05.abc123', '2024-07-21T11-33-05.abc123', '2024-07-22T00-00-00.def456'];
    expect(findCandidates(loose, '2023-06-21T11-33-05.abc123', tags)).toEqual([
      { type: 'major', tag: '2024-07-22T00-00-00.def456' },
    ]);
  });
});
