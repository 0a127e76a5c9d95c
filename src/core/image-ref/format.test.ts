import { describe, expect, it } from 'vitest';
import type { ImageRef } from './index.js';
import {
  effectiveTag,
  familiarName,
  formatImageRef,
  isDockerHub,
  normalizeRegistryHost,
  parseImageRef,
  repoRefOf,
} from './index.js';

const D = 'sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c';

function ref(partial: Partial<ImageRef> & Pick<ImageRef, 'registry' | 'repository'>): ImageRef {
  return { tag: null, digest: null, ...partial };
}

describe('effectiveTag', () => {
  it('is "latest" when neither tag nor digest is written, as docker pull does', () => {
    expect(effectiveTag(parseImageRef('nginx'))).toBe('latest');
  });
  it('is the written tag', () => {
    expect(effectiveTag(parseImageRef('nginx:1.27'))).toBe('1.27');
    expect(effectiveTag(parseImageRef(`nginx:1.27@${D}`))).toBe('1.27');
  });
  it('is null for a digest-only reference: the digest alone decides', () => {
    expect(effectiveTag(parseImageRef(`nginx@${D}`))).toBeNull();
  });
});

describe('formatImageRef', () => {
  it('writes the canonical form by default', () => {
    expect(formatImageRef(parseImageRef(`nginx:1.27@${D}`))).toBe(`docker.io/library/nginx:1.27@${D}`);
    expect(formatImageRef(parseImageRef('localhost:5000/x'))).toBe('localhost:5000/x');
  });
  it('writes what docker shows with familiar: true', () => {
    expect(formatImageRef(parseImageRef('docker.io/library/nginx:1.27'), { familiar: true })).toBe(
      'nginx:1.27',
    );
    expect(formatImageRef(parseImageRef('index.docker.io/bitnami/redis@' + D), { familiar: true })).toBe(
      `bitnami/redis@${D}`,
    );
    expect(formatImageRef(parseImageRef('ghcr.io/o/r:1'), { familiar: false })).toBe('ghcr.io/o/r:1');
  });
  it('does not invent a tag', () => {
    expect(formatImageRef(parseImageRef('nginx'))).toBe('docker.io/library/nginx');
  });
});

describe('familiarName', () => {
  it.each([
    ['nginx:1', 'nginx'],
    ['bitnami/redis:7', 'bitnami/redis'],
    ['ghcr.io/o/r:tag', 'ghcr.io/o/r'],
    ['docker.io/library/foo/bar', 'library/foo/bar'],
    ['localhost:5000/x', 'localhost:5000/x'],
    ['docker.io/my.org/app', 'docker.io/my.org/app'],
  ])('%s → %s', (input, expected) => {
    expect(familiarName(parseImageRef(input))).toBe(expected);
  });

  it('treats Hub aliases in hand-built refs as Docker Hub', () => {
    expect(familiarName(ref({ registry: 'index.docker.io', repository: 'library/nginx' }))).toBe('nginx');
  });
});

describe('repoRefOf', () => {
  it('keeps only registry and repository', () => {
    const repo = repoRefOf(parseImageRef(`ghcr.io/o/r:tag@${D}`));
    expect(repo).toStrictEqual({ registry: 'ghcr.io', repository: 'o/r' });
  });
});

describe('normalizeRegistryHost and isDockerHub', () => {
  it.each([
    ['docker.io', 'docker.io'],
    ['index.docker.io', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['Registry-1.Docker.IO', 'docker.io'],
    ['GHCR.IO', 'ghcr.io'],
    ['LocalHost:5000', 'localhost:5000'],
    ['[FC00::1]:5000', '[fc00::1]:5000'],
    ['docker.io:443', 'docker.io:443'],
  ])('%s → %s', (host, expected) => {
    expect(normalizeRegistryHost(host)).toBe(expected);
  });

  it('recognizes Docker Hub under all its names and only those', () => {
    expect(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'DOCKER.IO'].map(isDockerHub)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(
      ['ghcr.io', 'docker.io:443', 'hub.docker.com', 'mirror.docker.io.example'].map(isDockerHub),
    ).toEqual([false, false, false, false]);
  });
});
