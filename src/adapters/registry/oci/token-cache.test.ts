import { describe, expect, it } from 'vitest';
import {
  chunkScopes,
  coversScopes,
  formatScopes,
  parseScopes,
  repositoryScope,
  unionScopes,
} from './scope.js';
import { expiryMargin, TokenCache } from './token-cache.js';

describe('scopes', () => {
  it('parses, merges and formats canonically', () => {
    const set = parseScopes([
      'repository:b:push,pull',
      'repository:a:pull repository:b:pull',
      'registry:catalog:*',
    ]);
    expect(formatScopes(set)).toEqual(['registry:catalog:*', 'repository:a:pull', 'repository:b:pull,push']);
    expect(repositoryScope('x/y', ['push', 'pull', 'pull'])).toBe('repository:x/y:pull,push');
    expect(formatScopes(parseScopes(['repository:host:5000/app:pull']))).toEqual([
      'repository:host:5000/app:pull',
    ]);
  });

  it('checks coverage per resource and action, with "*" granting all', () => {
    const have = parseScopes(['repository:a:pull,push', 'repository:b:pull', 'repository:c:*']);
    expect(coversScopes(have, parseScopes(['repository:a:pull']))).toBe(true);
    expect(coversScopes(have, parseScopes(['repository:a:pull', 'repository:b:pull']))).toBe(true);
    expect(coversScopes(have, parseScopes(['repository:b:push']))).toBe(false);
    expect(coversScopes(have, parseScopes(['repository:d:pull']))).toBe(false);
    expect(coversScopes(have, parseScopes(['repository:c:delete']))).toBe(true);
    expect(coversScopes(have, new Map())).toBe(true);
  });

  it('unions and chunks', () => {
    const u = unionScopes(
      parseScopes(['repository:a:pull']),
      parseScopes(['repository:a:push', 'repository:b:pull']),
    );
    expect(formatScopes(u)).toEqual(['repository:a:pull,push', 'repository:b:pull']);
    const many = parseScopes(Array.from({ length: 5 }, (_, i) => `repository:r${i}:pull`));
    expect(chunkScopes(many, 2).map((c) => c.size)).toEqual([2, 2, 1]);
  });
});

describe('TokenCache', () => {
  const origin = 'https://r.example';
  const clock = { t: 1_000_000 };
  const cache = new TokenCache(() => clock.t);

  it('serves a token to any request whose scopes it covers, until expiry minus a margin', () => {
    clock.t = 1_000_000;
    cache.put(origin, parseScopes(['repository:a:pull', 'repository:b:pull']), 'multi', 300);
    expect(cache.find(origin, parseScopes(['repository:b:pull']))?.token).toBe('multi');
    expect(cache.find(origin, parseScopes(['repository:b:push']))).toBeUndefined();
    expect(cache.find('https://other', parseScopes(['repository:b:pull']))).toBeUndefined();
    clock.t += 300_000 - expiryMargin(300_000) - 1;
    expect(cache.find(origin, parseScopes(['repository:a:pull']))?.token).toBe('multi');
    clock.t += 1;
    expect(cache.find(origin, parseScopes(['repository:a:pull']))).toBeUndefined();
    expect(cache.size(origin)).toBe(0);
  });

  it('defaults to 60 s (also for shorter stated lifetimes) and prefers the narrowest token', () => {
    clock.t = 2_000_000;
    cache.put(origin, parseScopes(['repository:a:pull', 'repository:b:pull']), 'wide', undefined);
    cache.put(origin, parseScopes(['repository:a:pull']), 'narrow', 10);
    expect(cache.find(origin, parseScopes(['repository:a:pull']))?.token).toBe('narrow');
    clock.t += 54_000;
    expect(cache.find(origin, parseScopes(['repository:a:pull']))).toBeUndefined();
  });

  it('forgets invalidated tokens', () => {
    clock.t = 3_000_000;
    cache.put(origin, parseScopes(['repository:z:pull']), 'bad', 300);
    cache.invalidate(origin, 'bad');
    expect(cache.find(origin, parseScopes(['repository:z:pull']))).toBeUndefined();
  });
});
