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
