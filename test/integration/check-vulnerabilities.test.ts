/**
 * `check --vulnerabilities` end to end, in-process through runCli: a real registry (behind the counting
 * proxy) holding Debian images whose layers carry this machine's real dpkg database with openssl moved
 * between three releases, and an advisory database loaded by `db update` from OSV JSON in a temp directory.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../harness/cli.js';
import type { CheckReport, ReportReference } from '../../src/core/plan/report.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { debianRoot, hostDebianFiles, makeLayer, pushLayeredImage } from '../harness/images/index.js';
import { advisory, affectedPackage, ecosystemRange, fixed, introduced } from '../harness/osv/index.js';
import { startRegistry, type RunningRegistry } from '../harness/registry-server.js';
import { parseReport } from '../harness/schemas.js';

const OLD = '3.0.11-1~deb12u1';
const NEW = '3.0.11-1~deb12u2';
const NEWER = '3.0.11-1~deb12u3';
const OPENSSL_BINARIES = ['libssl-dev', 'libssl3', 'openssl'];
const HIGH = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N'; // 7.5
const CRITICAL = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'; // 9.8
const MEDIUM = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N'; // 6.1

let registry: RunningRegistry;
let proxy: FaultProxy;
let root: string;
let host: string;
/** How many of openssl's binaries this machine has installed: every advisory matches each of them. */
let n: number;

/** This machine's dpkg status with openssl's binaries at `version`. */
function dpkgStatus(version: string): Buffer {
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
  return Buffer.from(rewritten.join('\n\n') + '\n');
}

