import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  alpineRoot,
  debianRoot,
  makeLayer,
  npmPackage,
  opaque,
  pythonDistInfo,
  whiteout,
  type FixtureLayer,
  type LayerEntry,
} from '../../../test/harness/images/index.js';
import { libraryJar, springBootJar, webArchive } from '../../../test/harness/images/java.js';
import { isShipshapeError } from '../../core/errors.js';
import type { Inventory } from '../../core/vuln/types.js';
import type { Logger } from '../../ports/logger.js';
import type { Descriptor } from '../../ports/registry.js';
import { readImage, type ReadImageOptions } from './read-image.js';

const DEBIAN = {
  osRelease: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n',
  dpkgStatus: Buffer.from(
    'Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\nVersion: 3.0.11-1~deb12u2\n\n' +
      'Package: base-files\nStatus: install ok installed\nArchitecture: amd64\nVersion: 12.4+deb12u5\n',
  ),
};

interface Logged {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

function recorder(): Logger & { logs: Logged[] } {
  const logs: Logged[] = [];
  const log =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      logs.push({ level, message, ...(fields ? { fields } : {}) });
    };
  return { logs, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

async function inventoryOf(
  layers: readonly FixtureLayer[],
  options: Partial<ReadImageOptions> = {},
): Promise<{ inventory: Inventory; logs: Logged[]; opened: number }> {
  const logger = recorder();
  let opened = 0;
  const descriptors: Descriptor[] = layers.map((l) => ({
    mediaType: l.mediaType,
    digest: l.digest,
    size: l.blob.length,
  }));
  const inventory = await readImage(
    descriptors,
    async (descriptor) => {
      opened++;
      const blob = layers.find((l) => l.digest === descriptor.digest)!.blob;
      return (async function* () {
        for (let at = 0; at < blob.length; at += 16_384) yield blob.subarray(at, at + 16_384);
      })();
    },
    {
      imageDigest: 'sha256:feed',
      label: 'registry.test/app@sha256:feed',
      maxFileBytes: 1024 * 1024,
      maxDatabaseBytes: 64 * 1024 * 1024,
      maxArchiveBytes: 64 * 1024 * 1024,
      tempDir: tmpdir(),
      logger,
      ...options,
    },
  );
  return { inventory, logs: logger.logs, opened };
}

const names = (inventory: Inventory, type: string): string[] =>
  inventory.packages.filter((p) => p.type === type).map((p) => `${p.name}@${p.version}`);

const APP: LayerEntry[] = [
  ...npmPackage({ dir: 'app/node_modules/express', name: 'express', version: '4.18.2' }),
  ...npmPackage({ dir: 'app/node_modules/@scope/util', name: '@scope/util', version: '1.0.0' }),
  ...npmPackage({ dir: 'app/node_modules/express/node_modules/debug', name: 'debug', version: '2.6.9' }),
  ...npmPackage({ dir: 'app/node_modules/private-stub', name: 'private-stub' }),
  {
    type: 'file',
    path: 'app/node_modules/express/lib/package.json',
    content: '{"name":"not-a-package","version":"0.0.0"}',
  },
  { type: 'file', path: 'app/package.json', content: '{"name":"the-app","version":"1.0.0"}' },
  ...pythonDistInfo('usr/lib/python3/site-packages', 'requests', '2.31.0'),
  ...pythonDistInfo('usr/lib/python3/site-packages', 'typing_extensions', '4.9.0'),
];

describe('readImage', () => {
  it('reads OS and language packages through links, with purls', async () => {
    const { inventory } = await inventoryOf([makeLayer(debianRoot(DEBIAN)), makeLayer(APP)]);
    expect(inventory.os).toEqual({
      id: 'debian',
      versionId: '12',
      prettyName: 'Debian GNU/Linux 12 (bookworm)',
    });
    expect(inventory.imageDigest).toBe('sha256:feed');
    expect(names(inventory, 'deb')).toEqual(['base-files@12.4+deb12u5', 'libssl3@3.0.11-1~deb12u2']);
    expect(names(inventory, 'npm')).toEqual(['@scope/util@1.0.0', 'debug@2.6.9', 'express@4.18.2']);
    expect(names(inventory, 'pypi')).toEqual(['requests@2.31.0', 'typing_extensions@4.9.0']);
    expect(inventory.packages.find((p) => p.name === '@scope/util')).toEqual({
      name: '@scope/util',
      version: '1.0.0',
      type: 'npm',
      purl: 'pkg:npm/%40scope/util@1.0.0',
      location: 'app/node_modules/@scope/util/package.json',
    });
    // os-release was reached through etc/os-release → ../usr/lib/os-release
    expect(inventory.packages.find((p) => p.name === 'libssl3')?.purl).toBe(
      'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
    );
  });

  it('reflects the final file system: whiteouts and opaque directories in higher layers', async () => {
    const top = makeLayer([
      whiteout('var/lib/dpkg/status'),
      opaque('app/node_modules'),
      ...npmPackage({ dir: 'app/node_modules/fastify', name: 'fastify', version: '4.26.0' }),
      whiteout('usr/lib/python3/site-packages/requests-2.31.0.dist-info'),
    ]);
    const { inventory } = await inventoryOf([makeLayer(debianRoot(DEBIAN)), makeLayer(APP), top]);
    expect(inventory.os?.id).toBe('debian');
    expect(names(inventory, 'deb')).toEqual([]);
    expect(names(inventory, 'npm')).toEqual(['fastify@4.26.0']);
    expect(names(inventory, 'pypi')).toEqual(['typing_extensions@4.9.0']);
  });

  it('a replaced database, a symlink turned directory and a directory turned file', async () => {
    const base = makeLayer([
      ...alpineRoot(),
      { type: 'symlink', path: 'srv', target: 'app' },
      ...npmPackage({ dir: 'opt/node_modules/left-pad', name: 'left-pad', version: '1.3.0' }),
    ]);
    const upgrade = makeLayer([
      { type: 'file', path: 'lib/apk/db/installed', content: 'P:musl\nV:1.2.5-r0\nA:x86_64\no:musl\n\n' },
      { type: 'dir', path: 'etc/os-release' }, // nonsense, but a directory hides the file
      { type: 'file', path: 'usr/lib/os-release', content: 'ID=alpine\nVERSION_ID=3.20.0\n' },
      { type: 'file', path: 'opt/node_modules', content: 'now a file' },
    ]);
    const { inventory } = await inventoryOf([base, upgrade]);
    expect(inventory.os).toEqual({ id: 'alpine', versionId: '3.20.0', prettyName: null });
    expect(names(inventory, 'apk')).toEqual(['musl@1.2.5-r0']);
    expect(names(inventory, 'npm')).toEqual([]);
  });

  it('follows hard links, and reads the layers again for link targets it did not keep', async () => {
    const layer = makeLayer([
      { type: 'file', path: 'store/v3/files/ab/cdef', content: '{"name":"lodash","version":"4.17.21"}' },
      { type: 'file', path: 'opt/release/os-release', content: 'ID=wolfi\nVERSION_ID=20230201\n' },
      { type: 'symlink', path: 'etc/os-release', target: '/opt/release/os-release' },
      { type: 'hardlink', path: 'app/node_modules/lodash/package.json', target: 'store/v3/files/ab/cdef' },
      {
        type: 'hardlink',
        path: 'app/node_modules/lodash-copy/package.json',
        target: 'app/node_modules/lodash/package.json',
      },
      { type: 'file', path: 'lib/apk/db/installed', content: 'P:glibc\nV:2.39-r1\nA:x86_64\no:glibc\n' },
    ]);
    const { inventory, opened } = await inventoryOf([layer]);
    expect(opened).toBe(2);
    expect(inventory.os).toEqual({ id: 'wolfi', versionId: '20230201', prettyName: null });
    expect(inventory.packages.map((p) => [p.name, p.location])).toEqual([
      ['glibc', 'lib/apk/db/installed'],
      ['lodash', 'app/node_modules/lodash-copy/package.json'],
      ['lodash', 'app/node_modules/lodash/package.json'],
    ]);
    expect(inventory.packages[0]?.purl).toBe('pkg:apk/wolfi/glibc@2.39-r1?arch=x86_64&distro=20230201');
  });

  it('finds Go modules in executables, and forgets binaries a higher layer deletes', async () => {
    const blob = Buffer.alloc(32);
    Buffer.from('\xff Go buildinf:', 'latin1').copy(blob);
    blob[14] = 8;
    blob[15] = 2;
    const start = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
    const end = Buffer.from('f932433186182072008242104116d8f2', 'hex');
    const modinfo = Buffer.concat([
      start,
      Buffer.from('mod\texample.com/tool\tv1.0.0\t\ndep\tgolang.org/x/text\tv0.3.7\t\n'),
      end,
    ]);
    const goBinary = Buffer.concat([
      Buffer.from([0x7f, 0x45, 0x4c, 0x46]),
      Buffer.alloc(128 * 1024 - 4), // 16-byte aligned from here
      blob,
      Buffer.from([8]),
      Buffer.from('go1.21.6'),
      Buffer.from([modinfo.length]),
      modinfo,
      Buffer.alloc(1000),
    ]);
    const base = makeLayer([
      { type: 'file', path: 'usr/local/bin/tool', content: goBinary, mode: 0o755 },
      { type: 'file', path: 'usr/local/bin/gone', content: goBinary, mode: 0o755 },
      { type: 'file', path: 'usr/share/doc/tool.bin', content: goBinary, mode: 0o644 }, // not executable
    ]);
    const { inventory } = await inventoryOf([base, makeLayer([whiteout('usr/local/bin/gone')])]);
    expect(inventory.packages.map((p) => `${p.name}@${p.version} ${p.location}`)).toEqual([
      'example.com/tool@v1.0.0 usr/local/bin/tool',
      'golang.org/x/text@v0.3.7 usr/local/bin/tool',
      'stdlib@v1.21.6 usr/local/bin/tool',
    ]);
  });

  it('reads distroless status.d stanzas but not their md5sums', async () => {
    const { inventory } = await inventoryOf([
      makeLayer([
        { type: 'file', path: 'etc/os-release', content: DEBIAN.osRelease },
        {
          type: 'file',
          path: 'var/lib/dpkg/status.d/tzdata',
          content: 'Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n',
        },
        {
          type: 'file',
          path: 'var/lib/dpkg/status.d/tzdata.md5sums',
          content: '0123  usr/share/zoneinfo/UTC\n',
        },
        {
          type: 'file',
          path: 'var/lib/dpkg/status.d/libc6',
          content: 'Package: libc6\nVersion: 2.36-9+deb12u4\nArchitecture: amd64\nSource: glibc\n',
        },
      ]),
    ]);
    expect(names(inventory, 'deb')).toEqual(['libc6@2.36-9+deb12u4', 'tzdata@2024a-0+deb12u1']);
    expect(inventory.packages[0]).toMatchObject({
      sourceName: 'glibc',
      location: 'var/lib/dpkg/status.d/libc6',
    });
  });

  it('skips files over the size limit, says so, and reports databases it cannot read', async () => {
    const { inventory, logs } = await inventoryOf(
      [
        makeLayer([
          ...debianRoot(DEBIAN),
          { type: 'file', path: 'var/lib/rpm/Packages', content: Buffer.alloc(8192) },
          { type: 'file', path: 'etc/os-release', content: 'ID=centos\nVERSION_ID=7\n' },
        ]),
      ],
      { maxFileBytes: 100 },
    );
    expect(inventory.packages).toEqual([]);
    expect(inventory.os).toEqual({ id: 'centos', versionId: '7', prettyName: null });
    expect(logs.filter((l) => l.level === 'warn').map((l) => [l.message, l.fields?.['path']])).toEqual([
      ['inventory: file over the size limit, not read', 'var/lib/dpkg/status'],
      [expect.stringContaining('BerkeleyDB or NDB format'), 'var/lib/rpm/Packages'],
    ]);
  });

  it('copes with link loops, empty images and layers it cannot read', async () => {
    const loop = makeLayer([
      { type: 'symlink', path: 'etc/os-release', target: 'os-release' },
      { type: 'symlink', path: 'var/lib/dpkg', target: '../lib/dpkg' },
      { type: 'symlink', path: 'var/lib', target: '../var/lib' },
    ]);
    const encrypted = {
      ...makeLayer([]),
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip+encrypted',
    };
    const { inventory, logs } = await inventoryOf([loop, encrypted]);
    expect(inventory).toEqual({ imageDigest: 'sha256:feed', os: null, packages: [] });
    expect(logs.map((l) => l.message)).toContain('inventory: symlink loop, path skipped');
    expect(logs.map((l) => l.message)).toContain('inventory: layer media type not supported, skipped');
    expect((await inventoryOf([])).inventory).toEqual({ imageDigest: 'sha256:feed', os: null, packages: [] });
  });

  it('names the image, layer position and digest when a layer is corrupt', async () => {
    const good = makeLayer(alpineRoot());
    const bad = { ...makeLayer([{ type: 'file', path: 'x', content: 'x'.repeat(5000) }]) };
    bad.blob = Buffer.from(bad.blob);
    bad.blob[bad.blob.length - 5]! ^= 0xff; // gzip trailer (CRC/size) no longer matches; digest neither
    const error: unknown = await inventoryOf([good, bad]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isShipshapeError(error, 'MALFORMED_RESPONSE')).toBe(true);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^\\[inventory\\] image registry\\.test/app@sha256:feed: layer 2/2 ${bad.digest} is corrupt: `,
      ),
    );
  });
});

describe('readImage: Java archives', () => {
  const LOG4J = { groupId: 'org.apache.logging.log4j', artifactId: 'log4j-core', version: '2.14.1' };
  const JACKSON = {
    groupId: 'com.fasterxml.jackson.core',
    artifactId: 'jackson-databind',
    version: '2.13.0',
  };
  const app = (version: string) => ({ groupId: 'com.example', artifactId: 'demo', version });
  const listed = (inventory: Inventory): string[] =>
    inventory.packages.map((p) => `${p.name}@${p.version} ${p.location}`);

  it('reads JARs, WARs and EARs where the final file system has them', async () => {
    const base = makeLayer([
      { type: 'file', path: 'app/app.jar', content: springBootJar(app('1.0.0'), [LOG4J]) },
      { type: 'symlink', path: 'app/current.jar', target: 'app.jar' },
      { type: 'file', path: 'opt/lib/log4j-core-2.14.1.jar', content: libraryJar([LOG4J]) },
      { type: 'file', path: 'opt/plugins/extra.jar', content: libraryJar([JACKSON]) },
      { type: 'file', path: 'usr/local/tomcat/webapps/ROOT.war', content: webArchive([JACKSON]) },
      { type: 'file', path: 'srv/App.EAR', content: libraryJar([app('0.9')]) },
      { type: 'file', path: 'opt/lib/readme.txt', content: libraryJar([JACKSON]) }, // not by name
    ]);
    const top = makeLayer([
      whiteout('opt/lib/log4j-core-2.14.1.jar'),
      opaque('opt/plugins'),
      { type: 'file', path: 'app/app.jar', content: springBootJar(app('1.1.0'), [JACKSON]) },
    ]);
    const tempDir = mkdtempSync(join(tmpdir(), 'shipshape-read-image-java-'));
    try {
      // maxFileBytes says nothing about archives: they are spooled to disk under their own limit
      const { inventory, logs } = await inventoryOf([base, top], { tempDir, maxFileBytes: 64 });
      expect(listed(inventory)).toEqual([
        'com.example:demo@0.9 srv/App.EAR',
        'com.example:demo@1.1.0 app/app.jar',
        'com.fasterxml.jackson.core:jackson-databind@2.13.0 app/app.jar!/BOOT-INF/lib/jackson-databind-2.13.0.jar',
        'com.fasterxml.jackson.core:jackson-databind@2.13.0 usr/local/tomcat/webapps/ROOT.war!/WEB-INF/lib/jackson-databind-2.13.0.jar',
      ]);
      expect(inventory.packages[1]?.purl).toBe('pkg:maven/com.example/demo@1.1.0');
      expect(logs.filter((l) => l.level === 'warn')).toEqual([]);
      expect(readdirSync(tempDir)).toEqual([]); // the spooled archives are gone
    } finally {
      rmSync(tempDir, { recursive: true, force: true });
    }
  });

  it('skips an archive over maxArchiveBytes with a warning', async () => {
    const big = libraryJar([JACKSON], [{ name: 'blob.bin', data: Buffer.alloc(8192, 1), method: 'store' }]);
    const small = libraryJar([LOG4J]);
    expect(small.length).toBeLessThan(4096);
    const { inventory, logs } = await inventoryOf(
      [
        makeLayer([
          { type: 'file', path: 'opt/big.jar', content: big },
          { type: 'file', path: 'opt/small.jar', content: small },
        ]),
      ],
      { maxArchiveBytes: 4096 },
    );
    expect(listed(inventory)).toEqual(['org.apache.logging.log4j:log4j-core@2.14.1 opt/small.jar']);
    expect(logs.filter((l) => l.level === 'warn')).toEqual([
      {
        level: 'warn',
        message: 'inventory: file over the size limit, not read',
        fields: { path: 'opt/big.jar', size: big.length, limit: 4096 },
      },
    ]);
  });

  it('a corrupt archive is skipped with a warning, the rest of the image is read', async () => {
    const { inventory, logs } = await inventoryOf([
      makeLayer([
        ...alpineRoot(),
        { type: 'file', path: 'opt/broken.jar', content: 'PK not a zip' },
        { type: 'file', path: 'opt/good.jar', content: libraryJar([LOG4J]) },
      ]),
    ]);
    expect(names(inventory, 'maven')).toEqual(['org.apache.logging.log4j:log4j-core@2.14.1']);
    expect(names(inventory, 'apk').length).toBeGreaterThan(0);
    expect(logs.filter((l) => l.level === 'warn').map((l) => [l.message, l.fields?.['path']])).toEqual([
      ['inventory: Java archive is not a readable zip, skipped', 'opt/broken.jar'],
    ]);
  });
});
