import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runStoreContract } from '../../../../test/contracts/store.contract.js';
import { SqliteStore } from './sqlite-store.js';

runStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-store-'));
  return {
    store: new SqliteStore(join(dir, 'nested', 'state.db')),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteStore', () => {
  it('persists across instances', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-store-'));
    try {
      const path = join(dir, 'state.db');
      const a = new SqliteStore(path);
      await a.cacheSetMany('tags', [{ key: 'x', value: ['1'] }], 10_000, 0);
      await a.firstSeen('s', ['v'], 42);
      await a.close();
      const b = new SqliteStore(path);
      expect(await b.cacheGet('tags', 'x', 1)).toEqual(['1']);
      expect((await b.firstSeen('s', ['v'], 99)).get('v')).toBe(42);
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a file that is not a database with its path and what to do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-store-'));
    try {
      const path = join(dir, 'state.db');
      writeFileSync(path, 'this is not sqlite, just text that is long enough to be a header '.repeat(20));
      expect(() => new SqliteStore(path)).toThrow(
        /\[store:sqlite\] cannot open the state database .*state\.db.*store\.path/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
