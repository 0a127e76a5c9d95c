/**
 * `shipshape scan` and `shipshape db` end to end, in-process through runCli, against a real registry:
 * Debian images whose layers hold this machine's real dpkg database (openssl set to two point releases),
 * and an advisory database loaded by `db update` from a directory of OSV records.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeTool, type FakeTool } from '../../src/adapters/scanners/testing/fake-tool.js';
import { cyclonedx15Problems } from '../../src/adapters/sbom/cyclonedx/testing.js';
import type { CycloneDxBom } from '../../src/adapters/sbom/cyclonedx/index.js';
import { runCliCaptured } from '../harness/cli.js';
import type { ScanReport } from '../../src/core/vuln/index.js';
import {
  alpineRoot,
  debianRoot,
  hostDebianFiles,
  LayerMediaTypes,
  makeLayer,
  pushLayeredImage,
  tarArchive,
  withParents,
  type FixtureLayer,
} from '../harness/images/index.js';
import { advisory, affectedPackage, ecosystemRange, fixed, introduced } from '../harness/osv/index.js';
import { startRegistry, type RunningRegistry } from '../harness/registry-server.js';

const OLD = '3.0.11-1~deb12u1';
const NEW = '3.0.11-1~deb12u2';
const OPENSSL_BINARIES = ['libssl-dev', 'libssl3', 'openssl'];
const HIGH_VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'; // 7.5
const CRITICAL_VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'; // 9.8

let registry: RunningRegistry;
let root: string;
let host: string;
let digests: Record<string, string>;
let multi: { digest: string; platformDigests: Record<string, string> };

/** This machine's dpkg status with openssl's binaries at `version`; `edit` changes the stanza list. */
function dpkgStatus(version: string, edit: (stanzas: string[]) => string[] = (s) => s): Buffer {
  const stanzas = hostDebianFiles()
    .dpkgStatus.toString('utf8')
    .split(/\n\n+/)
    .filter((s) => s.trim() !== '');
  const rewritten = stanzas.map((stanza) => {
    const name = /^Package: (.+)$/m.exec(stanza)?.[1];
    return name !== undefined && OPENSSL_BINARIES.includes(name)
      ? stanza.replace(/^Version: .+$/m, `Version: ${version}`)
      : stanza;
  });
  return Buffer.from(edit(rewritten).join('\n\n') + '\n');
}

const ADDED_STANZA = `Package: shipshape-probe
Status: install ok installed
Priority: optional
Section: misc
Installed-Size: 12
Maintainer: Shipshape Tests <tests@shipshape.invalid>
Architecture: all
Version: 1.0-1
Description: a package only the new image has`;

function debianLayer(dpkg: Buffer): FixtureLayer {
  return makeLayer(debianRoot({ osRelease: hostDebianFiles().osRelease, dpkgStatus: dpkg }));
}

/** A gzip layer cut short: its digest matches the bytes (the registry accepts it), the stream does not end. */
function truncatedLayer(): FixtureLayer {
  const tar = tarArchive(withParents(debianRoot()));
  const whole = gzipSync(tar);
  const blob = whole.subarray(0, Math.floor(whole.length / 2));
  const sha = (b: Uint8Array): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
  return { blob, mediaType: LayerMediaTypes.gzip, digest: sha(blob), diffId: sha(tar) };
}

