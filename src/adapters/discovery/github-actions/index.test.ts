import { describe, expect, it } from 'vitest';
import { awkward, rewriteAll, summary } from '../shared/testing.js';
import { githubActions, scanWorkflow } from './index.js';

const DIGEST = `sha256:${'2'.repeat(64)}`;
const TEXT = `name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    container: node:20-bookworm   # build image
    services:
      db:
        image: "postgres:16"
        env: { POSTGRES_PASSWORD: x }
      cache:
        image: \${{ matrix.redis }}
    steps:
      - uses: actions/checkout@v4
      - uses: docker://alpine:3.19
        with: { args: echo hi }
      - run: echo done
  lint:
    container:
      image: 'ghcr.io/acme/lint@${DIGEST}'
      credentials: { username: x }
`;

describe('githubActions', () => {
  it.each([
    ['.github/workflows/ci.yml', true],
    ['sub/.github/workflows/release.yaml', true],
    ['.github/workflows/nested/x.yml', false],
    ['.github/dependabot.yml', false],
  ])('matches %s → %s', (path, expected) => expect(githubActions.matches(path)).toBe(expected));

  it('finds job containers, service images and docker:// steps', () => {
    expect(summary(TEXT, scanWorkflow('.github/workflows/ci.yml', TEXT))).toEqual([
      { at: '6:16', image: 'node:20-bookworm', spans: ['image:node:20-bookworm'], meta: { job: 'test' } },
      {
        at: '9:17',
        image: 'postgres:16',
        spans: ['image:postgres:16'],
        meta: { job: 'test', service: 'db' },
      },
      {
        at: '12:16',
        image: '${{ matrix.redis }}',
        spans: [],
        unresolved: '${{ matrix.redis }} has no value here',
        meta: { job: 'test', service: 'cache' },
      },
      { at: '15:24', image: 'alpine:3.19', spans: ['image:alpine:3.19'], meta: { job: 'test', step: '1' } },
      {
        at: '20:15',
        image: `ghcr.io/acme/lint@${DIGEST}`,
        spans: [`image:ghcr.io/acme/lint@${DIGEST}`],
        meta: { job: 'lint' },
      },
    ]);
  });

  it('reports malformed YAML and non-string images', () => {
    expect(scanWorkflow('.github/workflows/x.yml', 'jobs:\n  a:\n    container: [x]\n').problems).toEqual([
      { file: '.github/workflows/x.yml', line: 3, column: 16, message: 'jobs.a.container must be a string' },
    ]);
    const bad = scanWorkflow('.github/workflows/x.yml', 'jobs:\n  a: {container: x\n');
    expect(bad.problems.map((p) => [p.line, p.column])).toEqual([[3, 1]]);
  });

  it('rewrites byte for byte', () => {
    const text = awkward(TEXT);
    const out = rewriteAll(text, scanWorkflow('.github/workflows/ci.yml', text), {
      'node:20-bookworm': { tag: '22-bookworm' },
      'alpine:3.19': { tag: '3.20', digest: DIGEST },
      [`ghcr.io/acme/lint@${DIGEST}`]: { tag: 'v2' },
    });
    const expected = awkward(
      TEXT.replace('node:20-bookworm   #', 'node:22-bookworm   #')
        .replace('docker://alpine:3.19', `docker://alpine:3.20@${DIGEST}`)
        .replace(`'ghcr.io/acme/lint@${DIGEST}'`, "'ghcr.io/acme/lint:v2'"),
    );
    expect(out).toBe(expected);
  });
});
