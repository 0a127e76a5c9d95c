import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isShipshapeError } from '../../../core/errors.js';
import { parseGrypeReport } from './parse.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../../../test/fixtures/scanners/${name}`, import.meta.url), 'utf8'));

describe('parseGrypeReport', () => {
  const parsed = parseGrypeReport(fixture('grype-debian-new.json'));
  const byId = (id: string, pkg?: string) =>
    parsed.findings.find((f) => f.id === id && (pkg === undefined || f.package.name === pkg));

  it('maps a distribution match field by field; the NVD record gives aliases and CVSS', () => {
    expect(byId('CVE-2024-0727', 'libssl3')).toEqual({
      id: 'CVE-2024-0727',
      aliases: [],
      package: {
        name: 'libssl3',
        version: '3.0.13-1~deb12u1',
        type: 'deb',
        purl: 'pkg:deb/debian/libssl3@3.0.13-1~deb12u1?arch=amd64&upstream=openssl&distro=debian-12',
      },
      fixedVersions: ['3.0.14-1~deb12u1'],
      fixState: 'fixed',
      severity: 'medium',
      cvss: { score: 5.5, vector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H' },
      summary:
        'Issue summary: Processing a maliciously formatted PKCS12 file may lead OpenSSL to crash leading to a potential Denial of Service attack',
    });
  });

  it('Negligible counts as low; wont-fix carries over; a GHSA names its CVE as an alias', () => {
    expect(byId('CVE-2010-0928')).toMatchObject({
      severity: 'low',
      fixState: 'wont-fix',
      fixedVersions: [],
      cvss: { score: 4, vector: 'AV:L/AC:H/Au:N/C:C/I:N/A:N' },
    });
    expect(byId('CVE-2023-45853')).toMatchObject({
      severity: 'critical',
      fixState: 'wont-fix',
      package: { name: 'zlib1g', version: '1:1.2.13.dfsg-1', type: 'deb' },
    });
    expect(byId('GHSA-9wx4-h78v-vm56')).toMatchObject({
      aliases: ['CVE-2024-35195'],
      package: { name: 'requests', version: '2.31.0', type: 'pypi', purl: 'pkg:pypi/requests@2.31.0' },
      fixedVersions: ['2.32.0'],
      fixState: 'fixed',
      severity: 'medium',
      cvss: { score: 5.6 },
    });
    expect(byId('CVE-2024-24790')).toMatchObject({
      package: { name: 'stdlib', version: 'go1.21.5', type: 'golang' },
      fixedVersions: ['1.21.11', '1.22.4'],
      severity: 'critical',
    });
  });

  it('leaves out unmodelled package types with a warning', () => {
    expect(byId('CVE-2024-27983')).toBeUndefined();
    expect(parsed.findings).toHaveLength(6);
    expect(parsed.warnings).toEqual([
      'grype reported 1 finding in package types Shipshape does not model, left out (binary: 1)',
    ]);
  });

  it('the inventory is the matched artifacts, once each, and partial', () => {
    expect(parsed.inventory.imageDigest).toBe('sha256:' + '2'.repeat(64));
    expect(parsed.inventory.os).toEqual({ id: 'debian', versionId: '12', prettyName: null });
    expect(parsed.inventory.partial).toBe(true);
    expect(parsed.inventory.packages).toEqual([
      {
        name: 'libssl3',
        version: '3.0.13-1~deb12u1',
        type: 'deb',
        sourceName: 'openssl',
        purl: 'pkg:deb/debian/libssl3@3.0.13-1~deb12u1?arch=amd64&upstream=openssl&distro=debian-12',
        location: 'usr/share/doc/libssl3/copyright',
      },
      {
        name: 'openssl',
        version: '3.0.13-1~deb12u1',
        type: 'deb',
        purl: 'pkg:deb/debian/openssl@3.0.13-1~deb12u1?arch=amd64&distro=debian-12',
        location: 'usr/share/doc/openssl/copyright',
      },
      {
        name: 'zlib1g',
        version: '1:1.2.13.dfsg-1',
        type: 'deb',
        sourceName: 'zlib',
        purl: 'pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&upstream=zlib&distro=debian-12',
        location: 'usr/share/doc/zlib1g/copyright',
      },
      {
        name: 'requests',
        version: '2.31.0',
        type: 'pypi',
        purl: 'pkg:pypi/requests@2.31.0',
        location: 'usr/local/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA',
      },
      {
        name: 'stdlib',
        version: 'go1.21.5',
        type: 'golang',
        purl: 'pkg:golang/stdlib@1.21.5',
        location: 'usr/local/bin/healthcheck',
      },
    ]);
  });

  it('an empty fix state without versions is unknown; a missing purl is built', () => {
    const one = parseGrypeReport({
      matches: [
        {
          vulnerability: { id: 'CVE-9', severity: 'Unknown', fix: { versions: [], state: '' } },
          relatedVulnerabilities: [],
          artifact: { id: 'x', name: '@scope/pkg', version: '1.0.0', type: 'npm', locations: [], purl: '' },
        },
      ],
      source: { type: 'image', target: { imageID: 'sha256:' + 'd'.repeat(64) } },
    });
    expect(one.findings[0]).toMatchObject({
      fixState: 'unknown',
      severity: 'unknown',
      cvss: null,
      package: { type: 'npm', purl: 'pkg:npm/%40scope/pkg@1.0.0' },
    });
    expect(one.inventory.imageDigest).toBe('sha256:' + 'd'.repeat(64));
  });

  it('refuses a document without matches', () => {
    let error: unknown;
    try {
      parseGrypeReport({ SchemaVersion: 2 });
    } catch (e) {
      error = e;
    }
    expect(isShipshapeError(error, 'MALFORMED_RESPONSE')).toBe(true);
  });
});
