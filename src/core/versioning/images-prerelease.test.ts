/** Realistic tag lists with prereleases and `v` prefixes: what docker-tag versioning proposes. */
import { describe, expect, it } from 'vitest';
import { findCandidates } from './candidates.js';
import { dockerTagVersioning } from './docker-tag.js';

const docker = dockerTagVersioning();
type Expected = readonly (readonly ['patch' | 'minor' | 'major', string])[];
const pairs = (current: string, tags: readonly string[]): Expected =>
  findCandidates(docker, current, tags).map((c) => [c.type, c.tag] as const);

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
