/**
 * `shipshape scan` of a Java image end to end, in-process through runCli, against a real registry: a
 * Spring Boot fat jar and a WAR in the layers, Maven advisories loaded by `db update` from a directory of
 * OSV records; findings come from packages nested in the archives.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CycloneDxBom } from '../../src/adapters/sbom/cyclonedx/index.js';
import { cyclonedx15Problems } from '../../src/adapters/sbom/cyclonedx/testing.js';
import type { ScanReport } from '../../src/core/vuln/index.js';
import { runCliCaptured } from '../harness/cli.js';
import { makeLayer, pushLayeredImage, whiteout } from '../harness/images/index.js';
import { libraryJar, springBootJar, webArchive, type MavenCoordinates } from '../harness/images/java.js';
import {
  advisory,
  affectedPackage,
  ecosystemRange,
  fixed,
  introduced,
  LOG4SHELL_VECTOR,
  log4shellAdvisory,
} from '../harness/osv/index.js';
import { startRegistry, type RunningRegistry } from '../harness/registry-server.js';

const HIGH_VECTOR = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H'; // 7.5

const log4j = (version: string): MavenCoordinates => ({
  groupId: 'org.apache.logging.log4j',
  artifactId: 'log4j-core',
  version,
});
const JACKSON: MavenCoordinates = {
  groupId: 'com.fasterxml.jackson.core',
  artifactId: 'jackson-databind',
  version: '2.13.0',
};
const APP: MavenCoordinates = { groupId: 'com.example', artifactId: 'shop', version: '1.4.0' };

let registry: RunningRegistry;
let root: string;
let image: string;

function write(rel: string, text: string): void {
  const path = join(root, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCliCaptured(argv, { cwd: root });
}

beforeAll(async () => {
  registry = await startRegistry();
  // no OS at all (distroless-like): only what the archives say
  await pushLayeredImage({ url: registry.url }, 'team/shop', '1.4.0', [
    makeLayer([
      { type: 'file', path: 'app/shop.jar', content: springBootJar(APP, [log4j('2.14.1'), JACKSON]) },
      { type: 'file', path: 'opt/legacy/log4j-core-2.14.0.jar', content: libraryJar([log4j('2.14.0')]) },
      { type: 'file', path: 'usr/local/tomcat/webapps/admin.war', content: webArchive([log4j('2.17.1')]) },
    ]),
    makeLayer([whiteout('opt/legacy')]),
  ]);
  image = `${registry.host}/team/shop:1.4.0`;

  root = mkdtempSync(join(tmpdir(), 'shipshape-scan-java-'));
  const records = [
    log4shellAdvisory(),
    advisory(
      'GHSA-57j2-w4cx-62h2',
      [
        affectedPackage('Maven', 'com.fasterxml.jackson.core:jackson-databind', [
          ecosystemRange(introduced('2.13.0'), fixed('2.13.4.1')),
          ecosystemRange(introduced('0'), fixed('2.12.7.1')),
        ]),
      ],
      { aliases: ['CVE-2020-36518'], severity: [{ type: 'CVSS_V3', score: HIGH_VECTOR }] },
    ),
    // Same artifactId, another group; and an artifact the image does not have: never matched.
    advisory('GHSA-test-othr-grp1', [
      affectedPackage('Maven', 'org.example.fork:log4j-core', [ecosystemRange(introduced('0'))]),
      affectedPackage('Maven', 'org.apache.logging.log4j:log4j-api', [ecosystemRange(introduced('0'))]),
    ]),
  ];
  for (const r of records) write(`advisories/maven/${r.id}.json`, JSON.stringify(r, null, 2));
  write('shipshape.yaml', 'scan:\n  advisoryDb:\n    sources:\n      - { directory: ./advisories }\n');
  const update = await cli(['db', 'update']);
  if (update.code !== 0) throw new Error(`db update failed: ${update.stderr}`);
});

afterAll(async () => {
  await registry?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('shipshape scan of a Java image', () => {
  it('finds the advisories of Maven packages nested in a fat jar, not of fixed or deleted ones', async () => {
    const { code, stdout, stderr } = await cli(['scan', image, '--format', 'json', '--no-store']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as ScanReport;
    expect(doc).toMatchObject({
      image: { reference: image, os: null, packages: 4 },
      scanner: 'builtin',
      summary: { critical: 1, high: 1, medium: 0, low: 0, unknown: 0 },
      warnings: [],
    });
    expect(doc.findings).toEqual([
      {
        id: 'GHSA-jfh8-c2jp-5v3q',
        aliases: ['CVE-2021-44228'],
        package: {
          name: 'org.apache.logging.log4j:log4j-core',
          version: '2.14.1',
          type: 'maven',
          purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
        },
        fixedVersions: ['2.15.0'],
        fixState: 'fixed',
        severity: 'critical',
        cvss: { score: 10, vector: LOG4SHELL_VECTOR },
        summary: 'Remote code injection in Log4j',
      },
      {
        id: 'GHSA-57j2-w4cx-62h2',
        aliases: ['CVE-2020-36518'],
        package: {
          name: 'com.fasterxml.jackson.core:jackson-databind',
          version: '2.13.0',
          type: 'maven',
          purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.0',
        },
        fixedVersions: ['2.13.4.1'], // the fix of the range that matched
        fixState: 'fixed',
        severity: 'high',
        cvss: { score: 7.5, vector: HIGH_VECTOR },
      },
    ]);
  });

  it('lists the Maven packages in the CycloneDX SBOM', async () => {
    const { code, stdout } = await cli(['scan', image, '--format', 'cyclonedx', '--no-store']);
    expect(code).toBe(0);
    const bom = JSON.parse(stdout) as CycloneDxBom;
    expect(cyclonedx15Problems(bom)).toEqual([]);
    expect(
      bom.components
        .filter((c) => c.type === 'library')
        .map((c) => c.purl)
        .sort(),
    ).toEqual([
      'pkg:maven/com.example/shop@1.4.0',
      'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.0',
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1',
    ]);
  });
});
