import { describe, expect, it } from 'vitest';
import { rewriteAll, summary } from '../shared/testing.js';
import { dockerfile, scanDockerfile } from './index.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const DIGEST2 = `sha256:${'b'.repeat(64)}`;
const scan = (text: string) => scanDockerfile('app/Dockerfile', text);

describe('dockerfile.matches', () => {
  it.each([
    ['Dockerfile', true],
    ['a/b/Containerfile', true],
    ['web.Dockerfile', true],
    ['docker/api.dockerfile', true],
    ['Dockerfile.prod', true],
    ['Containerfile.dev', true],
    ['Dockerfile.dockerignore', false],
    ['Dockerfile.md', false],
    ['NotADockerfile', false],
    ['Dockerfile/readme.txt', false],
  ])('%s → %s', (path, expected) => {
    expect(dockerfile.matches(path)).toBe(expected);
  });
});

describe('scanDockerfile', () => {
  it('finds FROM with flags, aliases, stages, scratch and COPY --from', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'FROM --platform=linux/arm64 golang:1.22-alpine AS build',
      'from build as test',
      'FROM scratch',
      'COPY --from=build /out /out',
      'COPY --from=0 /x /x',
      'COPY --link --from=busybox:1.36 /bin/sh /sh',
      'RUN --mount=type=bind,from=alpine:3.19,target=/a true',
      'FROM gcr.io/distroless/static@' + DIGEST,
      '',
    ].join('\n');
    expect(summary(text, scan(text))).toEqual([
      {
        at: '2:29',
        image: 'golang:1.22-alpine',
        spans: ['image:golang:1.22-alpine'],
        meta: { platform: 'linux/arm64', stage: 'build' },
      },
      {
        at: '7:20',
        image: 'busybox:1.36',
        spans: ['image:busybox:1.36'],
        meta: { instruction: 'COPY --from' },
      },
      {
        at: '8:28',
        image: 'alpine:3.19',
        spans: ['image:alpine:3.19'],
        meta: { instruction: 'RUN --mount' },
      },
      {
        at: '9:6',
        image: `gcr.io/distroless/static@${DIGEST}`,
        spans: [`image:gcr.io/distroless/static@${DIGEST}`],
      },
    ]);
    expect(scan(text).problems).toEqual([]);
  });

  it('puts the span on an ARG default that holds the whole image', () => {
    const text = 'ARG BASE=nginx:1.21\nARG QUOTED="redis:7"\nFROM ${BASE}\nFROM $QUOTED AS r\n';
    expect(summary(text, scan(text))).toEqual([
      { at: '3:6', image: 'nginx:1.21', spans: ['image:nginx:1.21'] },
      { at: '4:6', image: 'redis:7', spans: ['image:redis:7'], meta: { stage: 'r' } },
    ]);
    expect(scan(text).references[0]!.spans[0]).toEqual({ start: 9, end: 19, form: 'image' });
  });

  it('puts a tag span on an ARG default that holds only the tag', () => {
    const text = 'ARG TAG=1.21\nARG REG=registry.local:5000\nFROM nginx:${TAG}\nFROM ${REG}/team/app:2.0\n';
    expect(summary(text, scan(text))).toEqual([
      { at: '3:6', image: 'nginx:1.21', spans: ['tag:1.21'] },
      { at: '4:6', image: 'registry.local:5000/team/app:2.0', spans: ['tag:2.0'] },
    ]);
  });

  it('uses inline defaults and reports unset variables as unresolved', () => {
    const text = 'ARG NOVALUE\nFROM ${IMG:-node:20}\nFROM ${NOVALUE}\nFROM $REGISTRY/app:${TAG:-1}\n';
    expect(summary(text, scan(text))).toEqual([
      { at: '2:6', image: 'node:20', spans: ['image:node:20'] },
      { at: '3:6', image: '${NOVALUE}', spans: [], unresolved: 'NOVALUE has no value here' },
      { at: '4:6', image: '$REGISTRY/app:${TAG:-1}', spans: [], unresolved: 'REGISTRY has no value here' },
    ]);
  });

  it('is read-only when the tag is split across variables', () => {
    const text = 'ARG MAJOR=1\nARG MINOR=21\nFROM nginx:${MAJOR}.${MINOR}\n';
    expect(summary(text, scan(text))).toEqual([
      { at: '3:6', image: 'nginx:1.21', spans: [], readOnlyReason: 'the tag comes from several parts' },
    ]);
  });

  it('scopes ARGs: globals in FROM, stage ARGs (bare ARG inherits) in COPY --from', () => {
    const text = [
      'ARG HELPER=busybox:1.36',
      'FROM alpine:3',
      'COPY --from=${HELPER} /a /a',
      'ARG HELPER',
      'COPY --from=${HELPER} /b /b',
      'ARG OTHER=tools:1',
      'COPY --from=$OTHER /c /c',
    ].join('\n');
    expect(summary(text, scan(text)).map((r) => (r as { image: string }).image)).toEqual([
      'alpine:3',
      '${HELPER}',
      'busybox:1.36',
      'tools:1',
    ]);
  });

  it('handles continuations, comments inside them, case, CRLF, BOM and heredocs', () => {
    const text =
      '\uFEFFfrom \\\r\n  # a comment\r\n\r\n  --platform=$BUILDPLATFORM \\\r\n  python:3.12 \\\r\n  AS base\r\nRUN <<EOF\r\nFROM not:me\r\nEOF\r\nFROM python:3.13';
    expect(summary(text, scan(text))).toEqual([
      {
        at: '5:3',
        image: 'python:3.12',
        spans: ['image:python:3.12'],
        meta: { platform: '$BUILDPLATFORM', stage: 'base' },
      },
      { at: '10:6', image: 'python:3.13', spans: ['image:python:3.13'] },
    ]);
  });

  it('honours `# escape=`', () => {
    const text = '# escape=`\nARG TAG=3.19\nFROM alpine:${TAG} `\n  AS x\nRUN dir c:\\\nFROM x\n';
    const result = scan(text);
    expect(summary(text, result)).toEqual([
      { at: '3:6', image: 'alpine:3.19', spans: ['tag:3.19'], meta: { stage: 'x' } },
    ]);
    expect(result.problems).toEqual([]);
  });

  it('reports malformed instructions and invalid images as problems and goes on', () => {
    const text = 'FROM\nFROM Nginx:1\nFROMM alpine\nFROM alpine:3 extra\nFROM ok:1\n';
    const result = scan(text);
    expect(result.problems.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([
      '1:1 Dockerfile: FROM needs an image and optionally "AS name"',
      expect.stringMatching(
        /^2:6 invalid image reference "Nginx:1": repository name must be lowercase/,
      ) as string,
      '3:1 Dockerfile: unknown instruction "fromm"',
      '4:1 Dockerfile: FROM needs an image and optionally "AS name"',
    ]);
    expect(summary(text, result)).toEqual([{ at: '5:6', image: 'ok:1', spans: ['image:ok:1'] }]);
    expect(result.problems.every((p) => p.file === 'app/Dockerfile')).toBe(true);
  });
});

