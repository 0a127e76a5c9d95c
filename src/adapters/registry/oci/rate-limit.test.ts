import { describe, expect, it } from 'vitest';
import { parseRateLimit } from './rate-limit.js';

describe('parseRateLimit', () => {
  it('reads Docker Hub headers', () => {
    expect(
      parseRateLimit({ 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '76;w=21600' }, 5),
    ).toEqual({
      limit: 100,
      remaining: 76,
      windowSeconds: 21600,
      observedAt: 5,
    });
  });
  it('reads plain numbers and partial headers', () => {
    expect(parseRateLimit({ 'ratelimit-remaining': '0' }, 1)).toEqual({
      limit: null,
      remaining: 0,
      windowSeconds: null,
      observedAt: 1,
    });
  });
  it('returns null without headers or with garbage', () => {
    expect(parseRateLimit({}, 1)).toBeNull();
    expect(parseRateLimit({ 'ratelimit-limit': 'lots' }, 1)).toBeNull();
  });
});
