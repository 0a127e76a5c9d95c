import { describe, expect, it } from 'vitest';
import type { Finding, Inventory, InventoryPackage } from '../vuln/types.js';
import { matchInventory, mergeAliases, type AdvisoryLookup } from './match.js';
import type { AffectedRow, OsvEvent, OsvRange } from './types.js';

const I = (version: string): OsvEvent => ({ kind: 'introduced', version });
const F = (version: string): OsvEvent => ({ kind: 'fixed', version });
const eco = (...events: OsvEvent[]): OsvRange => ({ type: 'ECOSYSTEM', events });

function row(fields: Partial<AffectedRow> & Pick<AffectedRow, 'id' | 'ecosystem' | 'name'>): AffectedRow {
  return { aliases: [], summary: null, ranges: [], versions: [], severity: 'unknown', cvss: null, ...fields };
}

function lookupOf(
  rows: readonly AffectedRow[],
  ecosystems?: readonly string[],
): AdvisoryLookup & { calls: string[] } {
  const calls: string[] = [];
  return {
    ecosystems: ecosystems ?? [...new Set(rows.map((r) => r.ecosystem))],
    calls,
    lookup(ecosystem, name) {
      calls.push(`${ecosystem}/${name}`);
      return rows.filter((r) => r.ecosystem === ecosystem && r.name === name);
    },
  };
}

function deb(name: string, version: string, sourceName?: string): InventoryPackage {
  return {
    name,
    version,
    type: 'deb',
    purl: `pkg:deb/debian/${name}@${version}`,
    location: 'var/lib/dpkg/status',
    ...(sourceName ? { sourceName } : {}),
  };
}

function image(os: Inventory['os'], packages: InventoryPackage[]): Inventory {
  return { imageDigest: 'sha256:' + '1'.repeat(64), os, packages };
}

const debian12 = { id: 'debian', versionId: '12', prettyName: null };

describe('matchInventory', () => {
  it('looks each (ecosystem, source package) up once and reports every binary built from it', () => {
    const db = lookupOf([
      row({
        id: 'DSA-1',
        ecosystem: 'Debian:12',
        name: 'openssl',
        ranges: [eco(I('0'), F('3.0.11-1~deb12u2'))],
        severity: 'high',
        summary: 's',
      }),
    ]);
    const findings = matchInventory(
      image(debian12, [
        deb('libssl3', '3.0.11-1~deb12u1', 'openssl'),
        deb('openssl', '3.0.11-1~deb12u1'),
        deb('libssl-dev', '3.0.11-1~deb12u2', 'openssl'),
      ]),
      db,
    );
    expect(
      findings.map((f) => [f.package.name, f.id, f.fixedVersions, f.fixState, f.severity, f.summary]),
    ).toEqual([
      ['libssl3', 'DSA-1', ['3.0.11-1~deb12u2'], 'fixed', 'high', 's'],
      ['openssl', 'DSA-1', ['3.0.11-1~deb12u2'], 'fixed', 'high', 's'],
    ]);
    expect(db.calls).toEqual(['Debian:12/openssl']);
  });

  it('merges the rows of one advisory found in several ecosystems of the image (Ubuntu with and without :LTS)', () => {
    const db = lookupOf([
      row({
        id: 'UBUNTU-CVE-1',
        ecosystem: 'Ubuntu:22.04:LTS',
        name: 'curl',
        ranges: [eco(I('0'), F('7.81.0-1ubuntu1.15'))],
      }),
      row({
        id: 'UBUNTU-CVE-1',
        ecosystem: 'Ubuntu:22.04',
        name: 'curl',
        ranges: [eco(I('0'), F('7.81.0-1ubuntu1.16'))],
      }),
    ]);
    const findings = matchInventory(
      image({ id: 'ubuntu', versionId: '22.04', prettyName: null }, [deb('curl', '7.81.0-1ubuntu1.14')]),
      db,
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]?.fixedVersions).toEqual(['7.81.0-1ubuntu1.15', '7.81.0-1ubuntu1.16']);
  });

  it('evaluates several affected[] entries of one record for a package together', () => {
    const db = lookupOf([
      row({ id: 'GHSA-1', ecosystem: 'npm', name: 'x', ranges: [eco(I('0'), F('1.0.0'))] }),
      row({ id: 'GHSA-1', ecosystem: 'npm', name: 'x', versions: ['2.0.0'] }),
    ]);
    const npm = (version: string): InventoryPackage => ({
      name: 'x',
      version,
      type: 'npm',
      purl: `pkg:npm/x@${version}`,
      location: 'x',
    });
    expect(
      matchInventory(image(null, [npm('0.5.0'), npm('2.0.0'), npm('1.5.0')]), db).map((f) => [
        f.package.version,
        f.fixState,
      ]),
    ).toEqual([
      ['0.5.0', 'fixed'],
      ['2.0.0', 'not-fixed'],
    ]);
  });

  it('orders findings by package, then worst severity, then id; uses the package-level severity of the row', () => {
    const db = lookupOf([
      row({ id: 'B', ecosystem: 'Debian:12', name: 'a', ranges: [eco(I('0'))], severity: 'low' }),
      row({ id: 'A', ecosystem: 'Debian:12', name: 'a', ranges: [eco(I('0'))], severity: 'low' }),
      row({
        id: 'C',
        ecosystem: 'Debian:12',
        name: 'a',
        ranges: [eco(I('0'))],
        severity: 'critical',
        cvss: { score: 9.8, vector: 'v' },
      }),
      row({ id: 'D', ecosystem: 'Debian:12', name: 'b', ranges: [eco(I('0'))], severity: 'medium' }),
    ]);
    const findings = matchInventory(image(debian12, [deb('b', '1.0-1'), deb('a', '1.0-1')]), db);
    expect(findings.map((f) => `${f.package.name}:${f.id}:${f.severity}`)).toEqual([
      'b:D:medium',
      'a:C:critical',
      'a:A:low',
      'a:B:low',
    ]);
    expect(findings[1]?.cvss).toEqual({ score: 9.8, vector: 'v' });
  });

  it('finds no OS packages without OS information, and still matches language packages', () => {
    const db = lookupOf([
      row({ id: 'DSA-1', ecosystem: 'Debian:12', name: 'openssl', ranges: [eco(I('0'))] }),
      row({ id: 'PYSEC-1', ecosystem: 'PyPI', name: 'requests', ranges: [eco(I('0'), F('2.31.0'))] }),
    ]);
    const findings = matchInventory(
      image(null, [
        deb('openssl', '3.0.11-1'),
        {
          name: 'Requests',
          version: '2.28.1',
          type: 'pypi',
          purl: 'pkg:pypi/requests@2.28.1',
          location: 'x',
        },
      ]),
      db,
    );
    expect(findings.map((f) => [f.package.name, f.id])).toEqual([['Requests', 'PYSEC-1']]);
  });
});