describe('dockerfile rewrite, byte for byte', () => {
  it('rewrites FROM, ARG defaults and tag-only ARGs; nothing else changes', () => {
    const text =
      '\uFEFF# base image\r\nARG BASE="nginx:1.21" # comment\r\nARG TAG=3.19\r\nFROM ${BASE} AS web\r\nFROM alpine:${TAG}\r\nFROM  Docker.io/library/redis:7@' +
      DIGEST +
      '   ';
    const result = scan(text.replace('Docker.io', 'docker.io'));
    const out = rewriteAll(text.replace('Docker.io', 'docker.io'), result, {
      'nginx:1.21': { tag: '1.27' },
      'alpine:3.19': { tag: '3.20' },
      [`docker.io/library/redis:7@${DIGEST}`]: { tag: '7.4', digest: DIGEST2 },
    });
    expect(out).toBe(
      '\uFEFF# base image\r\nARG BASE="nginx:1.27" # comment\r\nARG TAG=3.20\r\nFROM ${BASE} AS web\r\nFROM alpine:${TAG}\r\nFROM  docker.io/library/redis:7.4@' +
        DIGEST2 +
        '   ',
    );
  });

  it('rewrites an ARG shared by two FROMs once, and a tag inside a nested ARG', () => {
    const text =
      'ARG BASE=node:20\nARG REG=docker.io\nARG TOOLS=${REG}/acme/tools:1.0\nFROM ${BASE} AS a\nFROM ${BASE} AS b\nFROM ${TOOLS}\n';
    const result = scan(text);
    expect(summary(text, result).map((r) => [r.image, r.spans])).toEqual([
      ['node:20', ['image:node:20']],
      ['node:20', ['image:node:20']],
      ['docker.io/acme/tools:1.0', ['tag:1.0']],
    ]);
    expect(
      rewriteAll(text, result, { 'node:20': { tag: '22' }, 'docker.io/acme/tools:1.0': { tag: '1.1' } }),
    ).toBe(text.replace('node:20', 'node:22').replace('tools:1.0', 'tools:1.1'));
  });

  it('pins and unpins digests on whole-image spans', () => {
    const text = 'FROM nginx:1.21\nFROM localhost:5000/app@' + DIGEST + '\n';
    const result = scan(text);
    expect(rewriteAll(text, result, { 'nginx:1.21': { digest: DIGEST } })).toBe(
      `FROM nginx:1.21@${DIGEST}\nFROM localhost:5000/app@${DIGEST}\n`,
    );
    expect(rewriteAll(text, result, { [`localhost:5000/app@${DIGEST}`]: { tag: '2' } })).toBe(
      'FROM nginx:1.21\nFROM localhost:5000/app:2\n',
    );
  });
});
