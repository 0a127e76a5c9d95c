/**
 * The read side of the advisory database: an AdvisoryDb over the SQLite file written by
 * updateAdvisoryDb. One indexed lookup per (ecosystem, package name); ranges are evaluated in JS with
 * the ecosystem's comparator (core/osv). An update replaces the file by rename; the next call notices
 * and reopens, so a long-running server picks up new data without a restart.
 */
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ShipshapeError } from '../../core/errors.js';
import { matchInventory, type AffectedRow, type OsvRange } from '../../core/osv/index.js';
import type { Finding, Inventory, Severity } from '../../core/vuln/types.js';
import type { AdvisoryDb, AdvisoryDbStatus } from '../../ports/advisory-db.js';
import { SCHEMA_VERSION, SOURCE, type MetaKey, type StoredCounts } from './schema.js';

interface RawRow {
  id: string;
  aliases: string;
  summary: string | null;
  ranges: string;
  versions: string;
  severity: Severity;
  cvss_score: number | null;
  cvss_vector: string | null;
}

interface Opened {
  readonly db: Database.Database;
  readonly lookup: Database.Statement<[string, string], RawRow>;
  readonly ino: number;
  readonly mtimeMs: number;
  readonly status: AdvisoryDbStatus;
  /** Parsed rows per (ecosystem, name); the file never changes under an open handle. */
  readonly cache: Map<string, readonly AffectedRow[]>;
}

const CACHE_LIMIT = 50_000;

export class SqliteAdvisoryDb implements AdvisoryDb {
  private opened: Opened | null = null;
  private closed = false;

  constructor(readonly path: string) {
    this.refresh();
  }

  async match(inventory: Inventory): Promise<Finding[]> {
    const opened = this.refresh();
    if (opened === null) return [];
    const ecosystems = Object.keys(opened.status.ecosystems);
    return matchInventory(inventory, {
      ecosystems,
      lookup: (ecosystem, name) => this.rows(opened, ecosystem, name),
    });
  }

  async status(): Promise<AdvisoryDbStatus> {
    return (
      this.refresh()?.status ?? {
        path: this.path,
        updatedAt: null,
        advisories: 0,
        ecosystems: {},
        source: null,
      }
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    this.opened?.db.close();
    this.opened = null;
  }

  private rows(opened: Opened, ecosystem: string, name: string): readonly AffectedRow[] {
    const key = `${ecosystem}\u0000${name}`;
    const cached = opened.cache.get(key);
    if (cached !== undefined) return cached;
    const rows = opened.lookup.all(ecosystem, name).map((raw): AffectedRow => ({
      id: raw.id,
      aliases: JSON.parse(raw.aliases) as string[],
      summary: raw.summary,
      ecosystem,
      name,
      ranges: JSON.parse(raw.ranges) as OsvRange[],
      versions: JSON.parse(raw.versions) as string[],
      severity: raw.severity,
      cvss: raw.cvss_score === null ? null : { score: raw.cvss_score, vector: raw.cvss_vector },
    }));
    if (opened.cache.size >= CACHE_LIMIT) opened.cache.clear();
    opened.cache.set(key, rows);
    return rows;
  }

  /** The open file, reopened when an update has renamed a new one over it; null when there is none yet. */
  private refresh(): Opened | null {
    if (this.closed)
      throw new ShipshapeError('USAGE', SOURCE, `the advisory database ${this.path} is closed`);
    let stat: { ino: number; mtimeMs: number } | null = null;
    try {
      stat = statSync(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw this.openError(e);
    }
    const current = this.opened;
    if (current !== null && stat !== null && current.ino === stat.ino && current.mtimeMs === stat.mtimeMs) {
      return current;
    }
    current?.db.close();
    this.opened = stat === null ? null : this.open(stat);
    return this.opened;
  }

  private open(stat: { ino: number; mtimeMs: number }): Opened {
    let db: Database.Database | null = null;
    try {
      db = new Database(this.path, { readonly: true, fileMustExist: true });
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version !== SCHEMA_VERSION) {
        throw new ShipshapeError(
          'IO_FAILED',
          SOURCE,
          `the advisory database ${this.path} has schema ${version}, this Shipshape reads schema ${SCHEMA_VERSION}: update the advisory database again`,
        );
      }
      const meta = new Map(
        (db.prepare('SELECT key, value FROM meta').all() as { key: MetaKey; value: string }[]).map((row) => [
          row.key,
          row.value,
        ]),
      );
      const counts = JSON.parse(meta.get('counts') ?? '{"advisories":0,"ecosystems":{}}') as StoredCounts;
      const updatedAt = meta.get('updatedAt');
      const status: AdvisoryDbStatus = {
        path: this.path,
        updatedAt: updatedAt === undefined ? null : Number(updatedAt),
        advisories: counts.advisories,
        ecosystems: counts.ecosystems,
        source: meta.get('source') ?? null,
      };
      const lookup = db.prepare<[string, string], RawRow>(
        `SELECT a.id, a.aliases, a.summary, f.ranges, f.versions, f.severity, f.cvss_score, f.cvss_vector
         FROM affected f JOIN advisories a ON a.rowid = f.advisory
         WHERE f.ecosystem = ? AND f.name = ?`,
      );
      return { db, lookup, ino: stat.ino, mtimeMs: stat.mtimeMs, status, cache: new Map() };
    } catch (e) {
      db?.close();
      throw this.openError(e);
    }
  }

  private openError(e: unknown): ShipshapeError {
    if (e instanceof ShipshapeError) return e;
    return new ShipshapeError(
      'IO_FAILED',
      SOURCE,
      `cannot read the advisory database ${this.path}: ${(e as Error).message}`,
      { cause: e },
    );
  }
}

/** Opens the advisory database at `path`; a missing file reads as an empty database (updatedAt null). */
export function openAdvisoryDb(path: string): SqliteAdvisoryDb {
  return new SqliteAdvisoryDb(path);
}
