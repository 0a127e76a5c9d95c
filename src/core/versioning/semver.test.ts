import { describe, expect, it } from 'vitest';
import { findCandidates } from './candidates.js';
import { semverVersioning } from './semver.js';

const semver = semverVersioning();

describe('semver: isVersion', () => {
  it.each([
    // From Renovate's semver spec (isValid / isSingleVersion).
    ['17.04.0', false],
    ['1.2.3', true],
    ['1.2.3-foo', true],
    ['1.2.3foo', false],
    ['~1.2.3', false],
    ['^1.2.3', false],
    ['>1.2.3', false],
    ['renovatebot/renovate', false],
    ['renovatebot/renovate#master', false],
    ['https://github.com/renovatebot/renovate.git', false],
    ['1.2.3-alpha.1', true],
    ['=1.2.3', false],
    ['= 1.2.3', false],
    ['1.x', false],
    // From node-semver's valid-versions fixture.
    ['1.0.0', true],
    ['2.1.0', true],
    ['3.2.1', true],
    ['v1.2.3', true],
    ['1.2.3-0', true],
    ['1.2.3-123', true],
    ['1.2.3-1.2.3', true],
    ['1.2.3-1a', true],
    ['1.2.3-a1', true],
    ['1.2.3-alpha', true],
    ['1.2.3-alpha-1', true],
    ['1.2.3-alpha-.-beta', true],
    ['1.2.3+456', true],
    ['1.2.3+build', true],
    ['1.2.3+new-build', true],
    ['1.2.3+build.1', true],
    ['1.2.3+build.1a', true],
    ['1.2.3+build.alpha.beta', true],
    ['1.2.3-alpha+build', true],
    // node-semver's invalid-versions fixture and SemVer 2.0 rules.
    [`${Number.MAX_SAFE_INTEGER}0.0.0`, false],
    [`0.${Number.MAX_SAFE_INTEGER}0.0`, false],
    [`0.0.${Number.MAX_SAFE_INTEGER}0`, false],
    ['hello, world', false],
    ['xyz', false],
    ['1.2', false],
    ['1', false],
    ['1.2.3.4', false],
    ['01.2.3', false],
    ['1.02.3', false],
    ['1.2.03', false],
    ['1.2.3-01', false],
    ['1.2.3-alpha..1', false],
    ['1.2.3-', false],
    ['1.2.3+', false],
    ['1.2.3-alpha_1', false],
    [' 1.2.3', false],
    ['V1.2.3', false],
    ['latest', false],
    ['1.2.3-alpine', true],
  ] as const)('isVersion(%j) === %j', (tag, expected) => {
    expect(semver.isVersion(tag)).toBe(expected);
  });
});

describe('semver: precedence', () => {
  // node-semver's comparisons fixture: the first is greater than the second.
  it.each([
    ['0.0.0', '0.0.0-foo'],
    ['0.0.1', '0.0.0'],
    ['1.0.0', '0.9.9'],
    ['0.10.0', '0.9.0'],
    ['0.99.0', '0.10.0'],
    ['2.0.0', '1.2.3'],
    ['v0.0.0', '0.0.0-foo'],
    ['v0.0.1', '0.0.0'],
    ['v1.0.0', '0.9.9'],
    ['v0.10.0', '0.9.0'],
    ['v0.99.0', '0.10.0'],
    ['v2.0.0', '1.2.3'],
    ['0.0.0', 'v0.0.0-foo'],
    ['0.0.1', 'v0.0.0'],
    ['1.0.0', 'v0.9.9'],
    ['0.10.0', 'v0.9.0'],
    ['0.99.0', 'v0.10.0'],
    ['2.0.0', 'v1.2.3'],
    ['1.2.3', '1.2.3-asdf'],
    ['1.2.3', '1.2.3-4'],
    ['1.2.3', '1.2.3-4-foo'],
    ['1.2.3-5-foo', '1.2.3-5'],
    ['1.2.3-5', '1.2.3-4'],
    ['1.2.3-5-foo', '1.2.3-5-Foo'],
    ['3.0.0', '2.7.2+asdf'],
    ['1.2.3-a.10', '1.2.3-a.5'],
    ['1.2.3-a.b', '1.2.3-a.5'],
    ['1.2.3-a.b', '1.2.3-a'],
    ['1.2.3-a.b.c.10.d.5', '1.2.3-a.b.c.5.d.100'],
    ['1.2.3-r2', '1.2.3-r100'],
    ['1.2.3-r100', '1.2.3-R2'],
    ['1.2.3-99999999999999999999', '1.2.3-9999999999999999999'],
  ] as const)('%j > %j', (a, b) => {
    expect(semver.compare(a, b)).toBeGreaterThan(0);
    expect(semver.compare(b, a)).toBeLessThan(0);
  });

  it('orders the SemVer 2.0 §11 example', () => {
    const spec = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
    ];
    expect([...spec].reverse().sort((a, b) => semver.compare(a, b))).toEqual(spec);
  });

  // node-semver's equality fixture (strict entries): build metadata does not count.
  it.each([
    ['1.2.3', 'v1.2.3'],
    ['1.2.3-0', 'v1.2.3-0'],
    ['1.2.3-1', 'v1.2.3-1'],
    ['1.2.3-beta', 'v1.2.3-beta'],
    ['1.2.3-beta+build', '1.2.3-beta+otherbuild'],
    ['1.2.3+build', '1.2.3+otherbuild'],
  ] as const)('%j equals %j', (a, b) => {
    expect(semver.compare(a, b)).toBe(0);
  });
});

