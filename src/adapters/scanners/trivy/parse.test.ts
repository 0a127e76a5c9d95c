import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isShipshapeError } from '../../../core/errors.js';
import { parseTrivyReport } from './parse.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../../test/fixtures/scanners/${name}`, import.meta.url), 'utf8'));

describe('parseTrivyReport', () => {
  const old = parseTrivyReport(fixture('trivy-debian-old.json'));

  it('maps every vulnerability field by field', () => {
    const libssl = old.findings.find((f) => f.id === 'CVE-2023-5678' && f.package.name === 'libssl3');
    expect(libssl).toEqual({
      id: 'CVE-2023-5678',
      aliases: ['DSA-5585-1'],
      package: {
        name: 'libssl3',
        version: '3.0.11-1~deb12u1',
        type: 'deb',
        purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12.4',
      },
      fixedVersions: ['3.0.13-1~deb12u1'],
      fixState: 'fixed',
      severity: 'medium',
      cvss: { score: 5.3, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L' },
      summary:
        'openssl: Generating excessively long X9.42 DH keys or checking excessively long X9.42 DH keys or parameters may be very slow',
    });
  });

  it('Status becomes fixState; a v2-only CVSS is used when there is no v3', () => {
    const weak = old.findings.find((f) => f.id === 'CVE-2010-0928')!;
    expect(weak).toMatchObject({
      fixState: 'wont-fix',
      fixedVersions: [],
      severity: 'low',
      aliases: [],
      cvss: { score: 4, vector: 'AV:L/AC:H/Au:N/C:C/I:N/A:N' },
    });
    const zlib = old.findings.find((f) => f.id === 'CVE-2023-45853')!;
    expect(zlib.package).toEqual({
      name: 'zlib1g',
      version: '1:1.2.13.dfsg-1',
      type: 'deb',
      purl: 'pkg:deb/debian/zlib1g@1.2.13.dfsg-1?arch=amd64&distro=debian-12.4&epoch=1',
    });
    expect(zlib).toMatchObject({ severity: 'critical', fixState: 'wont-fix', cvss: { score: 9.8 } });
  });

  it('language packages map by their package URL; unmodelled types are left out with a warning', () => {
    expect(old.findings.find((f) => f.id === 'CVE-2021-23337')).toMatchObject({
      package: { name: 'lodash', version: '4.17.20', type: 'npm', purl: 'pkg:npm/lodash@4.17.20' },
      fixedVersions: ['4.17.21'],
      severity: 'high',
      cvss: { score: 7.2, vector: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' },
    });
    expect(old.findings.map((f) => f.id)).not.toContain('CVE-2023-27539');
    expect(old.warnings).toEqual([
      'trivy reported 1 finding in package types Shipshape does not model, left out (gemspec: 1)',
    ]);
    expect(old.findings).toHaveLength(5);
  });

  it('builds the inventory from Results[].Packages: epoch, release and source joined as Trivy formats them', () => {
    expect(old.inventory.imageDigest).toBe('sha256:' + '1'.repeat(64));
    expect(old.inventory.os).toEqual({ id: 'debian', versionId: '12.4', prettyName: null });
    expect(old.inventory.partial).toBeUndefined();
    expect(old.inventory.packages).toEqual([
      {
        name: 'libssl3',
        version: '3.0.11-1~deb12u1',
        type: 'deb',
        sourceName: 'openssl',
        purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12.4',
        location: 'var/lib/dpkg/status',
      },
      {
        name: 'openssl',
        version: '3.0.11-1~deb12u1',
        type: 'deb',
        purl: 'pkg:deb/debian/openssl@3.0.11-1~deb12u1?arch=amd64&distro=debian-12.4',
        location: 'var/lib/dpkg/status',
      },
      {
        name: 'zlib1g',
        version: '1:1.2.13.dfsg-1',
        type: 'deb',
        sourceName: 'zlib',
        purl: 'pkg:deb/debian/zlib1g@1.2.13.dfsg-1?arch=amd64&distro=debian-12.4&epoch=1',
        location: 'var/lib/dpkg/status',
      },
      {
        name: 'tzdata',
        version: '2024a-0+deb12u1',
        type: 'deb',
        purl: 'pkg:deb/debian/tzdata@2024a-0+deb12u1?arch=all&distro=debian-12.4',
        location: 'var/lib/dpkg/status',
      },
      {
        name: 'lodash',
        version: '4.17.20',
        type: 'npm',
        purl: 'pkg:npm/lodash@4.17.20',
        location: 'app/node_modules/lodash/package.json',
      },
    ]);
  });

  it('splits several fixed versions; Go and PyPI packages map too', () => {
    const next = parseTrivyReport(fixture('trivy-debian-new.json'));
    expect(next.findings.find((f) => f.id === 'CVE-2024-24790')).toMatchObject({
      package: { name: 'stdlib', version: 'v1.21.5', type: 'golang', purl: 'pkg:golang/stdlib@v1.21.5' },
      fixedVersions: ['1.21.11', '1.22.4'],
      severity: 'critical',
    });
    expect(next.findings.find((f) => f.id === 'CVE-2024-35195')?.package.type).toBe('pypi');
    expect(next.warnings).toEqual([]);
  });

  it('a pinned digest wins over the report’s; without Packages the inventory is the vulnerable ones, partial', () => {
    const report = fixture('trivy-debian-old.json') as { Results: { Packages?: unknown }[] };
    for (const r of report.Results) delete r.Packages;
    const parsed = parseTrivyReport(report, { digest: 'sha256:' + 'f'.repeat(64) });
    expect(parsed.inventory.imageDigest).toBe('sha256:' + 'f'.repeat(64));
    expect(parsed.inventory.partial).toBe(true);
    expect(parsed.inventory.packages.map((p) => `${p.name}@${p.version} ${p.location}`)).toEqual([
      'libssl3@3.0.11-1~deb12u1 var/lib/dpkg/status',
      'openssl@3.0.11-1~deb12u1 var/lib/dpkg/status',
      'zlib1g@1:1.2.13.dfsg-1 var/lib/dpkg/status',
      'lodash@4.17.20 app/node_modules/lodash/package.json',
    ]);
  });

  it('drops not_affected entries; reports from before Status read a fixed version as fixed', () => {
    const parsed = parseTrivyReport({
      SchemaVersion: 2,
      Metadata: { ImageID: 'sha256:' + 'c'.repeat(64) },
      Results: [
        {
          Target: 'x (alpine 3.19.1)',
          Class: 'os-pkgs',
          Type: 'alpine',
          Vulnerabilities: [
            {
              VulnerabilityID: 'CVE-1',
              PkgName: 'musl',
              InstalledVersion: '1.2.4-r2',
              Status: 'not_affected',
              Severity: 'HIGH',
            },
            {
              VulnerabilityID: 'CVE-2',
              PkgName: 'musl',
              InstalledVersion: '1.2.4-r2',
              FixedVersion: '1.2.4-r3',
              Severity: 'HIGH',
            },
            { VulnerabilityID: 'CVE-3', PkgName: 'musl', InstalledVersion: '1.2.4-r2', Severity: 'UNKNOWN' },
          ],
        },
      ],
    });
    expect(
      parsed.findings.map((f) => [f.id, f.fixState, f.severity, f.package.type, f.package.purl]),
    ).toEqual([
      ['CVE-2', 'fixed', 'high', 'apk', 'pkg:apk/musl@1.2.4-r2'],
      ['CVE-3', 'unknown', 'unknown', 'apk', 'pkg:apk/musl@1.2.4-r2'],
    ]);
    expect(parsed.inventory.imageDigest).toBe('sha256:' + 'c'.repeat(64));
  });

  it('refuses what is not a SchemaVersion 2 report', () => {
    for (const bad of [[], { SchemaVersion: 1, Results: [] }, { matches: [] }]) {
      let error: unknown;
      try {
        parseTrivyReport(bad);
      } catch (e) {
        error = e;
      }
      expect(isShipshapeError(error, 'MALFORMED_RESPONSE')).toBe(true);
      expect((error as Error).message).toMatch(/^\[scanner:trivy\] not a Trivy JSON report/);
    }
  });
});
