import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../adapters/store/memory/memory-store.js';
import { ShipshapeError } from '../core/errors.js';
import type { Finding, Severity } from '../core/vuln/types.js';
import { silentLogger } from '../ports/logger.js';
import type { Registry, RepoRef, ResolvedImage } from '../ports/registry.js';
import type { ScanResult, ScanTarget, Scanner } from '../ports/scanner.js';
import {
  collectVulnerabilities,
  type ScanWanted,
  type VulnerabilityDeps,
  type VulnerabilityScanning,
} from './vulnerabilities.js';

const HOUR = 3_600_000;
const REPO: RepoRef = { registry: 'registry.test', repository: 'acme/web' };
const digest = (n: number): string => `sha256:${String(n).repeat(64).slice(0, 64)}`;

const finding = (id: string, pkg: string, severity: Severity, aliases: string[] = []): Finding => ({
  id,
  aliases,
  package: { name: pkg, version: '1', type: 'deb', purl: `pkg:deb/debian/${pkg}@1` },
  fixedVersions: [],
  fixState: 'unknown',
  severity,
  cvss: null,
});

/** A registry that knows tags → digests and counts resolves; the only method the use case calls. */
function registry(tags: Record<string, string>): Pick<Registry, 'resolve'> & { resolves: string[] } {
  const resolves: string[] = [];
  return {
    resolves,
    resolve: async (_repo: RepoRef, reference: string): Promise<ResolvedImage> => {
      resolves.push(reference);
      const d = reference.startsWith('sha256:') ? reference : tags[reference];
      if (d === undefined)
        throw new ShipshapeError('NOT_FOUND', 'registry:registry.test', `${reference}: manifest unknown`);
      return { digest: d, mediaType: 'application/vnd.oci.image.manifest.v1+json', platformDigest: d };
    },
  };
}

/** A scanner with fixed findings per digest; counts its scans. */
function scanner(byDigest: Record<string, Finding[] | Error>): Scanner & { scanned: string[] } {
  const scanned: string[] = [];
  return {
    name: 'fixture',
    scanned,
    scan: async (target: ScanTarget): Promise<ScanResult> => {
      scanned.push(target.reference);
      const f = byDigest[target.reference];
      if (f instanceof Error) throw f;
      return {
        inventory: { imageDigest: target.reference, os: null, packages: [] },
        findings: f ?? [],
        warnings: ['advisory database is 9 days old'],
        scanner: 'fixture',
      };
    },
  };
}

const TAGS = { '1.0': digest(1), '1.1': digest(2), '2.0': digest(3), '1.0-again': digest(1) };
const FINDINGS = {
  [digest(1)]: [
    finding('CVE-1', 'openssl', 'critical'),
    finding('CVE-2', 'openssl', 'high'),
    finding('GHSA-x', 'zlib', 'medium', ['CVE-3']),
  ],
  [digest(2)]: [finding('CVE-3', 'zlib', 'medium')],
  [digest(3)]: [finding('CVE-4', 'curl', 'critical'), finding('CVE-4', 'libcurl', 'critical')],
};

function setup(
  options: { version?: () => Promise<string>; findings?: Record<string, Finding[] | Error> } = {},
) {
  const store = new MemoryStore();
  let now = Date.parse('2026-11-28T00:00:00Z');
  const warnings: string[] = [];
  const reg = registry(TAGS);
  const scan = scanner(options.findings ?? FINDINGS);
  const deps: VulnerabilityDeps = {
    registry: reg,
    store,
    clock: { now: () => now },
    logger: { ...silentLogger, warn: (m) => warnings.push(m) },
  };
  const scanning: VulnerabilityScanning = {
    scanner: scan,
    dataVersion: options.version ?? (async () => 'advisories@1'),
  };
  const run = (wanted: ScanWanted[], refresh = false) =>
    collectVulnerabilities(deps, scanning, { cacheTtlMs: HOUR, refresh, concurrency: 4 }, wanted);
  return { run, reg, scan, warnings, advance: (ms: number) => (now += ms) };
}

const zero = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };

