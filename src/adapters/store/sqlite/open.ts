import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ShipshapeError } from '../../../core/errors.js';

/**
 * Opens (creating its folder) one of Shipshape's SQLite files in WAL mode, safe for several processes on
 * one host, and runs `migrate` on it. `what` names it in the error: "the state database", "the history".
 */
export function openSqlite(
  path: string,
  what: string,
  migrate: (db: Database.Database) => void,
): Database.Database {
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (e) {
    if (e instanceof ShipshapeError) throw e;
    throw new ShipshapeError(
      'IO_FAILED',
      'store:sqlite',
      `cannot open ${what} ${path}: ${(e as Error).message}. Check the path and its permissions (config key store.path).`,
      { cause: e },
    );
  }
}
