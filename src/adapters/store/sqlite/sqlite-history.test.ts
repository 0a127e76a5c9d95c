import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { entry, operation, runHistoryContract } from '../../../../test/contracts/history.contract.js';
import { SqliteHistory } from './sqlite-history.js';
import { SqliteStore } from './sqlite-store.js';

runHistoryContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-history-'));
  return {
    history: new SqliteHistory(join(dir, 'nested', 'state.db')),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SqliteHistory', () => {
  it('shares the state database with the store without touching its schema version', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-history-'));
    try {
      const path = join(dir, 'state.db');
      const store = new SqliteStore(path);
      const history = new SqliteHistory(path);
      await store.cacheSetMany('tags', [{ key: 'x', value: 1 }], 10_000, 0);
      await history.begin(operation());
      await store.close();
      await history.close();
      // Reopened in the other order, by other instances: everything is there.
      const h2 = new SqliteHistory(path);
      const s2 = new SqliteStore(path);
      expect(await s2.cacheGet('tags', 'x', 1)).toBe(1);
      expect((await h2.inFlight()).map((o) => o.id)).toEqual(['op-1']);
      const db = new Database(path, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      db.close();
      await h2.close();
      await s2.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets only one of two connections begin an operation on a target', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-history-'));
    try {
      const path = join(dir, 'state.db');
      const a = new SqliteHistory(path);
      const b = new SqliteHistory(path);
      const results = await Promise.all([a.begin(operation({ id: 'a' })), b.begin(operation({ id: 'b' }))]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      await b.finish(entry({ id: (await b.inFlight())[0]!.id }));
      expect(await a.inFlight()).toEqual([]);
      await a.close();
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a history written by a newer Shipshape', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shipshape-history-'));
    try {
      const path = join(dir, 'state.db');
      void new SqliteHistory(path).close();
      const db = new Database(path);
      db.prepare("UPDATE shipshape_schema SET version = 99 WHERE component = 'history'").run();
      db.close();
      expect(() => new SqliteHistory(path)).toThrow(/newer Shipshape \(schema 99 > 1\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
