/**
 * The OSV advisory database: a SQLite file (default `<data dir>/advisories.db`) loaded from OSV exports
 * or directories by `updateAdvisoryDb` and read through the AdvisoryDb port by `openAdvisoryDb`.
 */
import { join } from 'node:path';
import type { AdvisoryDb } from '../../ports/advisory-db.js';
import { SqliteAdvisoryDb } from './sqlite-advisory-db.js';

export const ADVISORY_DB_FILE = 'advisories.db';

export function defaultAdvisoryDbPath(dataDir: string): string {
  return join(dataDir, ADVISORY_DB_FILE);
}

/** Explicit registration of AdvisoryDb implementations. */
export const advisoryDbs = {
  sqlite: (options: { path: string }): AdvisoryDb => new SqliteAdvisoryDb(options.path),
} as const;

export { openAdvisoryDb, SqliteAdvisoryDb } from './sqlite-advisory-db.js';
export {
  exportUrl,
  OSV_EXPORT_URL,
  updateAdvisoryDb,
  type AdvisorySource,
  type UpdateAdvisoryDbOptions,
  type UpdateAdvisoryDbResult,
  type UpdateProgress,
} from './update.js';
export type { FetchLike } from './download.js';
export { DEFAULT_MAX_AGE_DAYS, stalenessWarning } from './staleness.js';
