/**
 * Writes a complete advisory database into a temporary file beside the target, in one transaction, then
 * renames it over the target: readers and a failed update only ever see the old file or the new one.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { ShipshapeError } from '../../core/errors.js';
import { assessSeverity, normalizePackageName, type OsvRange, type OsvRecord } from '../../core/osv/index.js';
import { DDL, INDEXES, SCHEMA_VERSION, SOURCE, type MetaKey, type StoredCounts } from './schema.js';

/**
 * `skipped`: nothing evaluable (GIT ranges only, no versions list); `duplicate`: an id already loaded with
 * the same or a later `modified`; `superseded`: replaced an earlier-loaded version of the id.
 */
export type AddOutcome = 'added' | 'withdrawn' | 'skipped' | 'superseded' | 'duplicate';

interface Seen {
  readonly rowid: number | null; // null: the kept version is a withdrawal
  readonly modified: number;
}

function modifiedTime(record: OsvRecord): number {
  const time = Date.parse(record.modified);
  return Number.isNaN(time) ? 0 : time;
}

/** Only ranges Shipshape can evaluate are stored; GIT ranges need the repository's commit graph. */
function storedRanges(ranges: readonly OsvRange[]): OsvRange[] {
  return ranges.filter((range) => range.type === 'ECOSYSTEM' || range.type === 'SEMVER');
}

export class AdvisoryDbWriter {
  readonly tempPath: string;
  private readonly db: Database.Database;
  private readonly insertAdvisory: Database.Statement;
  private readonly insertAffected: Database.Statement;
  private readonly deleteAdvisory: Database.Statement;
  private readonly seen = new Map<string, Seen>();
  private dead = 0;
  private finished = false;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.tempPath = join(
      dirname(path),
      `.${basename(path)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`,
    );
    try {
      this.db = new Database(this.tempPath);
      // A private, new file: nothing to protect until the rename, so skip the fsyncs and the WAL.
      this.db.pragma('journal_mode = MEMORY');
      this.db.pragma('synchronous = OFF');
      this.db.exec(DDL);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
      this.db.exec('BEGIN');
    } catch (e) {
      this.discard();
      throw new ShipshapeError(
        'IO_FAILED',
        SOURCE,
        `cannot create ${this.tempPath}: ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    }
    this.insertAdvisory = this.db.prepare(
      `INSERT INTO advisories (id, aliases, summary, severity, cvss_score, cvss_vector, modified, published)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertAffected = this.db.prepare(
      `INSERT INTO affected (advisory, ecosystem, name, ranges, versions, severity, cvss_score, cvss_vector)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.deleteAdvisory = this.db.prepare('DELETE FROM advisories WHERE rowid = ?');
  }

  /**
   * Adds one record. Of two records with the same id the later `modified` wins (the schema's rule),
   * whichever source or order they come in; a withdrawn record removes the id.
   */
  add(record: OsvRecord): AddOutcome {
    const modified = modifiedTime(record);
    const previous = this.seen.get(record.id);
    if (previous !== undefined && previous.modified >= modified) return 'duplicate';
    if (previous?.rowid != null) {
      this.deleteAdvisory.run(previous.rowid);
      this.dead++;
    }
    const rows = record.affected.flatMap((affected) => {
      const ranges = storedRanges(affected.ranges);
      if (ranges.length === 0 && affected.versions.length === 0) return [];
      return [{ affected, ranges }];
    });
    if (record.withdrawn !== null || rows.length === 0) {
      this.seen.set(record.id, { rowid: null, modified });
      return record.withdrawn !== null ? 'withdrawn' : 'skipped';
    }
    const top = assessSeverity(record);
    const { lastInsertRowid } = this.insertAdvisory.run(
      record.id,
      JSON.stringify(record.aliases),
      record.summary,
      top.severity,
      top.cvss?.score ?? null,
      top.cvss?.vector ?? null,
      record.modified,
      record.published,
    );
    const rowid = Number(lastInsertRowid);
    for (const { affected, ranges } of rows) {
      const { ecosystem, name } = affected.package;
      const own = assessSeverity(record, affected);
      this.insertAffected.run(
        rowid,
        ecosystem,
        normalizePackageName(ecosystem, name),
        JSON.stringify(ranges),
        JSON.stringify(affected.versions),
        own.severity,
        own.cvss?.score ?? null,
        own.cvss?.vector ?? null,
      );
    }
    this.seen.set(record.id, { rowid, modified });
    return previous === undefined ? 'added' : 'superseded';
  }

  /** Builds the indexes, records the metadata, commits and atomically replaces `path`. */
  commit(meta: { readonly updatedAt: number; readonly source: string }): StoredCounts {
    try {
      // Rows of superseded records, removed in one pass rather than one scan per duplicate.
      if (this.dead > 0)
        this.db.exec('DELETE FROM affected WHERE advisory NOT IN (SELECT rowid FROM advisories)');
      this.db.exec(INDEXES);
      const advisories = (this.db.prepare('SELECT COUNT(*) AS n FROM advisories').get() as { n: number }).n;
      const perEcosystem = this.db
        .prepare(
          'SELECT ecosystem, COUNT(DISTINCT advisory) AS n FROM affected GROUP BY ecosystem ORDER BY ecosystem',
        )
        .all() as { ecosystem: string; n: number }[];
      const counts: StoredCounts = {
        advisories,
        ecosystems: Object.fromEntries(perEcosystem.map((row) => [row.ecosystem, row.n])),
      };
      const setMeta = this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
      const entries: [MetaKey, string][] = [
        ['updatedAt', String(meta.updatedAt)],
        ['source', meta.source],
        ['counts', JSON.stringify(counts)],
      ];
      for (const [key, value] of entries) setMeta.run(key, value);
      this.db.exec('COMMIT');
      this.db.exec('ANALYZE');
      this.db.pragma('journal_mode = DELETE');
      this.db.close();
      this.finished = true;
      const fd = openSync(this.tempPath, 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(this.tempPath, this.path);
      return counts;
    } catch (e) {
      this.abort();
      throw new ShipshapeError(
        'IO_FAILED',
        SOURCE,
        `cannot write the advisory database ${this.path}: ${(e as Error).message}`,
        { cause: e },
      );
    }
  }

  /** Drops everything written so far; the previous database is untouched. Safe to call twice. */
  abort(): void {
    if (!this.finished) {
      this.finished = true;
      try {
        this.db.close();
      } catch {
        // already closed
      }
    }
    this.discard();
  }

  private discard(): void {
    for (const suffix of ['', '-journal']) rmSync(`${this.tempPath}${suffix}`, { force: true });
  }
}