describe('semver: parts, stability, compatibility', () => {
  it.each([
    ['1.2.3', 1, 2, 3, true],
    ['v10.20.30', 10, 20, 30, true],
    ['1.2.3-alpha.1', 1, 2, 3, false],
    ['1.2.3+build', 1, 2, 3, true],
    ['1.2.3-0+build', 1, 2, 3, false],
    ['1.2', null, null, null, false],
  ] as const)('%j → %j.%j.%j stable=%j', (tag, major, minor, patch, stable) => {
    expect(semver.getMajor(tag)).toBe(major);
    expect(semver.getMinor(tag)).toBe(minor);
    expect(semver.getPatch(tag)).toBe(patch);
    expect(semver.isStable(tag)).toBe(stable);
  });

  it.each([
    ['1.2.3', '2.0.0', true],
    ['1.2.3', '1.2.4-rc.1', true],
    ['v1.2.3', 'v2.0.0', true],
    ['v1.2.3', '2.0.0', false],
    ['1.2.3', 'v2.0.0', false],
    ['1.2.3', '1.3', false],
    ['latest', '1.2.3', false],
  ] as const)('isCompatible(%j, %j) === %j', (current, candidate, expected) => {
    expect(semver.isCompatible(current, candidate)).toBe(expected);
  });
});

describe('semver: findCandidates', () => {
  const tags = [
    'v1.9.0',
    'v1.10.0',
    'v1.10.1',
    'v1.10.2-rc.1',
    'v1.11.0-beta.1',
    'v1.11.0',
    'v2.0.0-rc.1',
    'v2.0.0',
    'v2.1.0',
    '2.2.0',
    'v1.10.10',
    'latest',
  ];
  it.each([
    [
      'v1.10.0',
      [
        ['patch', 'v1.10.10'],
        ['minor', 'v1.11.0'],
        ['major', 'v2.1.0'],
      ],
    ],
    [
      'v1.10.2-rc.0',
      [
        ['patch', 'v1.10.10'],
        ['minor', 'v1.11.0'],
        ['major', 'v2.1.0'],
      ],
    ],
    [
      'v2.0.0-rc.0',
      [
        ['patch', 'v2.0.0'],
        ['minor', 'v2.1.0'],
      ],
    ],
    [
      'v1.11.0-alpha',
      [
        ['patch', 'v1.11.0'],
        ['major', 'v2.1.0'],
      ],
    ],
    ['v2.1.0', []],
    ['2.1.0', [['minor', '2.2.0']]],
    ['latest', []],
  ] as const)('from %j', (current, expected) => {
    expect(findCandidates(semver, current, tags).map((c) => [c.type, c.tag])).toEqual(expected);
  });

  it('allows prereleases of the same line only', () => {
    const list = ['1.0.0-rc.1', '1.0.0-rc.2', '1.0.1-rc.1', '1.1.0-alpha', '2.0.0-alpha'];
    expect(findCandidates(semver, '1.0.0-rc.1', list)).toEqual([{ type: 'patch', tag: '1.0.0-rc.2' }]);
    expect(findCandidates(semver, '1.0.0', list)).toEqual([]);
  });
});
