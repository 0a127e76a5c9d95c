/**
 * The History port on SQLite: the same database file as SqliteStore, its own connection and table set
 * with its own schema version (kept in `shipshape_schema`, not `user_version`, which belongs to the
 * store). WAL mode; writes are IMMEDIATE transactions so that two processes never both begin an
 * operation on the same target.
 */
import type Database from 'better-sqlite3';
import { ShipshapeError } from '../../../core/errors.js';
import { openSqlite } from './open.js';
import type {
  BeginResult,
  History,
  HistoryEntry,
  HistoryFilter,
  InFlightOperation,
  NewHistoryEntry,
} from '../../../ports/history.js';

const COMPONENT = 'history';
const SCHEMA_VERSION = 1;

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE rollout_inflight (
     id TEXT PRIMARY KEY,
     host TEXT NOT NULL,
     target TEXT NOT NULL,
     phase TEXT NOT NULL,
     started_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     doc TEXT NOT NULL,
     UNIQUE (host, target)
   );
   CREATE TABLE rollout_history (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL,
     host TEXT NOT NULL,
     target TEXT NOT NULL,
     status TEXT NOT NULL,
     finished_at INTEGER NOT NULL,
     doc TEXT NOT NULL
   );
   CREATE INDEX rollout_history_target ON rollout_history (host, target, seq);`,
];

interface OpRow {
  doc: string;
  phase: string;
  updated_at: number;
}
interface EntryRow {
  seq: number;
  doc: string;
}

export class SqliteHistory implements History {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = openSqlite(path, 'the history in', (db) => this.migrate(db));
  }

  private migrate(db: Database.Database): void {
    db.transaction(() => {
      db.exec(
        'CREATE TABLE IF NOT EXISTS shipshape_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL)',
      );
      const row = db
        .prepare<[string], { version: number }>('SELECT version FROM shipshape_schema WHERE component = ?')
        .get(COMPONENT);
      const current = row?.version ?? 0;
      if (current > SCHEMA_VERSION) {
        throw new ShipshapeError(
          'IO_FAILED',
          'store:sqlite',
          `the history was written by a newer Shipshape (schema ${current} > ${SCHEMA_VERSION}); upgrade Shipshape or use another store.path`,
        );
      }
      for (let v = current; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v]!);
      db.prepare(
        'INSERT INTO shipshape_schema (component, version) VALUES (?, ?) ON CONFLICT (component) DO UPDATE SET version = excluded.version',
      ).run(COMPONENT, SCHEMA_VERSION);
    }).immediate();
  }

  private static op(row: OpRow): InFlightOperation {
    // phase and updated_at live in columns (advance updates them without rewriting the document).
    return {
      ...(JSON.parse(row.doc) as InFlightOperation),
      phase: row.phase as InFlightOperation['phase'],
      updatedAt: row.updated_at,
    };
  }

  async begin(operation: InFlightOperation): Promise<BeginResult> {
    return this.db
      .transaction((): BeginResult => {
        const existing = this.db
          .prepare<[string, string], OpRow>(
            'SELECT doc, phase, updated_at FROM rollout_inflight WHERE host = ? AND target = ?',
          )
          .get(operation.host, operation.target);
        if (existing) return { ok: false, existing: SqliteHistory.op(existing) };
        this.db
          .prepare(
            'INSERT INTO rollout_inflight (id, host, target, phase, started_at, updated_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            operation.id,
            operation.host,
            operation.target,
            operation.phase,
            operation.startedAt,
            operation.updatedAt,
            JSON.stringify(operation),
          );
        return { ok: true };
      })
      .immediate();
  }

  async advance(id: string, update: Parameters<History['advance']>[1]): Promise<void> {
    this.db
      .transaction(() => {
        const row = this.db
          .prepare<[string], OpRow>('SELECT doc, phase, updated_at FROM rollout_inflight WHERE id = ?')
          .get(id);
        if (!row) throw new ShipshapeError('NOT_FOUND', 'store:sqlite', `no operation ${id} in flight`);
        const op = SqliteHistory.op(row);
        const next: InFlightOperation = {
          ...op,
          phase: update.phase,
          updatedAt: update.updatedAt,
          state: { ...op.state, ...(update.state ?? {}) },
          steps: update.steps ?? op.steps,
        };
        this.db
          .prepare('UPDATE rollout_inflight SET phase = ?, updated_at = ?, doc = ? WHERE id = ?')
          .run(next.phase, next.updatedAt, JSON.stringify(next), id);
      })
      .immediate();
  }

  async finish(entry: NewHistoryEntry): Promise<HistoryEntry> {
    return this.db
      .transaction((): HistoryEntry => {
        const info = this.db
          .prepare(
            'INSERT INTO rollout_history (id, host, target, status, finished_at, doc) VALUES (?, ?, ?, ?, ?, ?)',
          )
          .run(entry.id, entry.host, entry.target, entry.status, entry.finishedAt, JSON.stringify(entry));
        this.db.prepare('DELETE FROM rollout_inflight WHERE id = ?').run(entry.id);
        return {
          ...(JSON.parse(JSON.stringify(entry)) as NewHistoryEntry),
          seq: Number(info.lastInsertRowid),
        };
      })
      .immediate();
  }

  async inFlight(filter: { host?: string; target?: string } = {}): Promise<InFlightOperation[]> {
    const rows = this.db
      .prepare<[string | null, string | null, string | null, string | null], OpRow>(
        `SELECT doc, phase, updated_at FROM rollout_inflight
         WHERE (? IS NULL OR host = ?) AND (? IS NULL OR target = ?)
         ORDER BY started_at, id`,
      )
      .all(filter.host ?? null, filter.host ?? null, filter.target ?? null, filter.target ?? null);
    return rows.map((r) => SqliteHistory.op(r));
  }

  async list(filter: HistoryFilter = {}): Promise<HistoryEntry[]> {
    const rows = this.db
      .prepare<[string | null, string | null, string | null, string | null, number], EntryRow>(
        `SELECT seq, doc FROM rollout_history
         WHERE (? IS NULL OR host = ?) AND (? IS NULL OR target = ?)
         ORDER BY seq DESC LIMIT ?`,
      )
      .all(
        filter.host ?? null,
        filter.host ?? null,
        filter.target ?? null,
        filter.target ?? null,
        filter.limit ?? -1,
      );
    return rows.map((r) => ({ ...(JSON.parse(r.doc) as NewHistoryEntry), seq: r.seq }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
