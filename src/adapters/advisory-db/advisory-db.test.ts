import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isShipshapeError } from '../../core/errors.js';
import type { Inventory } from '../../core/vuln/types.js';
import { openAdvisoryDb, stalenessWarning, updateAdvisoryDb } from './index.js';

let dir: string;
let dbPath: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'shipshape-advisory-db-'));
  dbPath = join(dir, 'data', 'advisories.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeJson(path: string, value: unknown): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
}

const npmRecord = (
  id: string,
  fixedIn: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  schema_version: '1.6.0',
  id,
  modified: '2025-01-01T00:00:00Z',
  aliases: [`CVE-${id}`],
  summary: `${id} summary`,
  affected: [
    {
      package: { ecosystem: 'npm', name: 'left-pad' },
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: fixedIn }] }],
    },
  ],
  database_specific: { severity: 'HIGH' },
  ...extra,
});

const inventory: Inventory = {
  imageDigest: 'sha256:' + '0'.repeat(64),
  os: null,
  packages: [
    {
      name: 'left-pad',
      version: '1.0.0',
      type: 'npm',
      purl: 'pkg:npm/left-pad@1.0.0',
      location: 'app/node_modules/left-pad',
    },
  ],
};

async function loadDirectory(root: string, now = 1_700_000_000_000) {
  return updateAdvisoryDb({ path: dbPath, sources: [{ kind: 'directory', path: root }], now: () => now });
}

function leftovers(): string[] {
  return readdirSync(join(dir, 'data')).filter((name) => name !== 'advisories.db');
}

