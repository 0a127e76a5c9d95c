import { describe, expect, it } from 'vitest';
import { isShipshapeError } from '../../../core/errors.js';
import { parseImageConfig } from './image-config.js';
import { Lru } from './lru.js';
import { checkReference, checkRepo, describeRef } from './paths.js';

const enc = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));

describe('parseImageConfig', () => {
  it('reads created, platform and labels', () => {
    const cfg = parseImageConfig(
      enc({
        created: '2025-01-02T03:04:05Z',
        os: 'linux',
        architecture: 'arm64',
        variant: 'v8',
        config: { Labels: { a: 'b', n: 1 } },
      }),
      'sha256:x',
    );
    expect(cfg).toEqual({
      digest: 'sha256:x',
      created: '2025-01-02T03:04:05Z',
      os: 'linux',
      architecture: 'arm64',
      variant: 'v8',
      labels: { a: 'b' },
    });
  });
  it('tolerates missing fields and rejects non-objects', () => {
    expect(parseImageConfig(enc({ config: { Labels: null } }), 'd')).toEqual({
      digest: 'd',
      created: null,
      os: null,
      architecture: null,
      variant: null,
      labels: {},
    });
    expect(parseImageConfig(enc([1]), 'd')).toBeNull();
    expect(parseImageConfig(new TextEncoder().encode('{oops'), 'd')).toBeNull();
  });
});

describe('paths', () => {
  it('validates repositories and references', () => {
    const repo = { registry: 'r.io', repository: 'team/app' };
    expect(() => checkRepo(repo)).not.toThrow();
    expect(() => checkReference(repo, 'v1.2.3')).not.toThrow();
    expect(() => checkReference(repo, `sha256:${'a'.repeat(64)}`)).not.toThrow();
    for (const bad of ['../x', 'Team/app', 'a//b', 'a/', 'a?b']) {
      try {
        checkRepo({ registry: 'r.io', repository: bad });
        expect.unreachable(bad);
      } catch (e) {
        expect(isShipshapeError(e, 'INVALID_REFERENCE')).toBe(true);
      }
    }
    expect(() => checkReference(repo, 'a/../b')).toThrow(/invalid tag or digest/);
    expect(() => checkReference(repo, '.hidden')).toThrow(/\[registry:r.io\]/);
    expect(describeRef(repo, 'v1')).toBe('team/app:v1');
  });
});

describe('Lru', () => {
  it('evicts the least recently used by count and weight', () => {
    const lru = new Lru<number>(2, 10);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.get('a');
    lru.set('c', 3);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe(1);
    lru.set('big', 4, 9);
    expect(lru.get('c')).toBeUndefined();
    expect(lru.size).toBe(2);
    lru.set('huge', 5, 11);
    expect(lru.get('huge')).toBeUndefined();
  });
});
