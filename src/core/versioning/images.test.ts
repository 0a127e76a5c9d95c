/** Realistic tag lists: what docker-tag versioning proposes for popular images. */
import { describe, expect, it } from 'vitest';
import { findCandidates } from './candidates.js';
import { dockerTagVersioning } from './docker-tag.js';

const docker = dockerTagVersioning();
type Expected = readonly (readonly ['patch' | 'minor' | 'major', string])[];
const pairs = (current: string, tags: readonly string[]): Expected =>
  findCandidates(docker, current, tags).map((c) => [c.type, c.tag] as const);

const nginx = [
  ...['1', '1.26', '1.26.2', '1.26.3', '1.26-alpine', '1.26.3-alpine', '1.26.3-bookworm'],
  ...[
    '1.27',
    '1.27.0',
    '1.27.1',
    '1.27.2',
    '1.27.3',
    '1.27.4',
    '1.27-alpine',
    '1.27.3-alpine',
    '1.27.4-alpine',
  ],
  ...[
    '1.27.3-alpine3.20',
    '1.27.4-alpine3.21',
    '1.27.3-alpine-slim',
    '1.27.4-alpine-slim',
    '1.27-alpine-slim',
  ],
  ...['1.27.3-bookworm', '1.27.4-bookworm', '1.27-bookworm', '1.27.3-perl', '1.27.4-perl', '1.27-perl'],
  ...[
    '1.28',
    '1.28.0',
    '1.28.0-alpine',
    '1.28-alpine',
    '1.28.0-alpine3.21',
    '1.28.0-bookworm',
    '1.28-bookworm',
  ],
  ...[
    '1-alpine',
    'mainline',
    'mainline-alpine',
    'mainline-bookworm',
    'stable',
    'stable-alpine',
    'stable-perl',
  ],
  ...['latest', 'alpine', 'alpine-slim', 'alpine3.21', 'bookworm', 'perl', 'alpine-perl'],
];

const postgres = [
  ...[
    '16',
    '16.4',
    '16.5',
    '16.6',
    '16.4-bookworm',
    '16.6-bookworm',
    '16-alpine',
    '16.6-alpine',
    '16.6-alpine3.21',
  ],
  ...['17', '17.0', '17.2', '17.2-bookworm', '17-bookworm', '17.2-alpine', '17-alpine', '17.2-alpine3.21'],
  ...['17beta3', '17rc1', '17rc1-bookworm', '17beta3-alpine3.20', '18beta1', '18beta1-bookworm'],
  ...['16-bullseye', '16.6-bullseye', 'latest', 'alpine', 'bookworm', 'alpine3.21'],
];

const node = [
  ...['20', '20.11.0', '20.11.1', '20.18.0', '20.18.1', '20.11.0-bookworm-slim', '20.11.1-bookworm-slim'],
  ...[
    '20.18.0-bookworm-slim',
    '20.18.1-bookworm-slim',
    '20-bookworm-slim',
    '20.11.1-alpine',
    '20.18.1-alpine',
  ],
  ...[
    '20.18.1-alpine3.20',
    '20-alpine',
    '22',
    '22.12.0',
    '22.12.0-bookworm-slim',
    '22-bookworm-slim',
    '22.12.0-alpine',
  ],
  ...['23', '23.4.0', '23.4.0-bookworm-slim', '23.4.0-alpine', 'lts', 'lts-alpine', 'lts-bookworm-slim'],
  ...['current', 'current-alpine', 'hydrogen', 'iron-alpine', 'jod', 'slim', 'latest'],
];

const python = [
  ...[
    '3.12',
    '3.12.7',
    '3.12.8',
    '3.13',
    '3.13.0rc2',
    '3.13.0rc3',
    '3.13.0',
    '3.13.1',
    '3.14.0a1',
    '3.14.0a2',
  ],
  ...['3.12-slim', '3.13-slim', '3.12.8-slim-bookworm', '3.13.1-slim-bookworm', '3.14.0a2-slim-bookworm'],
  ...['3.13.0rc3-alpine3.20', '3.13.1-alpine3.20', '3', '3-slim', 'slim', 'alpine'],
];

const redis = [
  '7.2',
  '7.2.4',
  '7.2.6',
  '7.4',
  '7.4.1',
  '7.4-rc1',
  '7.4-rc2',
  '7.4-rc2-alpine',
  '7.4-alpine',
  '7.2-alpine',
];

const traefik = [
  ...['v2.11', 'v2.11.14', 'v3.0', 'v3.0.0', 'v3.0.4', 'v3.1.0-rc1', 'v3.1.0', 'v3.1.7', 'v3.2', 'v3.2.3'],
  ...[
    'v3.3.0-rc1',
    'v3.3.0-rc2',
    '3.2.3',
    '3.2',
    '3.3',
    'v3',
    'latest',
    'mimolette',
    'v3.2.3-windowsservercore-ltsc2022',
  ],
];

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