function write(rel: string, text: string): void {
  const path = join(root, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

async function cli(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCliCaptured(argv, { cwd: root, extraEnv: { ...env } });
}

async function json<T>(
  argv: string[],
  env?: NodeJS.ProcessEnv,
): Promise<{ code: number; doc: T; stderr: string }> {
  const { code, stdout, stderr } = await cli(argv, env);
  return { code, doc: JSON.parse(stdout) as T, stderr };
}

beforeAll(async () => {
  registry = await startRegistry();
  host = registry.host;
  const t = { url: registry.url };
  digests = {};
  digests['1.0'] = (await pushLayeredImage(t, 'team/app', '1.0', [debianLayer(dpkgStatus(OLD))])).digest;
  digests['2.0'] = (
    await pushLayeredImage(t, 'team/app', '2.0', [
      debianLayer(
        dpkgStatus(NEW, (stanzas) => [...stanzas.filter((s) => !/^Package: less$/m.test(s)), ADDED_STANZA]),
      ),
    ])
  ).digest;
  digests['broken'] = (await pushLayeredImage(t, 'team/app', 'broken', [truncatedLayer()])).digest;
  await pushLayeredImage(t, 'team/alpine', '3.19', [makeLayer(alpineRoot())]);
  await pushLayeredImage(t, 'team/static', '1.0', [
    makeLayer([{ type: 'file', path: 'app/server', content: '\x7fELF static', mode: 0o755 }]),
  ]);
  multi = await pushLayeredImage(
    t,
    'team/multi',
    '1.0',
    (platform) => [debianLayer(dpkgStatus(platform.architecture === 'arm64' ? NEW : OLD))],
    {
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64' },
      ],
    },
  );

  root = mkdtempSync(join(tmpdir(), 'shipshape-scan-'));
  const records = [
    advisory(
      'DSA-9001-1',
      [affectedPackage('Debian:12', 'openssl', [ecosystemRange(introduced('0'), fixed(NEW))])],
      {
        aliases: ['CVE-2099-0001'],
        summary: 'openssl - security update',
        severity: [{ type: 'CVSS_V3', score: HIGH_VECTOR }],
      },
    ),
    advisory(
      'DEBIAN-CVE-2099-0002',
      [affectedPackage('Debian:12', 'openssl', [ecosystemRange(introduced(NEW), fixed('3.0.11-1~deb12u3'))])],
      { severity: [{ type: 'CVSS_V3', score: CRITICAL_VECTOR }] },
    ),
    advisory(
      'DEBIAN-CVE-2099-0003',
      [
        affectedPackage('Debian:12', 'openssl', [ecosystemRange(introduced('0'))], {
          ecosystem_specific: { urgency: 'low' },
        }),
      ],
      { summary: 'openssl: timing side channel, not fixed' },
    ),
    // Another release and another package: never matched here.
    advisory('DEBIAN-CVE-2099-0004', [
      affectedPackage('Debian:11', 'openssl', [ecosystemRange(introduced('0'))]),
      affectedPackage('Debian:12', 'not-installed', [ecosystemRange(introduced('0'))]),
    ]),
  ];
  for (const r of records) write(`advisories/debian/${r.id}.json`, JSON.stringify(r, null, 2));
  write('shipshape.yaml', 'scan:\n  advisoryDb:\n    sources:\n      - { directory: ./advisories }\n');
  write(
    'stale.yaml',
    'scan:\n  advisoryDb:\n    path: .shipshape/advisories.db\n    maxAgeDays: 0.000000001\n',
  );
  write('empty.yaml', 'scan:\n  advisoryDb:\n    path: nothing-here/advisories.db\n');

  const update = await cli(['db', 'update']);
  if (update.code !== 0) throw new Error(`db update failed: ${update.stderr}`);
});

afterAll(async () => {
  await registry?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

const ids = (findings: readonly { id: string; package: { name: string } }[]): string[] =>
  findings.map((f) => `${f.id} ${f.package.name}`);

describe('shipshape db', () => {
  it('db status reports what db update loaded, per ecosystem, fresh', async () => {
    const { code, doc, stderr } = await json<Record<string, unknown>>(['db', 'status', '--format', 'json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(doc).toMatchObject({
      schemaVersion: 1,
      path: join(root, '.shipshape', 'advisories.db'),
      advisories: 4,
      ecosystems: { 'Debian:11': 1, 'Debian:12': 4 },
      source: `directory ${join(root, 'advisories')}`,
      stale: false,
      warning: null,
    });
    expect(typeof doc['updatedAt']).toBe('string');
    const table = await cli(['db', 'status']);
    expect(table.stdout).toContain('advisories         4');
    expect(table.stdout).toMatch(/updated {12}\d{4}-\d\d-\d\d \d\d:\d\d UTC \(less than an hour ago\)/);
  });

  it('db update --source DIR loads that directory instead, and says what it read', async () => {
    const { code, stdout } = await cli(['db', 'update', '--source', 'advisories']);
    expect(code).toBe(0);
    expect(stdout).toContain(`advisory database updated: ${join(root, '.shipshape', 'advisories.db')}`);
    expect(stdout).toContain(`4 advisories from directory ${join(root, 'advisories')}`);
    expect(stdout).toMatch(
      /read 4 records \(0 withdrawn, 0 duplicates, 0 without ranges Shipshape evaluates\)/,
    );
  });

  it('db update --source that is neither a URL nor a directory is a usage error', async () => {
    const { code, stderr } = await cli(['db', 'update', '--source', 'no/such/dir']);
    expect(code).toBe(2);
    expect(stderr).toBe('error: --source no/such/dir: not an http(s) URL and not a directory\n');
  });
});

describe('shipshape scan IMAGE', () => {
  it('prints one JSON document with the image digest and the exact findings', async () => {
    const { code, doc, stderr } = await json<ScanReport>([
      'scan',
      `${host}/team/app:1.0`,
      '--format',
      'json',
      '--no-store',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(doc).toMatchObject({
      schemaVersion: 1,
      image: {
        reference: `${host}/team/app:1.0`,
        registry: host,
        repository: 'team/app',
        tag: '1.0',
        digest: digests['1.0'],
        platform: 'linux/amd64',
        os: { id: 'debian', versionId: '12' },
      },
      scanner: 'builtin',
      summary: { critical: 0, high: 3, medium: 0, low: 3, unknown: 0 },
      warnings: [],
      against: null,
      delta: null,
      packageChanges: null,
    });
    expect(doc.image.packages).toBeGreaterThan(100);
    expect(ids(doc.findings)).toEqual([
      'DSA-9001-1 libssl-dev',
      'DSA-9001-1 libssl3',
      'DSA-9001-1 openssl',
      'DEBIAN-CVE-2099-0003 libssl-dev',
      'DEBIAN-CVE-2099-0003 libssl3',
      'DEBIAN-CVE-2099-0003 openssl',
    ]);
    expect(doc.findings[2]).toEqual({
      id: 'DSA-9001-1',
      aliases: ['CVE-2099-0001'],
      package: {
        name: 'openssl',
        version: OLD,
        type: 'deb',
        purl: `pkg:deb/debian/openssl@${OLD}?arch=amd64&distro=debian-12`,
      },
      fixedVersions: [NEW],
      fixState: 'fixed',
      severity: 'high',
      cvss: { score: 7.5, vector: HIGH_VECTOR },
      summary: 'openssl - security update',
    });
    expect(doc.findings[5]).toMatchObject({
      id: 'DEBIAN-CVE-2099-0003',
      fixedVersions: [],
      fixState: 'not-fixed',
      severity: 'low',
      cvss: null,
    });
  });

  it('groups findings by severity in the table', async () => {
    const { code, stdout } = await cli(['scan', `${host}/team/app:1.0`, '--no-store']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^${host}/team/app:1\\.0  sha256:[0-9a-f]{12}  linux/amd64  Debian GNU/Linux 12 \\(bookworm\\)  \\d+ packages  \\(builtin\\)$`,
      ),
    );
    const high = lines.indexOf('HIGH (3)');
    const low = lines.indexOf('LOW (3)');
    expect(high).toBeGreaterThan(0);
    expect(low).toBeGreaterThan(high);
    expect(lines[high + 1]).toMatch(
      /^ {2}DSA-9001-1 +libssl-dev 3\.0\.11-1~deb12u1 +fixed in 3\.0\.11-1~deb12u2 +7\.5 +openssl - security update$/,
    );
    expect(lines[low + 3]).toMatch(
      /^ {2}DEBIAN-CVE-2099-0003 +openssl 3\.0\.11-1~deb12u1 +no fix yet +- +openssl: timing side channel, not fixed$/,
    );
    expect(stdout).toContain('6 vulnerabilities: 0 critical, 3 high, 0 medium, 3 low, 0 unknown');
  });

  it('--fail-on trips at or above the level', async () => {
    expect((await cli(['scan', `${host}/team/app:1.0`, '--fail-on', 'high', '--no-store'])).code).toBe(1);
    expect((await cli(['scan', `${host}/team/app:1.0`, '--fail-on', 'critical', '--no-store'])).code).toBe(0);
    const bad = await cli(['scan', `${host}/team/app:1.0`, '--fail-on', 'severe']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'error: --fail-on must be one of critical, high, medium, low, unknown, none (got "severe")\n',
    );
  });

  it('picks the platform of a multi-platform image', async () => {
    const arm = await json<ScanReport>([
      'scan',
      `${host}/team/multi:1.0`,
      '--platform',
      'linux/arm64',
      '--format',
      'json',
      '--no-store',
    ]);
    expect(arm.doc.image).toMatchObject({
      digest: multi.platformDigests['linux/arm64'],
      platform: 'linux/arm64',
    });
    expect(ids(arm.doc.findings)).toContain('DEBIAN-CVE-2099-0002 openssl');
    const amd = await json<ScanReport>(['scan', `${host}/team/multi:1.0`, '--format', 'json', '--no-store']);
    expect(amd.doc.image.digest).toBe(multi.platformDigests['linux/amd64']);
    expect(ids(amd.doc.findings)).toContain('DSA-9001-1 openssl');
  });

  it('prints a CycloneDX 1.5 SBOM: the image, its packages with purls, the findings', async () => {
    const { code, stdout } = await cli([
      'scan',
      `${host}/team/app:1.0`,
      '--format',
      'cyclonedx',
      '--no-store',
    ]);
    expect(code).toBe(0);
    const bom = JSON.parse(stdout) as CycloneDxBom;
    expect(cyclonedx15Problems(bom)).toEqual([]);
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1 });
    expect(bom.metadata.component).toMatchObject({
      type: 'container',
      name: `${host}/team/app`,
      version: digests['1.0'],
    });
    expect(bom.metadata.component.purl).toMatch(
      /^pkg:oci\/app@sha256:[0-9a-f]{64}\?arch=amd64&repository_url=/,
    );
    const libraries = bom.components.filter((c) => c.type === 'library');
    expect(libraries.length).toBeGreaterThan(100);
    expect(libraries.every((c) => c.purl?.startsWith('pkg:deb/debian/'))).toBe(true);
    expect(bom.components.find((c) => c.type === 'operating-system')).toMatchObject({
      name: 'debian',
      version: '12',
    });
    const opensslRef = libraries.find((c) => c.name === 'openssl')!['bom-ref'];
    expect(bom.vulnerabilities.map((v) => [v.id, v.affects.length, v.ratings[0]!.severity])).toEqual([
      ['DEBIAN-CVE-2099-0003', 3, 'low'],
      ['DSA-9001-1', 3, 'high'],
    ]);
    expect(bom.vulnerabilities[1]!.affects.map((a) => a.ref)).toContain(opensslRef);
  });
});

describe('shipshape scan NEW --against OLD', () => {
  it('fixed = in OLD not in NEW, introduced = in NEW not in OLD, unchanged; and package changes', async () => {
    const { code, doc } = await json<ScanReport>([
      'scan',
      `${host}/team/app:2.0`,
      '--against',
      `${host}/team/app:1.0`,
      '--format',
      'json',
      '--no-store',
    ]);
    expect(code).toBe(0);
    expect(doc.image.digest).toBe(digests['2.0']);
    expect(doc.against).toMatchObject({
      reference: `${host}/team/app:1.0`,
      digest: digests['1.0'],
      summary: { critical: 0, high: 3, medium: 0, low: 3, unknown: 0 },
    });
    expect(doc.summary).toEqual({ critical: 3, high: 0, medium: 0, low: 3, unknown: 0 });
    const delta = doc.delta!;
    expect(ids(delta.fixed)).toEqual(['DSA-9001-1 libssl-dev', 'DSA-9001-1 libssl3', 'DSA-9001-1 openssl']);
    expect(delta.fixed.every((f) => f.package.version === OLD)).toBe(true);
    expect(ids(delta.introduced)).toEqual([
      'DEBIAN-CVE-2099-0002 libssl-dev',
      'DEBIAN-CVE-2099-0002 libssl3',
      'DEBIAN-CVE-2099-0002 openssl',
    ]);
    expect(delta.introduced[0]).toMatchObject({
      severity: 'critical',
      fixedVersions: ['3.0.11-1~deb12u3'],
      cvss: { score: 9.8 },
    });
    expect(ids(delta.unchanged)).toEqual([
      'DEBIAN-CVE-2099-0003 libssl-dev',
      'DEBIAN-CVE-2099-0003 libssl3',
      'DEBIAN-CVE-2099-0003 openssl',
    ]);
    expect(delta.unchanged.every((f) => f.package.version === NEW)).toBe(true);
    expect(delta.counts).toEqual({
      fixed: { critical: 0, high: 3, medium: 0, low: 0, unknown: 0 },
      introduced: { critical: 3, high: 0, medium: 0, low: 0, unknown: 0 },
      unchanged: { critical: 0, high: 0, medium: 0, low: 3, unknown: 0 },
    });
    expect(delta.badge).toBe('fixes 3H · adds 3C');

    const changes = doc.packageChanges!;
    expect(changes.upgraded.map((c) => `${c.name} ${c.from} → ${c.to}`)).toEqual(
      OPENSSL_BINARIES.map((name) => `${name} ${OLD} → ${NEW}`),
    );
    expect(changes.added).toEqual([
      {
        name: 'shipshape-probe',
        version: '1.0-1',
        type: 'deb',
        purl: 'pkg:deb/debian/shipshape-probe@1.0-1?arch=all&distro=debian-12',
      },
    ]);
    expect(changes.removed.map((p) => p.name)).toEqual(['less']);
    expect(changes.downgraded).toEqual([]);
    expect(changes.unchanged).toBe(doc.image.packages - 4);
  });

  it('the table shows the badge, both lists and the package changes', async () => {
    const { stdout } = await cli([
      'scan',
      `${host}/team/app:2.0`,
      '--against',
      `${host}/team/app:1.0`,
      '--no-store',
    ]);
    expect(stdout).toContain('\nfixes 3H · adds 3C\n');
    expect(stdout).toContain(`Fixed (in ${host}/team/app:1.0, not in ${host}/team/app:2.0): 3\n`);
    expect(stdout).toContain(`Introduced (in ${host}/team/app:2.0, not in ${host}/team/app:1.0): 3\n`);
    expect(stdout).toMatch(
      /\n {2}CRITICAL DEBIAN-CVE-2099-0002 +libssl-dev 3\.0\.11-1~deb12u2 +fixed in 3\.0\.11-1~deb12u3 +9\.8/,
    );
    expect(stdout).toContain('Unchanged: 3 (3L)\n');
    expect(stdout).toMatch(/Packages: 3 upgraded, 0 downgraded, 1 added, 1 removed, \d+ unchanged\n/);
    expect(stdout).toMatch(/\n {2}↑ openssl +3\.0\.11-1~deb12u1 → 3\.0\.11-1~deb12u2\n/);
    expect(stdout).toMatch(/\n {2}\+ shipshape-probe +1\.0-1\n/);
    expect(stdout).toMatch(/\n {2}- less +\S+\n/);
  });

  it('--fail-on judges only introduced findings', async () => {
    const forward = [
      'scan',
      `${host}/team/app:2.0`,
      '--against',
      `${host}/team/app:1.0`,
      '--no-store',
      '--format',
      'json',
    ];
    expect((await cli([...forward, '--fail-on', 'critical'])).code).toBe(1);
    // Backwards, moving to 1.0 introduces the high DSA and fixes the critical one.
    const backward = [
      'scan',
      `${host}/team/app:1.0`,
      '--against',
      `${host}/team/app:2.0`,
      '--no-store',
      '--format',
      'json',
    ];
    expect((await cli([...backward, '--fail-on', 'critical'])).code).toBe(0);
    expect((await cli([...backward, '--fail-on', 'high'])).code).toBe(1);
  });
});

describe('warnings and failures', () => {
  it('a stale advisory database warns on stderr and in the JSON warnings', async () => {
    await new Promise((r) => setTimeout(r, 5));
    const { code, doc, stderr } = await json<ScanReport>([
      '--config',
      'stale.yaml',
      'scan',
      `${host}/team/app:1.0`,
      '--format',
      'json',
      '--no-store',
    ]);
    expect(code).toBe(0);
    expect(doc.warnings).toHaveLength(1);
    expect(doc.warnings[0]).toMatch(
      new RegExp(
        `^the advisory database ${join(root, '.shipshape', 'advisories.db')} was last updated 0 days ago \\(\\d{4}-\\d\\d-\\d\\d, limit 1e-9 days\\): findings may miss recent advisories; update it$`,
      ),
    );
    expect(stderr).toBe(`warning: ${doc.warnings[0]}\n`);
    expect(doc.findings).toHaveLength(6);
  });

  it('an advisory database never updated: a warning and no findings', async () => {
    const { code, doc, stderr } = await json<ScanReport>([
      '--config',
      'empty.yaml',
      'scan',
      `${host}/team/app:1.0`,
      '--format',
      'json',
      '--no-store',
    ]);
    expect(code).toBe(0);
    expect(doc.findings).toEqual([]);
    expect(doc.warnings).toEqual([
      `the advisory database ${join(root, 'nothing-here', 'advisories.db')} has never been updated: vulnerability findings are empty until it is`,
    ]);
    expect(stderr).toContain('warning: the advisory database');
  });

  it('an OS the advisory database has no data for, and an image without packages, are said so', async () => {
    const alpine = await json<ScanReport>([
      'scan',
      `${host}/team/alpine:3.19`,
      '--format',
      'json',
      '--no-store',
    ]);
    expect(alpine.code).toBe(0);
    expect(alpine.doc.image.os).toMatchObject({ id: 'alpine', versionId: '3.19.1' });
    expect(alpine.doc.warnings).toEqual([
      'the advisory database has no advisories for Alpine Linux v3.19: its 8 OS packages were not checked',
    ]);
    const bare = await json<ScanReport>([
      'scan',
      `${host}/team/static:1.0`,
      '--format',
      'json',
      '--no-store',
    ]);
    expect(bare.doc.findings).toEqual([]);
    expect(bare.doc.warnings).toEqual([
      'no operating system and no packages were found in the image (scratch or distroless without package metadata?): nothing to match',
    ]);
    expect(bare.stderr).toBe(`warning: ${bare.doc.warnings[0]}\n`);
  });

  it('a corrupt layer: exit 3 naming the image and the layer', async () => {
    const { code, stdout, stderr } = await cli(['scan', `${host}/team/app:broken`, '--no-store']);
    expect(code).toBe(3);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      new RegExp(`^error: cannot scan ${host}/team/app:broken: \\[inventory\\] .*corrupt.*gzip`),
    );
    expect(stderr.split('\n')).toHaveLength(2);
  });

  it('a missing image or --against image: exit 3, which one named', async () => {
    const missing = await cli(['scan', `${host}/team/missing:1.0`, '--no-store']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(new RegExp(`^error: cannot scan ${host}/team/missing:1\\.0: `));
    const against = await cli([
      'scan',
      `${host}/team/app:2.0`,
      '--against',
      `${host}/team/app:9.9`,
      '--no-store',
    ]);
    expect(against.code).toBe(3);
    expect(against.stderr).toMatch(
      new RegExp(`^error: cannot scan --against image ${host}/team/app:9\\.9: `),
    );
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['scan', 'Not A Reference'])).code).toBe(2);
    expect((await cli(['scan', `${host}/team/app:1.0`, '--format', 'sarif'])).code).toBe(2);
    expect((await cli(['scan', `${host}/team/app:1.0`, '--against-report', 'x.json'])).stderr).toBe(
      'error: --against-report needs --against IMAGE\n',
    );
    expect((await cli(['scan', `${host}/team/app:1.0`, '--platform', 'arm64'])).code).toBe(2);
  });
});

describe('shipshape scan with trivy and grype', () => {
  const fixture = (name: string): string =>
    fileURLToPath(new URL(`../fixtures/scanners/${name}`, import.meta.url));
  let tool: FakeTool | undefined;
  afterAll(() => tool?.remove());

  it('--scanner trivy runs trivy on the image pinned to its digest and maps its report', async () => {
    tool = fakeTool('trivy', {
      [digests['1.0']!]: fixture('trivy-debian-old.json'),
      [digests['2.0']!]: fixture('trivy-debian-new.json'),
    });
    const { code, doc, stderr } = await json<ScanReport>(
      [
        'scan',
        `${host}/team/app:2.0`,
        '--against',
        `${host}/team/app:1.0`,
        '--scanner',
        'trivy',
        '--format',
        'json',
        '--no-store',
      ],
      { PATH: tool.path },
    );
    expect(code).toBe(0);
    expect(stderr).toBe(
      'warning: trivy reported 1 finding in package types Shipshape does not model, left out (gemspec: 1)\n',
    );
    expect(doc.scanner).toBe('trivy');
    expect(doc.image.digest).toBe(digests['2.0']);
    expect(doc.against?.digest).toBe(digests['1.0']);
    expect(tool.args().at(-1)).toMatch(new RegExp(`^${host}/team/app@sha256:[0-9a-f]{64}$`));
    expect(doc.delta?.badge).toBe('fixes 1H 2M · adds 1C 3M');
    expect(ids(doc.delta!.introduced)).toEqual([
      'CVE-2024-24790 stdlib',
      'CVE-2024-0727 libssl3',
      'CVE-2024-0727 openssl',
      'CVE-2024-35195 requests',
    ]);
  });

  it('--scanner grype with a grype on PATH', async () => {
    tool?.remove();
    tool = fakeTool('grype', { [digests['2.0']!]: fixture('grype-debian-new.json') });
    const { code, doc } = await json<ScanReport>(
      [
        'scan',
        `${host}/team/app:2.0`,
        '--scanner',
        'grype',
        '--format',
        'json',
        '--fail-on',
        'critical',
        '--no-store',
      ],
      { PATH: tool.path },
    );
    expect(code).toBe(1);
    expect(doc.scanner).toBe('grype');
    expect(doc.summary).toEqual({ critical: 2, high: 0, medium: 3, low: 1, unknown: 0 });
    expect(tool.args()[0]).toBe(`registry:${host}/team/app@${digests['2.0']!}`);
  });

  it('--scanner trivy without trivy installed is a configuration problem (exit 2)', async () => {
    const { code, stderr } = await cli(['scan', `${host}/team/app:1.0`, '--scanner', 'trivy', '--no-store'], {
      PATH: '/nonexistent',
    });
    expect(code).toBe(2);
    expect(stderr).toBe(
      `error: cannot scan ${host}/team/app:1.0: [scanner:trivy] trivy is not installed: "trivy" was not found (install it, or set scan.trivyPath to its path)\n`,
    );
  });

  it('--report reads a report instead of scanning; the delta between two reports', async () => {
    const { code, doc } = await json<ScanReport>([
      'scan',
      'registry.example/team/app:2.0',
      '--report',
      fixture('trivy-debian-new.json'),
      '--against',
      'registry.example/team/app:1.0',
      '--against-report',
      fixture('trivy-debian-old.json'),
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    expect(doc.scanner).toBe('trivy');
    expect(doc.image.digest).toBe('sha256:' + '2'.repeat(64));
    expect(doc.packageChanges?.removed.map((p) => p.name)).toEqual(['tzdata']);
    expect(readFileSync(fixture('trivy-debian-new.json'), 'utf8')).toContain('"SchemaVersion": 2');
  });
});
