/** Backoff and `Retry-After` arithmetic: pure, with the clock and randomness passed in. */

/** Upper bound of a single computed backoff delay (not of Retry-After). */
export const MAX_BACKOFF_MS = 10_000;

/**
 * Exponential backoff with full jitter (AWS architecture blog): a uniform delay in
 * [0, min(cap, base · 2^attempt)). `attempt` counts from 0 for the first retry.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  random: () => number = Math.random,
  capMs = MAX_BACKOFF_MS,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/**
 * `Retry-After` as milliseconds from `now`: delta-seconds (`"120"`) or an HTTP date. Null when absent or
 * unparsable; never negative.
 */
export function parseRetryAfter(
  value: string | readonly string[] | undefined | null,
  now: number,
): number | null {
  const raw = (typeof value === 'string' ? value : value?.[0])?.trim();
  if (!raw) return null;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  // HTTP dates always name a month; this keeps Date.parse from reading "-5" as a year.
  if (!/[a-z]{3}/i.test(raw)) return null;
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

export interface RetryDecision {
  readonly retry: boolean;
  readonly delayMs: number;
  /** Why not retried, for the error message. */
  readonly reason?: string;
}

/**
 * Whether and when to retry after a retryable failure. `retryAfterMs` (from the server) wins over the
 * computed backoff; a server asking for longer than `maxRetryAfterMs` is not hammered early: we give up.
 */
export function decideRetry(options: {
  attempt: number;
  retries: number;
  baseMs: number;
  retryAfterMs: number | null;
  maxRetryAfterMs: number;
  random?: () => number;
}): RetryDecision {
  if (options.attempt >= options.retries) return { retry: false, delayMs: 0, reason: 'retries exhausted' };
  if (options.retryAfterMs !== null) {
    if (options.retryAfterMs > options.maxRetryAfterMs) {
      return {
        retry: false,
        delayMs: 0,
        reason: `server asked to retry after ${Math.ceil(options.retryAfterMs / 1000)} s`,
      };
    }
    return { retry: true, delayMs: options.retryAfterMs };
  }
  return { retry: true, delayMs: backoffDelay(options.attempt, options.baseMs, options.random) };
}
