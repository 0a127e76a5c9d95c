import type Database from 'better-sqlite3';
import { ShipshapeError } from '../../../core/errors.js';
import { openSqlite } from './open.js';
import type { Store } from '../../../ports/store.js';

const SCHEMA_VERSION = 1;

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS cache (
     namespace TEXT NOT NULL,
     key TEXT NOT NULL,
     value TEXT NOT NULL,
     stored_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     PRIMARY KEY (namespace, key)
   ) WITHOUT ROWID;
   CREATE INDEX IF NOT EXISTS cache_expires ON cache (expires_at);
   CREATE TABLE IF NOT EXISTS first_seen (
     subject TEXT NOT NULL,
     version TEXT NOT NULL,
     seen_at INTEGER NOT NULL,
     PRIMARY KEY (subject, version)
   ) WITHOUT ROWID;`,
];

/** The default Store: one SQLite file (WAL mode), safe for several processes on one host. */
export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly getStmt: Database.Statement<[string, string, number], { value: string }>;
  private readonly setStmt: Database.Statement<[string, string, string, number, number]>;
  private readonly seenInsert: Database.Statement<[string, string, number]>;
  private readonly seenGet: Database.Statement<[string, string], { seen_at: number }>;

  constructor(path: string) {
    this.db = openSqlite(path, 'the state database', (db) => this.migrate(db));
    this.getStmt = this.db.prepare(
      'SELECT value FROM cache WHERE namespace = ? AND key = ? AND expires_at > ?',
    );
    this.setStmt = this.db.prepare(
      'INSERT INTO cache (namespace, key, value, stored_at, expires_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, stored_at = excluded.stored_at, expires_at = excluded.expires_at',
    );
    this.seenInsert = this.db.prepare(
      'INSERT OR IGNORE INTO first_seen (subject, version, seen_at) VALUES (?, ?, ?)',
    );
    this.seenGet = this.db.prepare('SELECT seen_at FROM first_seen WHERE subject = ? AND version = ?');
  }

  private migrate(db: Database.Database): void {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new ShipshapeError(
        'IO_FAILED',
        'store:sqlite',
        `the state database was written by a newer Shipshape (schema ${current} > ${SCHEMA_VERSION}); upgrade Shipshape or use another store.path`,
      );
    }
    db.transaction(() => {
      for (let v = current; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  }

  async cacheGet(namespace: string, key: string, now: number): Promise<unknown> {
    const row = this.getStmt.get(namespace, key, now);
    return row ? (JSON.parse(row.value) as unknown) : null;
  }

  async cacheSetMany(
    namespace: string,
    entries: readonly { key: string; value: unknown }[],
    ttlMs: number,
    now: number,
  ): Promise<void> {
    this.db.transaction(() => {
      for (const { key, value } of entries)
        this.setStmt.run(namespace, key, JSON.stringify(value), now, now + ttlMs);
    })();
  }

  async cachePrune(now: number): Promise<number> {
    return this.db.prepare('DELETE FROM cache WHERE expires_at <= ?').run(now).changes;
  }

  async firstSeen(subject: string, versions: readonly string[], now: number): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    this.db.transaction(() => {
      for (const v of versions) {
        this.seenInsert.run(subject, v, now);
        out.set(v, this.seenGet.get(subject, v)!.seen_at);
      }
    })();
    return out;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
