/** The advisory database file: one SQLite file, written whole by an update and only read afterwards. */

export const SCHEMA_VERSION = 1;

export const SOURCE = 'advisory-db';

export const DDL = `
CREATE TABLE advisories (
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  aliases TEXT NOT NULL,        -- JSON array of ids
  summary TEXT,
  severity TEXT NOT NULL,       -- record-level: critical | high | medium | low | unknown
  cvss_score REAL,
  cvss_vector TEXT,
  modified TEXT NOT NULL,
  published TEXT
);
CREATE TABLE affected (
  advisory INTEGER NOT NULL,    -- advisories.rowid (no FOREIGN KEY: superseded rows are swept in one pass)
  ecosystem TEXT NOT NULL,      -- exactly as the record spells it: "Debian:12", "Alpine:v3.19", "PyPI"
  name TEXT NOT NULL,           -- normalizePackageName(ecosystem, name)
  ranges TEXT NOT NULL,         -- JSON [{ type, events: [{ kind, version }] }], GIT ranges dropped
  versions TEXT NOT NULL,       -- JSON array
  severity TEXT NOT NULL,       -- for this package (affected[].severity overrides the record's)
  cvss_score REAL,
  cvss_vector TEXT
);
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;

/** Built after the bulk insert: one index build is cheaper than maintaining it row by row. */
export const INDEXES = `
CREATE INDEX affected_package ON affected (ecosystem, name);
CREATE INDEX affected_advisory ON affected (advisory);
`;

export type MetaKey = 'updatedAt' | 'source' | 'counts';

export interface StoredCounts {
  readonly advisories: number;
  readonly ecosystems: Readonly<Record<string, number>>;
}
