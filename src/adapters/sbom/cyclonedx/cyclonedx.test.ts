import { describe, expect, it } from 'vitest';
import { finding, inventory, pkg } from '../../../core/vuln/testing.js';
import { cyclonedxBom, imagePurl } from './cyclonedx.js';
import { cyclonedx15Problems } from './testing.js';

const image = {
  registry: 'registry.example:5000',
  repository: 'team/app',
  tag: '2.0',
  digest: 'sha256:' + 'b'.repeat(64),
  platform: 'linux/amd64',
};

describe('cyclonedxBom', () => {
  const inv = inventory([
    pkg('libssl3', '3.0.11-1~deb12u2', {
      sourceName: 'openssl',
      purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
    }),
    pkg('openssl', '3.0.11-1~deb12u2', {
      purl: 'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
    }),
    pkg('ws', '8.0.0', { type: 'npm', purl: 'pkg:npm/ws@8.0.0', location: 'a/node_modules/ws/package.json' }),
    pkg('ws', '8.0.0', { type: 'npm', purl: 'pkg:npm/ws@8.0.0', location: 'b/node_modules/ws/package.json' }),
  ]);
  const findings = [
    finding('CVE-2024-0727', 'libssl3', 'medium', {
      version: '3.0.11-1~deb12u2',
      aliases: ['DSA-5678-1'],
      fixedVersions: ['3.0.13-1~deb12u1'],
      fixState: 'fixed',
      cvss: { score: 5.5, vector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H' },
      summary: 'openssl: denial of service via null dereference',
    }),
  ].map((f) => ({ ...f, package: { ...f.package, purl: inv.packages[0]!.purl } }));
  findings.push({
    ...finding('CVE-2024-0727', 'openssl', 'high', { version: '3.0.11-1~deb12u2' }),
    package: { name: 'openssl', version: '3.0.11-1~deb12u2', type: 'deb', purl: inv.packages[1]!.purl },
  });
  findings.push(
    finding('CVE-2010-0928', 'libcrypt', 'low', { cvss: { score: 4, vector: 'AV:L/AC:H/Au:N/C:C/I:N/A:N' } }),
  );
  const bom = cyclonedxBom({
    image,
    inventory: inv,
    findings,
    tool: { name: 'shipshape', version: '0.1.0' },
    timestamp: new Date('2024-06-20T08:00:00Z'),
  });

  it('is a structurally valid CycloneDX 1.5 document', () => {
    expect(cyclonedx15Problems(bom)).toEqual([]);
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5', version: 1 });
    expect(bom.serialNumber).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
  });

  it('describes the image as a container with a pkg:oci purl', () => {
    expect(imagePurl(image)).toBe(
      `pkg:oci/app@sha256:${'b'.repeat(64)}?arch=amd64&repository_url=registry.example:5000%2Fteam%2Fapp&tag=2.0`,
    );
    expect(bom.metadata.component).toMatchObject({
      type: 'container',
      name: 'registry.example:5000/team/app',
      version: image.digest,
      purl: imagePurl(image),
    });
    expect(bom.metadata.timestamp).toBe('2024-06-20T08:00:00.000Z');
  });

  it('lists the OS and every package with its purl; copies get distinct bom-refs', () => {
    expect(bom.components.map((c) => [c.type, c.name, c.version, c['bom-ref']])).toEqual([
      ['operating-system', 'debian', '12', 'os:debian@12'],
      ['library', 'libssl3', '3.0.11-1~deb12u2', inv.packages[0]!.purl],
      ['library', 'openssl', '3.0.11-1~deb12u2', inv.packages[1]!.purl],
      ['library', 'ws', '8.0.0', 'pkg:npm/ws@8.0.0'],
      ['library', 'ws', '8.0.0', 'pkg:npm/ws@8.0.0#2'],
      ['library', 'libcrypt', '1.0', 'pkg:deb/libcrypt@1.0'],
    ]);
    expect(bom.components[1]!.properties).toEqual([
      { name: 'shipshape:package:type', value: 'deb' },
      { name: 'shipshape:package:location', value: 'var/lib/dpkg/status' },
      { name: 'shipshape:package:source-name', value: 'openssl' },
    ]);
    expect(bom.dependencies[0]!.dependsOn).toHaveLength(6);
  });

  it('one vulnerability per advisory, affecting each package, rated by the worst severity', () => {
    expect(bom.vulnerabilities.map((v) => v.id)).toEqual(['CVE-2010-0928', 'CVE-2024-0727']);
    expect(bom.vulnerabilities[1]).toEqual({
      'bom-ref': 'vulnerability:CVE-2024-0727',
      id: 'CVE-2024-0727',
      source: { name: 'NVD', url: 'https://nvd.nist.gov/vuln/detail/CVE-2024-0727' },
      references: [
        {
          id: 'DSA-5678-1',
          source: { name: 'Debian', url: 'https://security-tracker.debian.org/tracker/DSA-5678-1' },
        },
      ],
      ratings: [
        {
          score: 5.5,
          severity: 'high',
          method: 'CVSSv31',
          vector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H',
        },
      ],
      description: 'openssl: denial of service via null dereference',
      recommendation: 'Upgrade to 3.0.13-1~deb12u1',
      affects: [
        { ref: inv.packages[0]!.purl, versions: [{ version: '3.0.11-1~deb12u2', status: 'affected' }] },
        { ref: inv.packages[1]!.purl, versions: [{ version: '3.0.11-1~deb12u2', status: 'affected' }] },
      ],
      properties: [{ name: 'shipshape:fix-state', value: 'unknown' }],
    });
    expect(bom.vulnerabilities[0]!.ratings[0]).toMatchObject({ method: 'CVSSv2', score: 4 });
  });

  it('the validator catches what the schema forbids', () => {
    const problems = cyclonedx15Problems({
      ...bom,
      extra: 1,
      specVersion: '1.4',
      components: [{ type: 'lib', name: 'x', purl: 'npm:x', 'bom-ref': 'a' }],
    });
    expect(problems.slice(0, 4)).toEqual([
      'unknown top-level property extra',
      'specVersion is not "1.5"',
      'components[0].type lib is not a component type',
      'components[0].purl "npm:x" is not a package URL',
    ]);
    expect(problems).toContain('dependencies[0] names os:debian@12, which is not a bom-ref');
    expect(problems).toContain(
      'vulnerabilities[0].affects names pkg:deb/libcrypt@1.0, which is no component',
    );
  });
});
