/** `RateLimit-Limit` / `RateLimit-Remaining` headers (Docker Hub: `100;w=21600`). */
import type { RateLimitBudget } from '../../../ports/registry.js';

function first(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}

function parseItem(value: string | undefined): { n: number; w: number | null } | null {
  if (value === undefined) return null;
  // Structured-field style lists may carry several policies ("100, 100;w=21600"): the first number is the quota.
  const [head] = value.split(',');
  const parts = (head ?? '').split(';').map((p) => p.trim());
  const n = Number(parts[0]);
  if (parts[0] === '' || !Number.isFinite(n) || n < 0) return null;
  let w: number | null = null;
  for (const p of parts.slice(1)) {
    const m = /^w\s*=\s*(\d+)$/i.exec(p);
    if (m) w = Number(m[1]);
  }
  return { n, w };
}

/** The budget carried by response headers (lower-cased names), or null when the registry sends none. */
export function parseRateLimit(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  now: number,
): RateLimitBudget | null {
  const limit = parseItem(first(headers['ratelimit-limit']));
  const remaining = parseItem(first(headers['ratelimit-remaining']));
  if (!limit && !remaining) return null;
  return {
    limit: limit?.n ?? null,
    remaining: remaining?.n ?? null,
    windowSeconds: limit?.w ?? remaining?.w ?? null,
    observedAt: now,
  };
}
