/**
 * Bearer tokens per registry origin, keyed by their sorted scope set. A lookup is served by any live token
 * whose scopes cover the wanted ones, so one multi-repository token answers many requests.
 */
import { coversScopes, scopeKey, type ScopeSet } from './scope.js';

/** The spec's default when `expires_in` is absent; distribution also treats shorter lifetimes as this. */
export const DEFAULT_TOKEN_LIFETIME_S = 60;

export interface CachedToken {
  readonly token: string;
  readonly scopes: ScopeSet;
  readonly expiresAt: number;
}

/** How long before its stated expiry a token stops being reused: 10 % of its life, between 5 s and 60 s. */
export function expiryMargin(lifetimeMs: number): number {
  return Math.min(60_000, Math.max(5_000, lifetimeMs * 0.1));
}

export class TokenCache {
  private readonly byOrigin = new Map<string, Map<string, CachedToken>>();

  constructor(private readonly now: () => number = Date.now) {}

  put(origin: string, scopes: ScopeSet, token: string, expiresInSeconds: number | undefined): CachedToken {
    const lifetimeS =
      expiresInSeconds !== undefined &&
      Number.isFinite(expiresInSeconds) &&
      expiresInSeconds >= DEFAULT_TOKEN_LIFETIME_S
        ? expiresInSeconds
        : DEFAULT_TOKEN_LIFETIME_S;
    const lifetimeMs = lifetimeS * 1000;
    const entry: CachedToken = {
      token,
      scopes,
      expiresAt: this.now() + lifetimeMs - expiryMargin(lifetimeMs),
    };
    let tokens = this.byOrigin.get(origin);
    if (!tokens) this.byOrigin.set(origin, (tokens = new Map<string, CachedToken>()));
    tokens.set(scopeKey(scopes), entry);
    return entry;
  }

  /** A live token covering `scopes`; prefers the narrowest one (fewest resources) to keep headers small. */
  find(origin: string, scopes: ScopeSet): CachedToken | undefined {
    const tokens = this.byOrigin.get(origin);
    if (!tokens) return undefined;
    const now = this.now();
    let best: CachedToken | undefined;
    for (const [key, entry] of tokens) {
      if (entry.expiresAt <= now) {
        tokens.delete(key);
        continue;
      }
      if (coversScopes(entry.scopes, scopes) && (!best || entry.scopes.size < best.scopes.size)) best = entry;
    }
    return best;
  }

  /** Forgets a token the registry rejected. */
  invalidate(origin: string, token: string): void {
    const tokens = this.byOrigin.get(origin);
    if (!tokens) return;
    for (const [key, entry] of tokens) if (entry.token === token) tokens.delete(key);
  }

  invalidateWhere(origin: string, predicate: (entry: CachedToken) => boolean): void {
    const tokens = this.byOrigin.get(origin);
    if (!tokens) return;
    for (const [key, entry] of tokens) if (predicate(entry)) tokens.delete(key);
  }

  size(origin: string): number {
    return this.byOrigin.get(origin)?.size ?? 0;
  }
}
