/**
 * takeInventory against a real registry (distribution 2.8): images with real package databases — this
 * machine's own dpkg status, apk and rpm databases written the way those tools write them — in gzip, zstd
 * and plain tar layers, with whiteouts; corrupted layers; the cache; memory on a large layer.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryCacheKey } from '../../src/adapters/inventory/cache.js';
import { takeInventory, type InventoryTarget } from '../../src/adapters/inventory/index.js';
import type { RequestEvent } from '../../src/adapters/registry/oci/client.js';
import { OciRegistry } from '../../src/adapters/registry/oci/client.js';
import { SqliteStore } from '../../src/adapters/store/sqlite/sqlite-store.js';
import { isShipshapeError, ShipshapeError } from '../../src/core/errors.js';
import type { Inventory } from '../../src/core/vuln/types.js';
import {
  ALPINE_PACKAGES,
  alpineRoot,
  debianRoot,
  fedoraRoot,
  hasZstdCli,
  hostDebianFiles,
  hostGoBinary,
  LayerMediaTypes,
  layerFromTar,
  makeLayer,
  npmPackage,
  opaque,
  pushBlobFile,
  pushLayeredImage,
  pythonDistInfo,
  rockyRoot,
  whiteout,
  writeLargeLayer,
  type LayerEntry,
} from '../harness/images/index.js';
import { startRegistry, type RunningRegistry } from '../harness/index.js';
import {
  executableJar,
  libraryJar,
  springBootJar,
  webArchive,
  type MavenCoordinates,
} from '../harness/images/java.js';

const MiB = 1024 * 1024;
const AMD64 = { os: 'linux', architecture: 'amd64' };
const ARM64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };

let registry: RunningRegistry;
let client: OciRegistry;
const requests: RequestEvent[] = [];
const scratch = mkdtempSync(join(tmpdir(), 'shipshape-inventory-it-'));

beforeAll(async () => {
  registry = await startRegistry();
  client = new OciRegistry({
    credentials: { get: async () => null },
    platform: AMD64,
    retries: 0,
    onRequest: (e) => requests.push(e),
  });
});

afterAll(async () => {
  await client?.close();
  await registry?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const target = (
  repository: string,
  reference = '1',
  platform?: InventoryTarget['platform'],
): InventoryTarget => ({
  repo: { registry: registry.host, repository },
  reference,
  ...(platform ? { platform } : {}),
});
const seed = () => ({ url: registry.url });
const sha256 = (data: Uint8Array): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;
const names = (inventory: Inventory, type: string): string[] =>
  inventory.packages.filter((p) => p.type === type).map((p) => `${p.name}@${p.version}`);

async function failure(promise: Promise<unknown>): Promise<ShipshapeError> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof ShipshapeError)) throw new Error(`expected a ShipshapeError, got ${String(error)}`);
  return error;
}

const APP: LayerEntry[] = [
  ...npmPackage({ dir: 'srv/app/node_modules/express', name: 'express', version: '4.18.2' }),
  ...npmPackage({ dir: 'srv/app/node_modules/@babel/core', name: '@babel/core', version: '7.24.0' }),
  ...npmPackage({ dir: 'srv/app/node_modules/express/node_modules/debug', name: 'debug', version: '2.6.9' }),
  ...npmPackage({ dir: 'usr/local/lib/node_modules/npm', name: 'npm', version: '10.5.0' }),
  ...pythonDistInfo('usr/local/lib/python3.11/site-packages', 'requests', '2.31.0'),
  ...pythonDistInfo('usr/local/lib/python3.11/site-packages', 'charset_normalizer', '3.3.2'),
];

// first, so the baseline is not inflated by the heap other tests leave behind
describe('takeInventory: memory', () => {
  it('streams a large layer with flat memory', { timeout: 120_000 }, async () => {
    const randomBytes = 96 * MiB;
    const { dpkgStatus, osRelease } = hostDebianFiles();
    const large = await writeLargeLayer(join(scratch, 'large.tar.gz'), randomBytes, [
      { type: 'file', path: 'etc/os-release', content: osRelease },
      { type: 'file', path: 'var/lib/dpkg/status', content: dpkgStatus },
    ]);
    expect(large.size).toBeGreaterThan(randomBytes); // random data: gzip cannot shrink it
    await pushBlobFile(registry.url, 'large/layer', large);
    await pushLayeredImage(seed(), 'large/layer', '1', [large]);

    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    const started = Date.now();
    const inventory = await takeInventory(client, target('large/layer')).finally(() =>
      clearInterval(sampler),
    );
    peak = Math.max(peak, process.memoryUsage().rss);
    const growth = peak - baseline;
    console.info(
      `[inventory] ${(large.size / MiB).toFixed(1)} MiB gzip layer in ${Date.now() - started} ms; ` +
        `RSS ${(baseline / MiB).toFixed(1)} → peak ${(peak / MiB).toFixed(1)} MiB (+${(growth / MiB).toFixed(1)} MiB)`,
    );
    expect(names(inventory, 'deb').length).toBeGreaterThan(0); // the database after the big file was read
    // Buffering the layer would grow RSS by at least its size; streaming stays at a few tens of MiB
    // whatever the size (other work in the same process adds noise, hence the wide margin).
    expect(growth).toBeLessThan(large.size / 2);
  });
});

describe('takeInventory: Debian-like image with this machine’s dpkg database', () => {
  const hasDpkgQuery = spawnSync('dpkg-query', ['--version'], { stdio: 'ignore' }).status === 0;

  it.skipIf(!hasDpkgQuery)(
    'lists exactly what dpkg-query lists as installed, with source packages',
    async () => {
      await pushLayeredImage(seed(), 'debian/host', '1', [makeLayer(debianRoot()), makeLayer(APP)], {
        mediaTypes: 'docker',
      });
      const inventory = await takeInventory(client, target('debian/host'));

      const oracle = spawnSync(
        'dpkg-query',
        [
          '-W',
          '-f',
          '${db:Status-Status}\t${Package}\t${Version}\t${Architecture}\t${source:Package}\t${source:Version}\n',
        ],
        { encoding: 'utf8' },
      )
        .stdout.split('\n')
        .filter((line) => line.startsWith('installed\t'))
        .map((line) => line.split('\t').slice(1).join(' '))
        .sort();
      const ours = inventory.packages
        .filter((p) => p.type === 'deb')
        .map(
          (p) =>
            `${p.name} ${p.version} ${/arch=([^&]+)/.exec(p.purl)?.[1]} ${p.sourceName} ${p.sourceVersion}`,
        )
        .sort();
      expect(ours.length).toBeGreaterThan(0);
      expect(ours).toEqual(oracle);

      const osRelease = Object.fromEntries(
        hostDebianFiles()
          .osRelease.split('\n')
          .map((l) => /^(\w+)=("?)(.*)\2$/.exec(l))
          .filter((m) => m !== null)
          .map((m) => [m[1], m[3]]),
      );
      expect(inventory.os).toEqual({
        id: osRelease['ID'],
        versionId: osRelease['VERSION_ID'] ?? null,
        prettyName: osRelease['PRETTY_NAME'] ?? null,
      });
      const dpkg = inventory.packages.find((p) => p.name === 'dpkg' && p.type === 'deb');
      expect(dpkg?.purl).toMatch(
        new RegExp(
          `^pkg:deb/${osRelease['ID']}/dpkg@[^?]+\\?arch=\\w+&distro=${osRelease['ID']}-${osRelease['VERSION_ID']}$`,
        ),
      );
      expect(dpkg?.location).toBe('var/lib/dpkg/status');
      expect(names(inventory, 'npm')).toEqual([
        '@babel/core@7.24.0',
        'debug@2.6.9',
        'express@4.18.2',
        'npm@10.5.0',
      ]);
      expect(names(inventory, 'pypi')).toEqual(['charset_normalizer@3.3.2', 'requests@2.31.0']);
      expect(inventory.packages.find((p) => p.name === 'charset_normalizer')?.purl).toBe(
        'pkg:pypi/charset-normalizer@3.3.2',
      );
    },
  );
});

describe('takeInventory: Alpine, RPM and layer formats', () => {
  it('reads an apk database from a zstd layer (raw-block frames, OCI zstd media type)', async () => {
    const layer = makeLayer(alpineRoot(), 'zstd-raw');
    expect(layer.mediaType).toBe(LayerMediaTypes.zstd);
    await pushLayeredImage(seed(), 'alpine/zstd', '1', [layer]);
    const inventory = await takeInventory(client, target('alpine/zstd'));
    expect(inventory.os).toEqual({ id: 'alpine', versionId: '3.19.1', prettyName: 'Alpine Linux v3.19' });
    expect(inventory.packages).toHaveLength(ALPINE_PACKAGES.length);
    expect(inventory.packages.find((p) => p.name === 'libcrypto3')).toEqual({
      name: 'libcrypto3',
      version: '3.1.4-r5',
      type: 'apk',
      sourceName: 'openssl',
      sourceVersion: '3.1.4-r5',
      purl: 'pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=3.19.1',
      location: 'lib/apk/db/installed',
    });
    expect(inventory.packages.find((p) => p.name === 'musl')?.purl).toBe(
      'pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=3.19.1',
    );
  });

  it.skipIf(!hasZstdCli())('reads a layer compressed by the real zstd', async () => {
    await pushLayeredImage(seed(), 'alpine/zstd-cli', '1', [makeLayer([...alpineRoot(), ...APP], 'zstd')]);
    const inventory = await takeInventory(client, target('alpine/zstd-cli'));
    expect(names(inventory, 'apk')).toHaveLength(ALPINE_PACKAGES.length);
    expect(names(inventory, 'npm')).toHaveLength(4);
  });

  it('reads rpmdb.sqlite from an uncompressed layer, skipping public keys (Rocky: /var/lib/rpm)', async () => {
    await pushLayeredImage(seed(), 'rocky/plain', '1', [makeLayer(rockyRoot(), 'none')]);
    const inventory = await takeInventory(client, target('rocky/plain'));
    expect(inventory.os).toEqual({
      id: 'rocky',
      versionId: '9.3',
      prettyName: 'Rocky Linux 9.3 (Blue Onyx)',
    });
    expect(names(inventory, 'rpm')).toEqual([
      'bash@5.1.8-6.el9_1',
      'glibc@2.34-83.el9.12',
      'openssl@1:3.0.7-25.el9_3',
      'openssl-libs@1:3.0.7-25.el9_3',
      'tzdata@2023c-1.el9',
    ]);
    expect(inventory.packages.find((p) => p.name === 'openssl-libs')).toEqual({
      name: 'openssl-libs',
      version: '1:3.0.7-25.el9_3',
      type: 'rpm',
      sourceName: 'openssl',
      sourceVersion: '1:3.0.7-25.el9_3',
      purl: 'pkg:rpm/rocky/openssl-libs@3.0.7-25.el9_3?arch=x86_64&distro=rocky-9.3&epoch=1',
      location: 'var/lib/rpm/rpmdb.sqlite',
    });
  });

  it('follows /var/lib/rpm to /usr/lib/sysimage/rpm and replays the WAL (Fedora)', async () => {
    await pushLayeredImage(seed(), 'fedora/wal', '1', [makeLayer(fedoraRoot())]);
    const inventory = await takeInventory(client, target('fedora/wal'));
    expect(names(inventory, 'rpm')).toEqual([
      'curl@8.6.0-8.fc40',
      'fedora-release-common@40-39',
      'libcurl@8.6.0-8.fc40',
      'perl-Errno@1.37-506.fc40',
      'shadow-utils@2:4.15.1-3.fc40',
    ]);
    // listed once although two well-known paths lead to it
    expect(new Set(inventory.packages.map((p) => p.location))).toEqual(
      new Set(['usr/lib/sysimage/rpm/rpmdb.sqlite']),
    );
  });

  it('picks the requested platform out of an index', async () => {
    const arm = [{ name: 'musl', version: '1.2.4-r2', arch: 'aarch64', origin: 'musl' }];
    const pushed = await pushLayeredImage(
      seed(),
      'alpine/multi',
      '1',
      (platform) => [makeLayer(platform.architecture === 'arm64' ? alpineRoot(arm) : alpineRoot())],
      { platforms: [AMD64, ARM64] },
    );
    const amd = await takeInventory(client, target('alpine/multi'));
    const arm64 = await takeInventory(client, target('alpine/multi', '1', ARM64));
    expect(amd.imageDigest).toBe(pushed.platformDigests['linux/amd64']);
    expect(arm64.imageDigest).toBe(pushed.platformDigests['linux/arm64/v8']);
    expect(arm64.packages.map((p) => p.purl)).toEqual([
      'pkg:apk/alpine/musl@1.2.4-r2?arch=aarch64&distro=3.19.1',
    ]);
    expect(amd.packages).toHaveLength(ALPINE_PACKAGES.length);
  });

  it('reflects the final file system across layers: deleted databases, opaque and deleted directories', async () => {
    const layers = [
      makeLayer(debianRoot(), 'gzip'),
      makeLayer(APP, 'zstd-raw'),
      makeLayer(
        [
          whiteout('var/lib/dpkg/status'),
          opaque('srv/app/node_modules'),
          ...npmPackage({ dir: 'srv/app/node_modules/fastify', name: 'fastify', version: '4.26.2' }),
          whiteout('usr/local/lib/python3.11/site-packages/requests-2.31.0.dist-info'),
        ],
        'none',
      ),
    ];
    await pushLayeredImage(seed(), 'debian/slimmed', '1', layers);
    const inventory = await takeInventory(client, target('debian/slimmed'));
    expect(inventory.os?.id).toBe(hostDebianFiles().osRelease.match(/^ID=(.*)$/m)?.[1]);
    expect(names(inventory, 'deb')).toEqual([]);
    expect(names(inventory, 'npm')).toEqual(['fastify@4.26.2', 'npm@10.5.0']);
    expect(names(inventory, 'pypi')).toEqual(['charset_normalizer@3.3.2']);
  });
});

describe('takeInventory: Go binaries', () => {
  const esbuild = hostGoBinary();

  it.skipIf(!esbuild)('reads the modules of a real Go program (esbuild) in an image', async () => {
    await pushLayeredImage(seed(), 'go/esbuild', '1', [
      makeLayer([
        ...alpineRoot(),
        { type: 'file', path: 'usr/local/bin/esbuild', content: esbuild!, mode: 0o755 },
        { type: 'file', path: 'opt/esbuild.copy', content: esbuild!, mode: 0o644 },
      ]),
    ]);
    const inventory = await takeInventory(client, target('go/esbuild'));
    const go = inventory.packages.filter((p) => p.type === 'golang');
    expect(go.map((p) => p.name)).toEqual(
      expect.arrayContaining(['github.com/evanw/esbuild', 'golang.org/x/sys']),
    );
    expect(new Set(go.map((p) => p.location))).toEqual(new Set(['usr/local/bin/esbuild']));
    expect(go.find((p) => p.name === 'golang.org/x/sys')?.purl).toMatch(
      /^pkg:golang\/golang\.org\/x\/sys@v0\./,
    );
    expect(names(inventory, 'apk')).toHaveLength(ALPINE_PACKAGES.length);
  });
});

describe('takeInventory: Java archives', () => {
  const LOG4J_OLD: MavenCoordinates = {
    groupId: 'org.apache.logging.log4j',
    artifactId: 'log4j-core',
    version: '2.14.1',
  };
  const LOG4J_NEW: MavenCoordinates = { ...LOG4J_OLD, version: '2.17.1' };
  const JACKSON: MavenCoordinates = {
    groupId: 'com.fasterxml.jackson.core',
    artifactId: 'jackson-databind',
    version: '2.13.0',
  };
  const demo = (version: string): MavenCoordinates => ({
    groupId: 'com.example',
    artifactId: 'demo',
    version,
  });
  const maven = (inventory: Inventory): string[] =>
    inventory.packages.filter((p) => p.type === 'maven').map((p) => `${p.name}@${p.version} ${p.location}`);

  it('reads fat jars and WARs across layers, the deleted and replaced ones as the final file system has them', async () => {
    const store = new SqliteStore(join(scratch, 'java-state.db'));
    try {
      await pushLayeredImage(seed(), 'java/app', '1', [
        makeLayer([
          ...alpineRoot(),
          { type: 'file', path: 'app/app.jar', content: springBootJar(demo('1.0.0'), [LOG4J_OLD, JACKSON]) },
          { type: 'file', path: 'opt/lib/log4j-core-2.14.1.jar', content: libraryJar([LOG4J_OLD]) },
          { type: 'file', path: 'usr/local/tomcat/webapps/ROOT.war', content: webArchive([LOG4J_NEW]) },
        ]),
        makeLayer(
          [
            whiteout('opt/lib/log4j-core-2.14.1.jar'),
            { type: 'file', path: 'app/app.jar', content: springBootJar(demo('1.1.0'), [LOG4J_NEW]) },
          ],
          'zstd-raw',
        ),
      ]);
      const before = requests.length;
      const inventory = await takeInventory(client, target('java/app'), { store });
      expect(maven(inventory)).toEqual([
        'com.example:demo@1.1.0 app/app.jar',
        'org.apache.logging.log4j:log4j-core@2.17.1 app/app.jar!/BOOT-INF/lib/log4j-core-2.17.1.jar',
        'org.apache.logging.log4j:log4j-core@2.17.1 usr/local/tomcat/webapps/ROOT.war!/WEB-INF/lib/log4j-core-2.17.1.jar',
      ]);
      expect(inventory.packages.find((p) => p.type === 'maven' && p.location === 'app/app.jar')?.purl).toBe(
        'pkg:maven/com.example/demo@1.1.0',
      );
      expect(names(inventory, 'apk')).toHaveLength(ALPINE_PACKAGES.length);
      // Maven packages survive the cache: the second scan downloads nothing and lists the same
      const blobs = requests.slice(before).filter((r) => r.kind === 'blob' && !r.fromCache).length;
      expect(blobs).toBe(2);
      const again = requests.length;
      expect(await takeInventory(client, target('java/app'), { store })).toEqual(inventory);
      expect(requests.slice(again).filter((r) => r.kind === 'blob' && !r.fromCache)).toHaveLength(0);
    } finally {
      await store.close();
    }
  });

  // Real archives: jars Maven put in this machine's local repository, checked against `unzip` (Info-ZIP,
  // independent of yauzl) and the coordinates of the directory each jar sits in; and a WAR the JDK's own
  // `jar` tool writes (deflated entries with data descriptors) around some of them.
  const m2 = join(homedir(), '.m2', 'repository');
  const hasTool = (tool: string, ...args: string[]): boolean =>
    spawnSync(tool, args, { stdio: 'ignore' }).status === 0;
  const unzipList = (file: string): string[] =>
    spawnSync('unzip', ['-Z1', file], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  const POM = /^META-INF\/maven\/[^/]+\/[^/]+\/pom\.properties$/;

  /** Up to `count` jars of at most 1 MiB named `<artifactId>-<version>.jar` holding their own pom.properties. */
  function localMavenJars(count: number): { file: string; rel: string; gav: string; poms: number }[] {
    if (!existsSync(m2) || !hasTool('unzip', '-v')) return [];
    const jars = (readdirSync(m2, { recursive: true }) as string[])
      .filter((rel) => rel.endsWith('.jar'))
      .sort();
    const found: { file: string; rel: string; gav: string; poms: number }[] = [];
    for (const rel of jars) {
      const parts = rel.split('/');
      const [artifactId, version, name] = parts.slice(-3);
      const groupId = parts.slice(0, -3).join('.');
      const file = join(m2, rel);
      if (groupId === '' || name !== `${artifactId}-${version}.jar` || statSync(file).size > 1024 * 1024)
        continue;
      const entries = unzipList(file);
      if (!entries.includes(`META-INF/maven/${groupId}/${artifactId}/pom.properties`)) continue;
      found.push({
        file,
        rel,
        gav: `${groupId}:${artifactId}@${version}`,
        poms: entries.filter((e) => POM.test(e)).length,
      });
      if (found.length === count) break;
    }
    return found;
  }
  const real = localMavenJars(20);

  it.skipIf(real.length === 0)(
    'lists real jars from the local Maven repository as unzip sees them',
    async () => {
      await pushLayeredImage(seed(), 'java/m2', '1', [
        makeLayer(
          real.map((jar) => ({ type: 'file', path: `opt/m2/${jar.rel}`, content: readFileSync(jar.file) })),
        ),
      ]);
      const inventory = await takeInventory(client, target('java/m2'));
      for (const jar of real) {
        const here = inventory.packages.filter((p) => p.location === `opt/m2/${jar.rel}`);
        expect(here.map((p) => `${p.name}@${p.version}`)).toContain(jar.gav);
        expect(here).toHaveLength(jar.poms);
      }
    },
  );

  it.skipIf(real.length < 3)(
    'reads real jars behind a Spring Boot launch script, the zip offsets not counting it, as the JDK does',
    async () => {
      const jars = real.slice(0, 5).map((jar) => ({
        ...jar,
        path: `opt/exec/${basename(jar.file)}`,
        data: executableJar(readFileSync(jar.file), { adjusted: false }),
      }));
      if (hasTool('jar', '--version')) {
        // the fixture is what Java accepts: the JDK lists the prefixed jar's entries
        const file = join(scratch, 'prefixed.jar');
        writeFileSync(file, jars[0]!.data);
        const listed = spawnSync('jar', ['--list', '--file', file], { encoding: 'utf8' });
        expect(listed.status, listed.stderr).toBe(0);
        expect(listed.stdout.split('\n').filter((e) => POM.test(e))).toHaveLength(jars[0]!.poms);
      }
      await pushLayeredImage(seed(), 'java/exec', '1', [
        makeLayer(jars.map((jar) => ({ type: 'file', path: jar.path, content: jar.data }))),
      ]);
      const inventory = await takeInventory(client, target('java/exec'));
      for (const jar of jars) {
        const here = inventory.packages.filter((p) => p.location === jar.path);
        expect(here.map((p) => `${p.name}@${p.version}`)).toContain(jar.gav);
        expect(here).toHaveLength(jar.poms);
      }
    },
  );

  it.skipIf(real.length < 3 || !hasTool('jar', '--version'))(
    'reads a WAR written by the JDK’s jar tool, with real jars in WEB-INF/lib, alone and inside an EAR',
    async () => {
      const stage = join(scratch, 'war-stage');
      const libs = real.slice(0, 3);
      mkdirSync(join(stage, 'WEB-INF', 'lib'), { recursive: true });
      mkdirSync(join(stage, 'META-INF', 'maven', 'com.example', 'shop'), { recursive: true });
      writeFileSync(
        join(stage, 'META-INF', 'maven', 'com.example', 'shop', 'pom.properties'),
        '#Generated by Maven\nartifactId=shop\ngroupId=com.example\nversion=3.1.4\n',
      );
      for (const lib of libs) cpSync(lib.file, join(stage, 'WEB-INF', 'lib', basename(lib.file)));
      const war = join(scratch, 'shop.war');
      const made = spawnSync('jar', ['--create', '--file', war, '-C', stage, '.'], { encoding: 'utf8' });
      expect(made.status, made.stderr).toBe(0);
      // …and an EAR around that WAR, written by the same tool: the jars sit two levels deep
      const earStage = join(scratch, 'ear-stage');
      mkdirSync(join(earStage, 'META-INF'), { recursive: true });
      writeFileSync(join(earStage, 'META-INF', 'application.xml'), '<application/>');
      cpSync(war, join(earStage, 'shop.war'));
      const ear = join(scratch, 'shop.ear');
      const madeEar = spawnSync('jar', ['--create', '--file', ear, '-C', earStage, '.'], {
        encoding: 'utf8',
      });
      expect(madeEar.status, madeEar.stderr).toBe(0);
      await pushLayeredImage(seed(), 'java/war', '1', [
        makeLayer([
          { type: 'file', path: 'usr/local/tomcat/webapps/shop.war', content: readFileSync(war) },
          { type: 'file', path: 'opt/jboss/deployments/shop.ear', content: readFileSync(ear) },
        ]),
      ]);
      const inventory = await takeInventory(client, target('java/war'));
      const at = (location: string): string[] =>
        inventory.packages.filter((p) => p.location === location).map((p) => `${p.name}@${p.version}`);
      expect(at('usr/local/tomcat/webapps/shop.war')).toEqual(['com.example:shop@3.1.4']);
      expect(at('opt/jboss/deployments/shop.ear!/shop.war')).toEqual(['com.example:shop@3.1.4']);
      for (const lib of libs) {
        const name = basename(lib.file);
        expect(at(`usr/local/tomcat/webapps/shop.war!/WEB-INF/lib/${name}`)).toContain(lib.gav);
        expect(at(`opt/jboss/deployments/shop.ear!/shop.war!/WEB-INF/lib/${name}`)).toContain(lib.gav);
      }
    },
  );
});