describe('advisory database from a directory', () => {
  it('loads OSV files recursively, ignores other files, and reports status', async () => {
    const root = join(dir, 'osv');
    writeJson(join(root, 'GHSA-1.json'), npmRecord('GHSA-1', '1.1.0'));
    writeJson(join(root, 'nested', 'deeper', 'GHSA-2.json'), npmRecord('GHSA-2', '0.9.0'));
    writeJson(join(root, 'README.md'), 'not json');
    const progress: unknown[] = [];
    const result = await updateAdvisoryDb({
      path: dbPath,
      sources: [{ kind: 'directory', path: root }],
      onProgress: (p) => progress.push(p),
      now: () => 1_700_000_000_000,
    });
    expect(result).toMatchObject({ records: 2, withdrawn: 0, duplicates: 0 });
    expect(result.status).toEqual({
      path: dbPath,
      updatedAt: 1_700_000_000_000,
      advisories: 2,
      ecosystems: { npm: 2 },
      source: `directory ${root}`,
    });
    expect(progress).toEqual([{ phase: 'load', source: root, entries: 2, total: 2 }]);

    const db = openAdvisoryDb(dbPath);
    expect(await db.status()).toEqual(result.status);
    expect(await db.match(inventory)).toEqual([
      {
        id: 'GHSA-1',
        aliases: ['CVE-GHSA-1'],
        package: { name: 'left-pad', version: '1.0.0', type: 'npm', purl: 'pkg:npm/left-pad@1.0.0' },
        fixedVersions: ['1.1.0'],
        fixState: 'fixed',
        severity: 'high',
        cvss: null,
        summary: 'GHSA-1 summary',
      },
    ]);
    await db.close();
    expect(leftovers()).toEqual([]);
  });

  it('keeps the later `modified` of two records with one id, whatever the order, and drops withdrawn ones', async () => {
    const root = join(dir, 'osv');
    writeJson(
      join(root, 'a', 'GHSA-1.json'),
      npmRecord('GHSA-1', '1.1.0', { modified: '2025-03-01T00:00:00Z' }),
    );
    writeJson(
      join(root, 'b', 'GHSA-1.json'),
      npmRecord('GHSA-1', '1.0.1', { modified: '2025-02-01T00:00:00Z' }),
    );
    writeJson(
      join(root, 'a', 'GHSA-2.json'),
      npmRecord('GHSA-2', '2.0.0', { modified: '2025-01-01T00:00:00Z' }),
    );
    writeJson(
      join(root, 'b', 'GHSA-2.json'),
      npmRecord('GHSA-2', '2.0.0', { modified: '2025-04-01T00:00:00Z', withdrawn: '2025-04-01T00:00:00Z' }),
    );
    writeJson(
      join(root, 'c', 'GHSA-3.json'),
      npmRecord('GHSA-3', '2.0.0', { withdrawn: '2025-04-01T00:00:00Z' }),
    );
    const result = await loadDirectory(root);
    expect(result).toMatchObject({ records: 5, withdrawn: 2, duplicates: 1 });
    expect(result.status.advisories).toBe(1);
    const db = openAdvisoryDb(dbPath);
    const findings = await db.match(inventory);
    expect(findings.map((f) => [f.id, f.fixedVersions])).toEqual([['GHSA-1', ['1.1.0']]]);
    await db.close();
  });

  it('names the file of a malformed record and leaves the previous database in place', async () => {
    const good = join(dir, 'good');
    writeJson(join(good, 'GHSA-1.json'), npmRecord('GHSA-1', '1.1.0'));
    await loadDirectory(good, 1000);
    const db = openAdvisoryDb(dbPath);
    const before = await db.status();

    const bad = join(dir, 'bad');
    writeJson(join(bad, 'GHSA-9.json'), npmRecord('GHSA-9', '1.1.0'));
    writeJson(join(bad, 'sub', 'broken.json'), '{"id": "GHSA-10", "modified": ');
    const error = await loadDirectory(bad, 2000).catch((e: unknown) => e);
    expect(isShipshapeError(error, 'MALFORMED_RESPONSE')).toBe(true);
    expect((error as Error).message).toMatch(
      /^\[advisory-db\] .*bad: file sub\/broken\.json: not valid JSON/,
    );

    writeJson(join(bad, 'sub', 'broken.json'), {
      id: 'GHSA-10',
      modified: '2025-01-01T00:00:00Z',
      affected: [{ package: { ecosystem: 'npm' } }],
    });
    const invalid = await loadDirectory(bad, 2000).catch((e: unknown) => e);
    expect((invalid as Error).message).toContain(
      'file sub/broken.json: not a valid OSV record: GHSA-10: affected[0].package.name must be a non-empty string, got undefined',
    );

    expect(await db.status()).toEqual(before);
    expect((await db.match(inventory)).map((f) => f.id)).toEqual(['GHSA-1']);
    expect(leftovers()).toEqual([]);
    await db.close();
  });

  it('reports a missing directory as an I/O failure', async () => {
    const error = await loadDirectory(join(dir, 'nope')).catch((e: unknown) => e);
    expect(isShipshapeError(error, 'IO_FAILED')).toBe(true);
    expect((error as Error).message).toContain(`cannot read the advisory directory ${join(dir, 'nope')}`);
  });

  it('an open database picks up an update renamed over it', async () => {
    const root = join(dir, 'osv');
    writeJson(join(root, 'GHSA-1.json'), npmRecord('GHSA-1', '1.1.0'));
    await loadDirectory(root, 1000);
    const db = openAdvisoryDb(dbPath);
    expect((await db.match(inventory)).map((f) => f.id)).toEqual(['GHSA-1']);
    writeJson(join(root, 'GHSA-2.json'), npmRecord('GHSA-2', '3.0.0'));
    await loadDirectory(root, 2000);
    expect((await db.status()).updatedAt).toBe(2000);
    expect((await db.match(inventory)).map((f) => f.id)).toEqual(['GHSA-1', 'GHSA-2']);
    await db.close();
  });

  it('reads a missing file as an empty database', async () => {
    const db = openAdvisoryDb(join(dir, 'none', 'advisories.db'));
    expect(await db.status()).toEqual({
      path: join(dir, 'none', 'advisories.db'),
      updatedAt: null,
      advisories: 0,
      ecosystems: {},
      source: null,
    });
    expect(await db.match(inventory)).toEqual([]);
    await db.close();
  });

  it('refuses a file of another schema version', async () => {
    mkdirSync(join(dir, 'data'), { recursive: true });
    const raw = new Database(dbPath);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => openAdvisoryDb(dbPath)).toThrow(
      /has schema 99, this Shipshape reads schema 1: update the advisory database again/,
    );
  });

  it('rejects an update without sources or ecosystems', async () => {
    await expect(updateAdvisoryDb({ path: dbPath, sources: [] })).rejects.toThrow(
      'no advisory sources configured',
    );
    await expect(
      updateAdvisoryDb({
        path: dbPath,
        sources: [{ kind: 'osv-zip', baseUrl: 'https://example.com', ecosystems: [] }],
      }),
    ).rejects.toThrow('no ecosystems configured for https://example.com');
  });
});

describe('stalenessWarning', () => {
  const day = 24 * 60 * 60 * 1000;
  const status = {
    path: '/d/advisories.db',
    updatedAt: Date.UTC(2025, 0, 1),
    advisories: 1,
    ecosystems: {},
    source: 'x',
  };

  it('is null while fresh, including exactly at the limit', () => {
    expect(stalenessWarning(status, status.updatedAt + 3 * day)).toBeNull();
    expect(stalenessWarning(status, status.updatedAt + 7 * day)).toBeNull();
  });

  it('warns past the limit with the age and date', () => {
    expect(stalenessWarning(status, status.updatedAt + 12 * day + 5)).toBe(
      'the advisory database /d/advisories.db was last updated 12 days ago (2025-01-01, limit 7 days): findings may miss recent advisories; update it',
    );
    expect(stalenessWarning(status, status.updatedAt + 2 * day, 1)).toContain('2 days ago');
  });

  it('warns about a database never loaded', () => {
    expect(stalenessWarning({ ...status, updatedAt: null }, 0)).toBe(
      'the advisory database /d/advisories.db has never been updated: vulnerability findings are empty until it is',
    );
  });
});
