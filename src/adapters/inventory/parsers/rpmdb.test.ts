import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRpmdb, type RpmPackageSpec } from '../../../../test/harness/images/rpmdb.js';
import { readRpmdbSqlite, rpmEvr } from './rpmdb.js';

const dir = mkdtempSync(join(tmpdir(), 'shipshape-rpmdb-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const os = { id: 'rocky', versionId: '9.3', prettyName: null };
const PACKAGES: RpmPackageSpec[] = [
  { name: 'openssl', version: '3.0.7', release: '25.el9_3', epoch: 1, arch: 'x86_64' },
  {
    name: 'libcurl',
    version: '7.76.1',
    release: '26.el9',
    arch: 'x86_64',
    sourceRpm: 'curl-7.76.1-26.el9.src.rpm',
  },
  { name: 'gpg-pubkey', version: '350d275d', release: '6395ec9b', arch: '(none)', sourceRpm: null },
  { name: 'zeroepoch', version: '1', release: '1', epoch: 0, arch: 'noarch' },
];

function files(
  name: string,
  packages: RpmPackageSpec[],
  inWal?: number,
): { database: string; wal: string | null } {
  const built = buildRpmdb(packages, { inWal });
  const database = join(dir, `${name}.sqlite`);
  writeFileSync(database, built.database);
  if (built.wal.length === 0) return { database, wal: null };
  writeFileSync(`${database}-wal-copy`, built.wal);
  return { database, wal: `${database}-wal-copy` };
}

describe('readRpmdbSqlite', () => {
  it('lists every package but the public keys, with EVR versions and source packages', async () => {
    const result = await readRpmdbSqlite(files('plain', PACKAGES), dir, 'var/lib/rpm/rpmdb.sqlite', os);
    expect(result.badHeaders).toBe(0);
    expect(result.packages).toEqual([
      {
        name: 'openssl',
        version: '1:3.0.7-25.el9_3',
        type: 'rpm',
        sourceName: 'openssl',
        sourceVersion: '1:3.0.7-25.el9_3',
        purl: 'pkg:rpm/rocky/openssl@3.0.7-25.el9_3?arch=x86_64&distro=rocky-9.3&epoch=1',
        location: 'var/lib/rpm/rpmdb.sqlite',
      },
      expect.objectContaining({ name: 'libcurl', sourceName: 'curl', sourceVersion: '7.76.1-26.el9' }),
      expect.objectContaining({
        name: 'zeroepoch',
        version: '1-1',
        purl: 'pkg:rpm/rocky/zeroepoch@1-1?arch=noarch&distro=rocky-9.3',
      }),
    ]);
  });

  it('replays committed transactions still in the WAL', async () => {
    const result = await readRpmdbSqlite(files('wal', PACKAGES, 2), dir, 'x', os);
    expect(result.packages.map((p) => p.name)).toEqual(['openssl', 'libcurl', 'zeroepoch']);
    const withoutWal = await readRpmdbSqlite({ ...files('nowal', PACKAGES, 2), wal: null }, dir, 'x', os);
    expect(withoutWal.packages.map((p) => p.name)).toEqual(['openssl', 'libcurl']);
  });

  it('throws for a file that is not an rpm SQLite database', async () => {
    const garbage = join(dir, 'garbage.sqlite');
    writeFileSync(garbage, 'BerkeleyDB? no, just text'.repeat(100));
    await expect(readRpmdbSqlite({ database: garbage, wal: null }, dir, 'x', os)).rejects.toThrow(
      /not a database/,
    );
  });

  it('formats EVR without a zero epoch or an empty release', () => {
    expect(rpmEvr({ epoch: 2, version: '4.15.1', release: '3.fc40' })).toBe('2:4.15.1-3.fc40');
    expect(rpmEvr({ epoch: 0, version: '1', release: '' })).toBe('1');
    expect(rpmEvr({ epoch: null, version: '1', release: '2' })).toBe('1-2');
  });
});
