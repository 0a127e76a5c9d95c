/**
 * `shipshape db update --source URL` against OSV exports served over loopback HTTP the way OSV.dev's
 * bucket serves them (`<base>/<ecosystem>/all.zip` with x-goog-hash), with the progress bar on a TTY.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../harness/cli.js';
import {
  advisory,
  affectedPackage,
  buildOsvExport,
  ecosystemRange,
  fixed,
  googHash,
  introduced,
  startStaticServer,
  type StaticServer,
} from '../harness/osv/index.js';

let server: StaticServer;
let root: string;

async function cli(argv: string[], tty = false): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCliCaptured(argv, { cwd: root, tty });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'shipshape-db-'));
  const debian = buildOsvExport([
    advisory('DSA-9001-1', [
      affectedPackage('Debian:12', 'openssl', [ecosystemRange(introduced('0'), fixed('3.0.11-1~deb12u2'))]),
    ]),
    advisory('DEBIAN-CVE-2099-0003', [
      affectedPackage('Debian:12', 'openssl', [ecosystemRange(introduced('0'))]),
    ]),
  ]);
  const npm = buildOsvExport([
    advisory('GHSA-aaaa-bbbb-cccc', [
      affectedPackage('npm', 'lodash', [{ type: 'SEMVER', events: [introduced('0'), fixed('4.17.21')] }]),
    ]),
  ]);
  server = await startStaticServer({
    '/Debian/all.zip': { body: debian, headers: { 'x-goog-hash': googHash(debian) } },
    '/npm/all.zip': { body: npm, headers: { 'x-goog-hash': googHash(npm) } },
  });
});

afterAll(async () => {
  await server?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('shipshape db update --source URL', () => {
  it('downloads each ecosystem’s export, verifies and loads it, drawing progress on a TTY', async () => {
    const { code, stdout, stderr } = await cli(
      [
        'db',
        'update',
        '--source',
        server.url,
        '--ecosystem',
        'Debian',
        '--ecosystem',
        'npm',
        '--format',
        'json',
      ],
      true,
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      schemaVersion: 1,
      path: join(root, '.shipshape', 'advisories.db'),
      advisories: 3,
      ecosystems: { 'Debian:12': 2, npm: 1 },
      source: `osv-zip ${server.url} (Debian, npm)`,
      records: 3,
      withdrawn: 0,
      duplicates: 0,
      skipped: 0,
    });
    expect(stderr).toContain('downloading Debian');
    expect(stderr).toContain('\r\u001b[2K');
    expect(stderr.endsWith('\r\u001b[2K')).toBe(true);
    expect(server.requests.map((r) => r.path)).toEqual(['/Debian/all.zip', '/npm/all.zip']);
  });

  it('draws nothing when stderr is not a terminal', async () => {
    const { code, stderr } = await cli(['db', 'update', '--source', server.url, '--ecosystem', 'npm']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
  });

  it('a failed download exits 3 and leaves the database as it was', async () => {
    await cli(['db', 'update', '--source', server.url, '--ecosystem', 'Debian']);
    const { code, stderr } = await cli(['db', 'update', '--source', server.url, '--ecosystem', 'Alpine']);
    expect(code).toBe(3);
    expect(stderr).toMatch(/^error: \[advisory-db\] .*Alpine.*404/);
    const status = JSON.parse((await cli(['db', 'status', '--format', 'json'])).stdout) as Record<
      string,
      unknown
    >;
    expect(status).toMatchObject({ advisories: 2, ecosystems: { 'Debian:12': 2 } });
  });

  it('--ecosystem without --source is a usage error', async () => {
    const { code, stderr } = await cli(['db', 'update', '--ecosystem', 'Debian']);
    expect(code).toBe(2);
    expect(stderr).toBe('error: --ecosystem goes with a --source URL\n');
  });
});