describe('takeInventory: cache', () => {
  it('caches per platform digest: a repeated scan downloads nothing, a pinned one sends no request', async () => {
    const store = new SqliteStore(join(scratch, 'state.db'));
    try {
      const pushed = await pushLayeredImage(seed(), 'cache/app', '1', [
        makeLayer(alpineRoot()),
        makeLayer(APP),
      ]);
      /** Requests sent, and calls into the client at all (its own in-memory cache answers some). */
      const count = async (
        run: () => Promise<Inventory>,
      ): Promise<{ inventory: Inventory; blobs: number; all: number; calls: number }> => {
        const before = requests.length;
        const inventory = await run();
        const calls = requests.slice(before);
        const made = calls.filter((r) => !r.fromCache);
        const blobs = made.filter((r) => r.kind === 'blob').length;
        return { inventory, blobs, all: made.length, calls: calls.length };
      };
      const first = await count(() => takeInventory(client, target('cache/app'), { store }));
      expect(first.blobs).toBe(2);
      const byTag = await count(() => takeInventory(client, target('cache/app'), { store }));
      expect(byTag.blobs).toBe(0);
      expect(byTag.inventory).toEqual(first.inventory);
      const pinned = await count(() => takeInventory(client, target('cache/app', pushed.digest), { store }));
      expect(pinned.blobs).toBe(0);
      const again = await count(() => takeInventory(client, target('cache/app', pushed.digest), { store }));
      expect(again.calls).toBe(0);
      expect(again.inventory).toEqual(first.inventory);
      // an index digest: its platform image depends on the client's platform unless the caller names one
      const index = await pushLayeredImage(seed(), 'cache/multi', '1', [makeLayer(alpineRoot())], {
        platforms: [AMD64, ARM64],
      });
      await takeInventory(client, target('cache/multi', index.digest), { store });
      const indexDefault = await count(() =>
        takeInventory(client, target('cache/multi', index.digest), { store }),
      );
      expect(indexDefault.blobs).toBe(0);
      expect(indexDefault.calls).toBeGreaterThan(0); // resolved by the client, not taken from the store
      await takeInventory(client, target('cache/multi', index.digest, ARM64), { store });
      const indexArm = await count(() =>
        takeInventory(client, target('cache/multi', index.digest, ARM64), { store }),
      );
      expect(indexArm.calls).toBe(0);
      expect(indexArm.inventory.imageDigest).toBe(index.platformDigests['linux/arm64/v8']);
      // entries expire (30 days) and a cache with garbage in it is ignored
      const later = await count(() =>
        takeInventory(client, target('cache/app'), { store, now: () => Date.now() + 31 * 24 * 3600 * 1000 }),
      );
      expect(later.blobs).toBe(2);
      await store.cacheSetMany(
        'inventory',
        [{ key: inventoryCacheKey(pushed.digest, ''), value: { nonsense: true } }],
        60_000,
        Date.now(),
      );
      expect((await takeInventory(client, target('cache/app'), { store })).packages).toEqual(
        first.inventory.packages,
      );
    } finally {
      await store.close();
    }
  });
});

