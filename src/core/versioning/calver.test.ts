/** Calendar versions are docker tags whose parts are dates; they compare numerically (`2024.10` > `2024.9`). */
import { describe, expect, it } from 'vitest';
import { findCandidates } from './candidates.js';
import { dockerTagVersioning } from './docker-tag.js';

const docker = dockerTagVersioning();
type Expected = readonly (readonly ['patch' | 'minor' | 'major', string])[];
const pairs = (current: string, tags: readonly string[]): Expected =>
  findCandidates(docker, current, tags).map((c) => [c.type, c.tag] as const);

const homeAssistant = [
  ...['2024.5.0', '2024.5.5', '2024.10.0', '2024.10.1', '2024.10.4', '2024.12.0b0', '2024.12.0', '2024.12.5'],
  ...[
    '2025.1.0b2',
    '2025.1.0',
    '2025.2.0b1',
    'stable',
    'beta',
    'dev',
    'rc',
    'latest',
    '2024.12.0.dev20241120',
  ],
];

const calver = [
  '2024.05.0',
  '2024.05.1',
  '2024.9.0',
  '2024.10.0',
  '2024.10.1',
  '2025.01.0',
  '2025.01.0-rc.1',
];

const ubuntu = [
  '20.04',
  '22.04',
  '22.10',
  '24.04',
  '24.10',
  'jammy',
  'noble',
  'jammy-20240911',
  'latest',
  'rolling',
];

describe('calver', () => {
  it.each([
    [
      '2024.05.0',
      [
        ['patch', '2024.05.1'],
        ['minor', '2024.10.1'],
        ['major', '2025.01.0'],
      ],
    ],
    [
      '2024.9.0',
      [
        ['minor', '2024.10.1'],
        ['major', '2025.01.0'],
      ],
    ],
    ['2024.10.1', [['major', '2025.01.0']]],
    ['2025.01.0', []],
  ] as const)('%j', (current, expected) => {
    expect(pairs(current, calver)).toEqual(expected);
  });

  it.each([
    [
      '2024.10.1',
      [
        ['patch', '2024.10.4'],
        ['minor', '2024.12.5'],
        ['major', '2025.1.0'],
      ],
    ],
    [
      '2024.5.0',
      [
        ['patch', '2024.5.5'],
        ['minor', '2024.12.5'],
        ['major', '2025.1.0'],
      ],
    ],
    [
      '2024.12.0b0',
      [
        ['patch', '2024.12.5'],
        ['major', '2025.1.0'],
      ],
    ],
    ['2025.2.0b1', []],
    ['stable', []],
  ] as const)('home-assistant %j', (current, expected) => {
    expect(pairs(current, homeAssistant)).toEqual(expected);
  });

  it.each([
    [
      '22.04',
      [
        ['minor', '22.10'],
        ['major', '24.10'],
      ],
    ],
    ['20.04', [['major', '24.10']]],
    ['24.10', []],
    ['jammy-20240911', []],
  ] as const)('ubuntu %j', (current, expected) => {
    expect(pairs(current, ubuntu)).toEqual(expected);
  });
});

describe('calver: parsing and order', () => {
  it.each([
    ['2024.10.0', '2024.9.0', 1],
    ['2024.10.0', '2024.05.0', 1],
    ['2024.05.0', '2024.5.0', 0],
    ['2025.01.0', '2024.12.31', 1],
    ['2024.05.1', '2024.05.0', 1],
    ['24.10', '24.04', 1],
    ['20240512', '20231231', 1],
    ['2024.12.0', '2024.12.0b0', 1],
  ] as const)('compare(%j, %j) has sign %j', (a, b, expected) => {
    expect(Math.sign(docker.compare(a, b))).toBe(expected);
  });

  it.each([
    ['2024.05.0', 2024, 5, 0, true],
    ['2024.12.0b3', 2024, 12, 0, false],
    ['24.04', 24, 4, null, true],
    ['20240512', 20240512, null, null, true],
    ['RELEASE.2024-07-16T23-46-41Z', null, null, null, false],
  ] as const)('%j → %j.%j.%j stable=%j', (tag, major, minor, patch, stable) => {
    expect(docker.getMajor(tag)).toBe(major);
    expect(docker.getMinor(tag)).toBe(minor);
    expect(docker.getPatch(tag)).toBe(patch);
    expect(docker.isStable(tag)).toBe(stable);
  });

  it('a date tag moves to the newest date', () => {
    expect(pairs('20240512', ['20231231', '20240601', '20241130', 'latest'])).toEqual([
      ['major', '20241130'],
    ]);
  });
});
