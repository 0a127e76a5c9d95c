import { describe, expect, it } from 'vitest';
import { backoffDelay, decideRetry, parseRetryAfter } from './retry.js';

describe('backoffDelay', () => {
  it('is full jitter over an exponentially growing, capped ceiling', () => {
    expect(backoffDelay(0, 200, () => 0.999)).toBe(199);
    expect(backoffDelay(3, 200, () => 0.5)).toBe(800);
    expect(backoffDelay(0, 200, () => 0)).toBe(0);
    expect(backoffDelay(20, 200, () => 0.999)).toBeLessThan(10_000);
    expect(backoffDelay(20, 200, () => 0.5, 1_000)).toBe(500);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter(['2'], now)).toBe(2000);
  });
  it('reads HTTP dates, never negative', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
  });
  it('returns null for absent or garbage values', () => {
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
  });
});

describe('decideRetry', () => {
  const base = { baseMs: 200, maxRetryAfterMs: 60_000, random: () => 0.5 };
  it('retries with backoff until the budget is spent', () => {
    expect(decideRetry({ ...base, attempt: 0, retries: 3, retryAfterMs: null })).toEqual({
      retry: true,
      delayMs: 100,
    });
    expect(decideRetry({ ...base, attempt: 2, retries: 3, retryAfterMs: null })).toEqual({
      retry: true,
      delayMs: 400,
    });
    expect(decideRetry({ ...base, attempt: 3, retries: 3, retryAfterMs: null }).retry).toBe(false);
  });
  it('honours Retry-After, and gives up rather than retrying early when it is too far away', () => {
    expect(decideRetry({ ...base, attempt: 0, retries: 3, retryAfterMs: 1000 })).toEqual({
      retry: true,
      delayMs: 1000,
    });
    const far = decideRetry({ ...base, attempt: 0, retries: 3, retryAfterMs: 3_600_000 });
    expect(far.retry).toBe(false);
    expect(far.reason).toMatch(/3600 s/);
  });
});
