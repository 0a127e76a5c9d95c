import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';

/** Every Store implementation runs this suite. */
export function runStoreContract(
  name: string,
  create: () => Promise<{ store: Store; cleanup(): Promise<void> }>,
): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await create());
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    it('returns null for a missing key', async () => {
      expect(await store.cacheGet('tags', 'docker.io/library/nginx', 1000)).toBeNull();
    });

    it('returns a stored value until it expires', async () => {
      await store.cacheSetMany('tags', [{ key: 'a', value: { tags: ['1', '2'] } }], 100, 1000);
      expect(await store.cacheGet('tags', 'a', 1099)).toEqual({ tags: ['1', '2'] });
      expect(await store.cacheGet('tags', 'a', 1100)).toBeNull();
    });

    it('keeps namespaces apart and overwrites entries', async () => {
      await store.cacheSetMany('tags', [{ key: 'k', value: 1 }], 1000, 0);
      await store.cacheSetMany('digest', [{ key: 'k', value: 2 }], 1000, 0);
      await store.cacheSetMany('tags', [{ key: 'k', value: 3 }], 1000, 0);
      expect(await store.cacheGet('tags', 'k', 1)).toBe(3);
      expect(await store.cacheGet('digest', 'k', 1)).toBe(2);
    });

    it('prunes only expired entries', async () => {
      await store.cacheSetMany('n', [{ key: 'old', value: 1 }], 10, 0);
      await store.cacheSetMany('n', [{ key: 'new', value: 2 }], 1000, 0);
      expect(await store.cachePrune(500)).toBe(1);
      expect(await store.cacheGet('n', 'new', 500)).toBe(2);
    });

    it('records the first time a version was seen and keeps it', async () => {
      const first = await store.firstSeen('docker.io/library/nginx', ['1.27.1', '1.27.2'], 5000);
      expect([...first.entries()]).toEqual([
        ['1.27.1', 5000],
        ['1.27.2', 5000],
      ]);
      const second = await store.firstSeen('docker.io/library/nginx', ['1.27.2', '1.27.3'], 9000);
      expect(second.get('1.27.2')).toBe(5000);
      expect(second.get('1.27.3')).toBe(9000);
      const other = await store.firstSeen('docker.io/library/redis', ['1.27.2'], 7000);
      expect(other.get('1.27.2')).toBe(7000);
    });
  });
}