function write(rel: string, text: string): void {
  const path = join(root, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCliCaptured(argv, { cwd: root });
}

async function check(args: string[]): Promise<{ code: number; web: ReportReference; stderr: string }> {
  const { code, stdout, stderr } = await cli(['check', 'app', '--format', 'json', ...args]);
  const report = parseReport<CheckReport>('check-report', stdout);
  const web = report.references.find((r) => r.repository === 'team/web');
  if (web === undefined) throw new Error(`no team/web reference in ${stdout}`);
  return { code, web, stderr };
}

const counts = (over: Partial<Record<'critical' | 'high' | 'medium' | 'low' | 'unknown', number>>) => ({
  critical: 0,
  high: 0,
  medium: 0,
  low: 0,
  unknown: 0,
  ...over,
});

beforeAll(async () => {
  registry = await startRegistry();
  proxy = await startFaultProxy({ target: registry.url });
  host = proxy.host;
  const installed = hostDebianFiles()
    .dpkgStatus.toString('utf8')
    .split(/\n\n+/)
    .map((s) => /^Package: (.+)$/m.exec(s)?.[1]);
  n = OPENSSL_BINARIES.filter((b) => installed.includes(b)).length;
  if (n === 0) throw new Error('this machine has no openssl package installed: the fixtures need one');

  const t = { url: registry.url };
  const osRelease = hostDebianFiles().osRelease;
  for (const [tag, version] of [
    ['1.0.0', OLD],
    ['1.0.1', NEW],
    ['1.1.0', NEWER],
  ] as const) {
    await pushLayeredImage(t, 'team/web', tag, [
      makeLayer(debianRoot({ osRelease, dpkgStatus: dpkgStatus(version) })),
    ]);
  }

  root = mkdtempSync(join(tmpdir(), 'shipshape-check-vulns-'));
  const openssl = (ranges: Parameters<typeof ecosystemRange>) => [
    affectedPackage('Debian:12', 'openssl', [ecosystemRange(...ranges)]),
  ];
  const records = [
    // In 1.0.0 only: 1.0.1 and 1.1.0 fix it.
    advisory('DSA-9001-1', openssl([introduced('0'), fixed(NEW)]), {
      aliases: ['CVE-2099-0001'],
      severity: [{ type: 'CVSS_V3', score: HIGH }],
    }),
    // Introduced by 1.0.1, fixed in 1.1.0.
    advisory('DEBIAN-CVE-2099-0002', openssl([introduced(NEW), fixed(NEWER)]), {
      severity: [{ type: 'CVSS_V3', score: CRITICAL }],
    }),
    // In 1.0.0 and 1.0.1; 1.1.0 fixes it.
    advisory('DEBIAN-CVE-2099-0005', openssl([introduced('0'), fixed(NEWER)]), {
      severity: [{ type: 'CVSS_V3', score: MEDIUM }],
    }),
    // Everywhere, never fixed: never in a delta.
    advisory('DEBIAN-CVE-2099-0003', openssl([introduced('0')]), {
      severity: [{ type: 'CVSS_V3', score: HIGH }],
    }),
  ];
  for (const r of records) write(`advisories/${r.id}.json`, JSON.stringify(r, null, 2));
  const db =
    'scan:\n  advisoryDb:\n    path: .shipshape/advisories.db\n    sources:\n      - { directory: ./advisories }\n';
  write('shipshape.yaml', db);
  write('block.yaml', `${db}policy:\n  blockIntroduced: critical\n`);
  write('prefer.yaml', `${db}  inCheck: true\npolicy:\n  preferFixes: true\n`);
  write('empty.yaml', 'scan:\n  advisoryDb:\n    path: nothing-here/advisories.db\n');
  write('app/Dockerfile', `FROM ${host}/team/web:1.0.0\n`);

  const update = await cli(['db', 'update']);
  if (update.code !== 0) throw new Error(`db update failed: ${update.stderr}`);
});

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('check --vulnerabilities', () => {
  it('reports the exact fixed and introduced counts of each candidate', async () => {
    const { code, web, stderr } = await check(['--vulnerabilities', '--no-store']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(web.status).toBe('update-available');
    expect(web.updates).toEqual([
      {
        type: 'patch',
        tag: '1.0.1',
        digest: null,
        reasons: [],
        vulnerabilities: { fixed: counts({ high: n }), introduced: counts({ critical: n }) },
      },
      {
        type: 'minor',
        tag: '1.1.0',
        digest: null,
        reasons: [],
        vulnerabilities: { fixed: counts({ high: n, medium: n }), introduced: counts({}) },
      },
    ]);
  });

  it('shows badges in the table', async () => {
    const { code, stdout } = await cli(['check', 'app', '--vulnerabilities', '--no-store']);
    expect(code).toBe(0);
    expect(stdout).toContain(`patch 1.0.1 [fixes ${n}H · adds ${n}C], minor 1.1.0 [fixes ${n}H ${n}M]`);
  });

  it('is off by default: no field, no layer pulled', async () => {
    proxy.reset();
    const { web } = await check(['--no-store']);
    expect(web.updates.map((u) => [u.tag, 'vulnerabilities' in u])).toEqual([
      ['1.0.1', false],
      ['1.1.0', false],
    ]);
    expect(proxy.countsByKind()['blob-get']).toBe(0);
  });

  it('blockIntroduced holds the candidate that introduces a critical finding, naming it', async () => {
    const { code, web } = await check(['--vulnerabilities', '--no-store', '--config', 'block.yaml']);
    expect(code).toBe(0);
    expect(web.updates.map((u) => u.tag)).toEqual(['1.1.0']);
    expect(web.held).toEqual([
      {
        type: 'patch',
        tag: '1.0.1',
        digest: null,
        reasons: [`held: introduces ${n} critical (DEBIAN-CVE-2099-0002)`],
        vulnerabilities: { fixed: counts({ high: n }), introduced: counts({ critical: n }) },
      },
    ]);
  });

  it('warns that the vulnerability policy does nothing when scanning is off', async () => {
    const { web, stderr } = await check(['--no-store', '--config', 'block.yaml']);
    expect(web.updates.map((u) => u.tag)).toEqual(['1.0.1', '1.1.0']);
    expect(stderr).toContain(
      'policy blockIntroduced need vulnerability scanning, which is off: set scan.inCheck: true or pass --vulnerabilities',
    );
  });

  it('scan.inCheck turns it on; preferFixes marks the update that fixes the most, and apply takes it', async () => {
    const { web } = await check(['--no-store', '--config', 'prefer.yaml']);
    expect(web.updates.map((u) => [u.tag, u.preferred ?? false, u.reasons])).toEqual([
      ['1.0.1', false, []],
      ['1.1.0', true, [`preferred: fixes ${n} high, ${n} medium`]],
    ]);
    const apply = await cli(['apply', 'app', '--dry-run', '--no-store', '--config', 'prefer.yaml']);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain(`+FROM ${host}/team/web:1.1.0`);
  });

  it('a repeated check with the store pulls no layer and sends no registry request', async () => {
    const first = await check(['--vulnerabilities']);
    proxy.reset();
    const again = await check(['--vulnerabilities']);
    expect(again.web.updates).toEqual(first.web.updates);
    const requests = Object.values(proxy.countsByKind()).reduce((a, b) => a + b, 0);
    expect(requests).toBe(0);
  });

  it('an advisory database that was never loaded makes every candidate say so', async () => {
    const { code, web } = await check(['--vulnerabilities', '--no-store', '--config', 'empty.yaml']);
    expect(code).toBe(0);
    const reason = `vulnerabilities unknown: [scan] the advisory database ${join(root, 'nothing-here', 'advisories.db')} has never been loaded: run \`shipshape db update\``;
    expect(web.updates).toEqual([
      { type: 'patch', tag: '1.0.1', digest: null, reasons: [reason], vulnerabilities: null },
      { type: 'minor', tag: '1.1.0', digest: null, reasons: [reason], vulnerabilities: null },
    ]);
  });
});