describe('mergeAliases', () => {
  const base: Finding = {
    id: '',
    aliases: [],
    package: { name: 'django', version: '4.2.5', type: 'pypi', purl: 'pkg:pypi/django@4.2.5' },
    fixedVersions: [],
    fixState: 'not-fixed',
    severity: 'unknown',
    cvss: null,
  };

  it('merges records that alias each other, transitively, keeping the scored one as the id', () => {
    const merged = mergeAliases([
      {
        ...base,
        id: 'PYSEC-2023-225',
        aliases: ['CVE-2023-46695', 'GHSA-qmf9'],
        fixedVersions: ['4.2.7'],
        fixState: 'fixed',
        summary: 'pysec',
      },
      {
        ...base,
        id: 'GHSA-qmf9',
        aliases: ['CVE-2023-46695'],
        severity: 'high',
        cvss: { score: 7.5, vector: 'v' },
        fixedVersions: ['4.2.7', '5.0'],
        fixState: 'fixed',
      },
      { ...base, id: 'OTHER-1', aliases: ['PYSEC-2023-225'], severity: 'low' },
      { ...base, id: 'UNRELATED-1', aliases: ['CVE-2099-1'] },
    ]);
    expect(merged).toEqual([
      {
        ...base,
        id: 'GHSA-qmf9',
        aliases: ['CVE-2023-46695', 'OTHER-1', 'PYSEC-2023-225'],
        fixedVersions: ['4.2.7', '5.0'],
        fixState: 'fixed',
        severity: 'high',
        cvss: { score: 7.5, vector: 'v' },
        summary: 'pysec',
      },
      { ...base, id: 'UNRELATED-1', aliases: ['CVE-2099-1'] },
    ]);
  });

  it('leaves findings without shared names alone', () => {
    const findings = [
      { ...base, id: 'DSA-1' },
      { ...base, id: 'DEBIAN-CVE-1' },
    ];
    expect(mergeAliases(findings)).toEqual(findings);
  });
});