describe('nginx', () => {
  it.each([
    [
      '1.26.2',
      [
        ['patch', '1.26.3'],
        ['minor', '1.28.0'],
      ],
    ],
    [
      '1.27.3',
      [
        ['patch', '1.27.4'],
        ['minor', '1.28.0'],
      ],
    ],
    ['1.26', [['minor', '1.28']]],
    ['1', []],
    ['1.28.0', []],
    [
      '1.27.3-alpine',
      [
        ['patch', '1.27.4-alpine'],
        ['minor', '1.28.0-alpine'],
      ],
    ],
    ['1.26.3-alpine', [['minor', '1.28.0-alpine']]],
    ['1.27.3-alpine3.20', []],
    ['1.27.4-alpine3.21', [['minor', '1.28.0-alpine3.21']]],
    ['1.27.3-alpine-slim', [['patch', '1.27.4-alpine-slim']]],
    ['1.27-alpine-slim', []],
    ['1.27-bookworm', [['minor', '1.28-bookworm']]],
    ['1.26.3-bookworm', [['minor', '1.28.0-bookworm']]],
    ['1.27.3-perl', [['patch', '1.27.4-perl']]],
    ['1.26-alpine', [['minor', '1.28-alpine']]],
    ['1-alpine', []],
    ['mainline', []],
    ['mainline-alpine', []],
    ['stable-perl', []],
    ['latest', []],
    ['alpine3.21', []],
  ] as const)('%j', (current, expected) => {
    expect(pairs(current, nginx)).toEqual(expected);
  });
});

describe('postgres', () => {
  it.each([
    [
      '16.4',
      [
        ['minor', '16.6'],
        ['major', '17.2'],
      ],
    ],
    ['16', [['major', '17']]],
    [
      '16.4-bookworm',
      [
        ['minor', '16.6-bookworm'],
        ['major', '17.2-bookworm'],
      ],
    ],
    ['16-alpine', [['major', '17-alpine']]],
    ['16.6-alpine3.21', [['major', '17.2-alpine3.21']]],
    ['16.6-bullseye', []],
    // From a prerelease: the release (same numbers → patch, as in Renovate), never 18beta1.
    ['17rc1', [['patch', '17']]],
    ['17beta3', [['patch', '17']]],
    ['17rc1-bookworm', [['patch', '17-bookworm']]],
    ['17beta3-alpine3.20', []],
    ['18beta1', []],
    ['17', []],
  ] as const)('%j', (current, expected) => {
    expect(pairs(current, postgres)).toEqual(expected);
  });

  it('moves between prereleases of the same line when no release exists yet', () => {
    expect(pairs('17beta3', ['17beta3', '17rc1', '18beta1'])).toEqual([['patch', '17rc1']]);
  });
});

describe('node', () => {
  it.each([
    [
      '20.11.1-bookworm-slim',
      [
        ['minor', '20.18.1-bookworm-slim'],
        ['major', '23.4.0-bookworm-slim'],
      ],
    ],
    [
      '20.11.0-bookworm-slim',
      [
        ['patch', '20.11.1-bookworm-slim'],
        ['minor', '20.18.1-bookworm-slim'],
        ['major', '23.4.0-bookworm-slim'],
      ],
    ],
    [
      '20.11.1',
      [
        ['minor', '20.18.1'],
        ['major', '23.4.0'],
      ],
    ],
    ['20', [['major', '23']]],
    ['22', [['major', '23']]],
    ['20-bookworm-slim', [['major', '22-bookworm-slim']]],
    [
      '20.11.1-alpine',
      [
        ['minor', '20.18.1-alpine'],
        ['major', '23.4.0-alpine'],
      ],
    ],
    ['20.18.1-alpine3.20', []],
    ['20-alpine', []],
    ['lts-alpine', []],
    ['lts', []],
    ['iron-alpine', []],
  ] as const)('%j', (current, expected) => {
    expect(pairs(current, node)).toEqual(expected);
  });
});

describe('python (glued prereleases)', () => {
  it.each([
    [
      '3.12.7',
      [
        ['patch', '3.12.8'],
        ['minor', '3.13.1'],
      ],
    ],
    ['3.13.0rc2', [['patch', '3.13.1']]],
    ['3.14.0a1', [['patch', '3.14.0a2']]],
    ['3.12', [['minor', '3.13']]],
    ['3.12-slim', [['minor', '3.13-slim']]],
    ['3.12.8-slim-bookworm', [['minor', '3.13.1-slim-bookworm']]],
    ['3.13.0rc3-alpine3.20', [['patch', '3.13.1-alpine3.20']]],
    ['3', []],
  ] as const)('%j', (current, expected) => {
    expect(pairs(current, python)).toEqual(expected);
  });
});

describe('redis (hyphenated prereleases, a deviation from Renovate)', () => {
  it.each([
    ['7.2', [['minor', '7.4']]],
    ['7.4-rc1', [['patch', '7.4']]],
    ['7.2-alpine', [['minor', '7.4-alpine']]],
    [
      '7.2.4',
      [
        ['patch', '7.2.6'],
        ['minor', '7.4.1'],
      ],
    ],
  ] as const)('%j', (current, expected) => {
    expect(pairs(current, redis)).toEqual(expected);
  });

  it('moves rc to rc within the line', () => {
    expect(pairs('7.4-rc1', ['7.4-rc1', '7.4-rc2', '7.6-rc1'])).toEqual([['patch', '7.4-rc2']]);
  });
});

describe('v-prefixed app tags (traefik)', () => {
  it.each([
    [
      'v3.0.0',
      [
        ['patch', 'v3.0.4'],
        ['minor', 'v3.2.3'],
      ],
    ],
    ['v2.11.14', [['major', 'v3.2.3']]],
    ['v2.11', [['major', 'v3.2']]],
    [
      'v3.1.0-rc1',
      [
        ['patch', 'v3.1.7'],
        ['minor', 'v3.2.3'],
      ],
    ],
    ['v3.3.0-rc1', [['patch', 'v3.3.0-rc2']]],
    ['3.2', [['minor', '3.3']]],
    ['3.2.3', []],
    ['v3', []],
    ['mimolette', []],
  ] as const)('%j', (current, expected) => {
    expect(pairs(current, traefik)).toEqual(expected);
  });
});

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