describe('collectVulnerabilities', () => {
  it('compares each candidate with the current image, unifying aliases', async () => {
    const { run, warnings } = setup();
    const facts = await run([{ repo: REPO, current: '1.0', candidates: ['1.1', '2.0'] }]);
    expect(facts.of(REPO, '1.0', '1.1')).toEqual({
      fixed: { ...zero, critical: 1, high: 1 },
      introduced: zero,
      fixedFindings: [
        { id: 'CVE-1', severity: 'critical' },
        { id: 'CVE-2', severity: 'high' },
      ],
      introducedFindings: [],
    });
    // Two packages with the same advisory count twice and are named once.
    expect(facts.of(REPO, '1.0', '2.0')).toMatchObject({
      fixed: { ...zero, critical: 1, high: 1, medium: 1 },
      introduced: { ...zero, critical: 2 },
      introducedFindings: [{ id: 'CVE-4', severity: 'critical' }],
    });
    expect(warnings).toEqual(['vulnerabilities: advisory database is 9 days old']);
  });

  it('answers null for what was not asked, and zero when both are the same image', async () => {
    const { run, scan } = setup();
    const facts = await run([
      { repo: REPO, current: '1.0', candidates: ['1.0-again'] },
      { repo: REPO, current: '1.1', candidates: [] },
    ]);
    expect(facts.of(REPO, '1.0', '1.0-again')).toMatchObject({ fixed: zero, introduced: zero });
    expect(facts.of(REPO, '1.0', '2.0')).toBeNull();
    expect(facts.of(REPO, '1.1', '2.0')).toBeNull();
    expect(scan.scanned).toEqual([digest(1)]);
  });

  it('scans each digest once, and a repeated check scans nothing and resolves no digest reference', async () => {
    const { run, reg, scan, advance } = setup();
    const other = { registry: 'registry.test', repository: 'acme/mirror' };
    const wanted = [
      { repo: REPO, current: digest(1), candidates: ['1.1'] },
      { repo: other, current: '1.0', candidates: ['1.1'] },
    ];
    await run(wanted);
    expect([...scan.scanned].sort()).toEqual([digest(1), digest(2)]);
    expect(reg.resolves).toHaveLength(4);

    scan.scanned.length = 0;
    reg.resolves.length = 0;
    const again = await run(wanted);
    expect(scan.scanned).toEqual([]);
    expect(reg.resolves).toEqual([]);
    expect(again.of(other, '1.0', '1.1')).toMatchObject({ fixed: { ...zero, critical: 1, high: 1 } });

    // Tags are resolved again after the cache TTL (or with refresh); findings of a known digest stay.
    advance(2 * HOUR);
    await run(wanted);
    expect(reg.resolves.sort()).toEqual(['1.0', '1.1', '1.1']);
    expect(scan.scanned).toEqual([]);
  });

  it('scans again when the advisory data changes', async () => {
    let version = 'advisories@1';
    const { run, scan } = setup({ version: async () => version });
    const wanted = [{ repo: REPO, current: '1.0', candidates: ['1.1'] }];
    await run(wanted);
    version = 'advisories@2';
    scan.scanned.length = 0;
    await run(wanted);
    expect([...scan.scanned].sort()).toEqual([digest(1), digest(2)]);
  });

  it('turns failures into answers that say which image failed', async () => {
    const { run } = setup({
      findings: {
        ...FINDINGS,
        [digest(3)]: new ShipshapeError('MALFORMED_RESPONSE', 'inventory', 'layer 2: corrupt gzip'),
      },
    });
    const facts = await run([
      { repo: REPO, current: '1.0', candidates: ['1.1', '2.0', '9.9'] },
      { repo: REPO, current: 'gone', candidates: ['1.1'] },
    ]);
    expect(facts.of(REPO, '1.0', '2.0')).toEqual({ error: '2.0: [inventory] layer 2: corrupt gzip' });
    expect(facts.of(REPO, '1.0', '9.9')).toEqual({
      error: '9.9: [registry:registry.test] 9.9: manifest unknown',
    });
    expect(facts.of(REPO, 'gone', '1.1')).toEqual({
      error: 'current image gone: [registry:registry.test] gone: manifest unknown',
    });
    expect(facts.of(REPO, '1.0', '1.1')).toMatchObject({ introduced: zero });
  });

  it('reports unusable scanner data on every candidate instead of empty findings', async () => {
    const { run, scan } = setup({
      version: async () => {
        throw new ShipshapeError('NOT_FOUND', 'scan', 'the advisory database has never been updated');
      },
    });
    const facts = await run([{ repo: REPO, current: '1.0', candidates: ['1.1', '1.0-again'] }]);
    expect(facts.of(REPO, '1.0', '1.1')).toEqual({
      error: '[scan] the advisory database has never been updated',
    });
    expect(facts.of(REPO, '1.0', '1.0-again')).toMatchObject({ fixed: zero });
    expect(scan.scanned).toEqual([]);
  });
});
