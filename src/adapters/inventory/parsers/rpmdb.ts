/**
 * rpm's SQLite database (rpm ≥ 4.16: RHEL/Rocky/Alma 9, Fedora ≥ 33, Amazon Linux 2023): the `Packages`
 * table holds one header blob per installed package. Read with better-sqlite3 from a private copy, so a
 * WAL left beside it (rpm keeps one; `PERSIST_WAL`) is replayed without touching anything else.
 * BerkeleyDB `Packages` (rpm ≤ 4.15: CentOS 7/8, RHEL 7/8, Amazon Linux 2) and NDB `Packages.db`
 * (SUSE) are not read.
 */
import { copyFile, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { InventoryPackage, OsInfo } from '../../../core/vuln/types.js';
import { osPackagePurl } from '../purl.js';
import { parseRpmHeader, parseSourceRpm, type RpmHeaderInfo } from './rpm-header.js';

export interface RpmdbFiles {
  /** The database file on local disk. */
  readonly database: string;
  /** Its `-wal` file, when the image has a non-empty one. */
  readonly wal: string | null;
}

export interface RpmdbResult {
  readonly packages: InventoryPackage[];
  /** Header blobs that did not parse (skipped). */
  readonly badHeaders: number;
}

/** `[epoch:]version[-release]`, the EVR that rpm compares and advisories quote. */
export function rpmEvr(h: Pick<RpmHeaderInfo, 'epoch' | 'version' | 'release'>): string {
  const vr = h.release ? `${h.version}-${h.release}` : h.version;
  return h.epoch ? `${h.epoch}:${vr}` : vr;
}

export function rpmPackage(h: RpmHeaderInfo, location: string, os: OsInfo | null): InventoryPackage {
  const source = h.sourceRpm ? parseSourceRpm(h.sourceRpm) : null;
  return {
    name: h.name,
    version: rpmEvr(h),
    type: 'rpm',
    // a source RPM carries no epoch in its file name; it shares the binary's
    sourceName: source?.name ?? h.name,
    sourceVersion: source ? rpmEvr({ ...source, epoch: h.epoch }) : rpmEvr(h),
    purl: osPackagePurl(
      {
        type: 'rpm',
        name: h.name,
        version: h.release ? `${h.version}-${h.release}` : h.version,
        arch: h.arch,
        epoch: h.epoch,
      },
      os,
    ),
    location,
  };
}

/**
 * Every installed package. `scratchDir` is a private directory this call may write into. Throws when the
 * file is not an rpm SQLite database.
 */
export async function readRpmdbSqlite(
  files: RpmdbFiles,
  scratchDir: string,
  location: string,
  os: OsInfo | null,
): Promise<RpmdbResult> {
  const dir = await mkdtemp(join(scratchDir, 'rpmdb-'));
  const path = join(dir, 'rpmdb.sqlite');
  await copyFile(files.database, path);
  if (files.wal) await copyFile(files.wal, `${path}-wal`);
  const db = new Database(path, { fileMustExist: true });
  try {
    const packages: InventoryPackage[] = [];
    let badHeaders = 0;
    const rows = db.prepare('SELECT hnum, blob FROM Packages ORDER BY hnum').raw().iterate() as Iterable<
      [number, unknown]
    >;
    for (const [, blob] of rows) {
      const header = blob instanceof Uint8Array ? parseRpmHeader(blob) : null;
      if (!header) {
        badHeaders++;
        continue;
      }
      // public keys imported with `rpm --import` are pseudo-packages, not software
      if (header.name === 'gpg-pubkey') continue;
      packages.push(rpmPackage(header, location, os));
    }
    return { packages, badHeaders };
  } finally {
    db.close();
  }
}
