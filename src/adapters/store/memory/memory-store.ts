import type { Store } from '../../../ports/store.js';

/** An in-memory Store: for tests and for runs that must not write state (`--no-store`). */
export class MemoryStore implements Store {
  private readonly cache = new Map<string, { json: string; expiresAt: number }>();
  private readonly seen = new Map<string, number>();

  async cacheGet(namespace: string, key: string, now: number): Promise<unknown> {
    const hit = this.cache.get(`${namespace}\u0000${key}`);
    if (!hit || hit.expiresAt <= now) return null;
    return JSON.parse(hit.json) as unknown;
  }

  async cacheSetMany(
    namespace: string,
    entries: readonly { key: string; value: unknown }[],
    ttlMs: number,
    now: number,
  ): Promise<void> {
    for (const { key, value } of entries) {
      // Serialize so callers get copies, exactly like a real store.
      this.cache.set(`${namespace}\u0000${key}`, { json: JSON.stringify(value), expiresAt: now + ttlMs });
    }
  }

  async cachePrune(now: number): Promise<number> {
    let n = 0;
    for (const [k, v] of this.cache) {
      if (v.expiresAt <= now) {
        this.cache.delete(k);
        n++;
      }
    }
    return n;
  }

  async firstSeen(subject: string, versions: readonly string[], now: number): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const v of versions) {
      const k = `${subject}\u0000${v}`;
      let t = this.seen.get(k);
      if (t === undefined) {
        t = now;
        this.seen.set(k, t);
      }
      out.set(v, t);
    }
    return out;
  }

  async close(): Promise<void> {}
}
