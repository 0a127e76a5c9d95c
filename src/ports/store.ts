/**
 * State that outlives a run: caches of registry answers (tag lists, digests, configs) with a TTL,
 * and the first time Shipshape saw a version (for minimum release age when a config has no `created`).
 * Implementations: adapters/store/sqlite (default), adapters/store/memory (tests, --no-store).
 */
export interface Store {
  /** The cached value, or null when missing or expired at `now`. */
  cacheGet(namespace: string, key: string, now: number): Promise<unknown>;
  /** Stores many entries in one transaction. */
  cacheSetMany(
    namespace: string,
    entries: readonly { key: string; value: unknown }[],
    ttlMs: number,
    now: number,
  ): Promise<void>;
  /** Drops expired entries; returns how many. */
  cachePrune(now: number): Promise<number>;
  /**
   * The first time `version` of `subject` was seen; records `now` for the ones not seen before.
   * Batch form: one call per check run.
   */
  firstSeen(subject: string, versions: readonly string[], now: number): Promise<Map<string, number>>;
  close(): Promise<void>;
}