describe('takeInventory: corrupted layers', () => {
  const blobPath = (digest: string): string => {
    const hex = digest.slice('sha256:'.length);
    return join(registry.dataDir, 'docker/registry/v2/blobs/sha256', hex.slice(0, 2), hex, 'data');
  };

  async function expectCorrupt(repository: string, layerDigest: string, detail: RegExp): Promise<void> {
    const error = await failure(takeInventory(client, target(repository)));
    expect(isShipshapeError(error, 'MALFORMED_RESPONSE')).toBe(true);
    expect(error.source).toBe('inventory');
    expect(error.message).toContain(`[inventory] image ${registry.host}/${repository}@sha256:`);
    expect(error.message).toContain(`layer 2/2 ${layerDigest} is corrupt`);
    expect(error.message).toMatch(detail);
  }

  it('bad gzip', async () => {
    // a gzip header, then deflate blocks of the reserved type 3: zlib stops at the first byte
    const blob = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), Buffer.alloc(4096, 0x07)]);
    const bad = { blob, mediaType: LayerMediaTypes.gzip, digest: sha256(blob), diffId: sha256(blob) };
    await pushLayeredImage(seed(), 'corrupt/gzip', '1', [makeLayer(alpineRoot()), bad]);
    await expectCorrupt('corrupt/gzip', bad.digest, /gzip: invalid block type/);
  });

  it('truncated tar inside a valid gzip stream', async () => {
    const full = makeLayer(APP, 'none').blob;
    const truncated = layerFromTar(full.subarray(0, full.length - 1024 - 700), 'gzip');
    await pushLayeredImage(seed(), 'corrupt/tar', '1', [makeLayer(alpineRoot()), truncated]);
    await expectCorrupt('corrupt/tar', truncated.digest, /tar: Unexpected end of data/);
  });

  it('content that does not match its digest (changed in the registry’s storage)', async () => {
    const layer = makeLayer([{ type: 'file', path: 'etc/motd', content: 'hello '.repeat(1000) }], 'none');
    await pushLayeredImage(seed(), 'corrupt/digest', '1', [makeLayer(alpineRoot()), layer]);
    const stored = readFileSync(blobPath(layer.digest));
    const at = stored.indexOf('hello');
    stored.write('HELLO', at); // same length, still a valid tar: only the digest tells
    writeFileSync(blobPath(layer.digest), stored);
    await expectCorrupt('corrupt/digest', layer.digest, /does not match its digest/);
  });

  it('registry errors other than bad content keep their own code', async () => {
    const layer = makeLayer(alpineRoot());
    await pushLayeredImage(seed(), 'corrupt/missing', '1', [layer]);
    rmSync(blobPath(layer.digest));
    const error = await failure(takeInventory(client, target('corrupt/missing')));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.source).toMatch(/^registry:/);
  });
});
