import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  executableJar,
  libraryJar,
  mavenJar,
  pomProperties,
  springBootJar,
  webArchive,
  type MavenCoordinates,
} from '../../../../test/harness/images/java.js';
import { buildZip } from '../../../../test/harness/osv/zip.js';
import type { InventoryPackage } from '../../../core/vuln/types.js';
import type { Logger } from '../../../ports/logger.js';
import { readJavaArchive, type JavaArchiveOptions } from './java-archive.js';

const dir = mkdtempSync(join(tmpdir(), 'shipshape-java-archive-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Logged {
  message: string;
  fields: Record<string, unknown>;
}

const LOG4J: MavenCoordinates = {
  groupId: 'org.apache.logging.log4j',
  artifactId: 'log4j-core',
  version: '2.14.1',
};
const API: MavenCoordinates = {
  groupId: 'org.apache.logging.log4j',
  artifactId: 'log4j-api',
  version: '2.14.1',
};
const JACKSON: MavenCoordinates = {
  groupId: 'com.fasterxml.jackson.core',
  artifactId: 'jackson-databind',
  version: '2.13.0',
};
const APP: MavenCoordinates = { groupId: 'com.example', artifactId: 'demo', version: '0.0.1-SNAPSHOT' };

let files = 0;
async function read(
  archive: Buffer,
  location = 'app/app.jar',
  options: Partial<JavaArchiveOptions> = {},
): Promise<{ packages: InventoryPackage[]; logs: Logged[] }> {
  const file = join(dir, `archive-${++files}`);
  writeFileSync(file, archive);
  const logs: Logged[] = [];
  const warn = (message: string, fields: Record<string, unknown> = {}): void => {
    logs.push({ message, fields });
  };
  const logger: Logger = { debug: () => undefined, info: () => undefined, warn, error: warn };
  const packages = await readJavaArchive(file, location, {
    logger,
    label: 'reg.test/app@sha256:feed',
    ...options,
  });
  return { packages, logs };
}

const listed = (packages: readonly InventoryPackage[]): string[] =>
  packages.map((p) => `${p.name}@${p.version} ${p.location}`);

describe('readJavaArchive', () => {
  it('lists a plain jar’s pom.properties as a Maven package', async () => {
    const { packages, logs } = await read(libraryJar([LOG4J]), 'opt/lib/log4j-core-2.14.1.jar');
    expect(packages).toEqual([
      {
        name: 'org.apache.logging.log4j:log4j-core',
        version: '2.14.1',
        type: 'maven',
        purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
        location: 'opt/lib/log4j-core-2.14.1.jar',
      },
    ]);
    expect(logs).toEqual([]);
  });

  it('reads the libraries a Spring Boot jar stores in BOOT-INF/lib, naming the nested jar', async () => {
    const { packages } = await read(springBootJar(APP, [LOG4J, JACKSON]));
    expect(listed(packages)).toEqual([
      'com.example:demo@0.0.1-SNAPSHOT app/app.jar',
      'org.apache.logging.log4j:log4j-core@2.14.1 app/app.jar!/BOOT-INF/lib/log4j-core-2.14.1.jar',
      'com.fasterxml.jackson.core:jackson-databind@2.13.0 app/app.jar!/BOOT-INF/lib/jackson-databind-2.13.0.jar',
    ]);
  });

  it('reads the deflated libraries of a WAR’s WEB-INF/lib, and shaded packages of one jar', async () => {
    const shaded = { name: 'WEB-INF/lib/log4j-bundle.jar', data: libraryJar([LOG4J, API]) };
    const war = buildZip([
      { name: 'WEB-INF/web.xml', data: '<web-app/>' },
      { name: `WEB-INF/lib/${mavenJar(JACKSON).name}`, data: mavenJar(JACKSON).data },
      shaded,
    ]);
    const { packages } = await read(war, 'usr/local/tomcat/webapps/ROOT.war');
    expect(listed(packages)).toEqual([
      'com.fasterxml.jackson.core:jackson-databind@2.13.0 usr/local/tomcat/webapps/ROOT.war!/WEB-INF/lib/jackson-databind-2.13.0.jar',
      'org.apache.logging.log4j:log4j-core@2.14.1 usr/local/tomcat/webapps/ROOT.war!/WEB-INF/lib/log4j-bundle.jar',
      'org.apache.logging.log4j:log4j-api@2.14.1 usr/local/tomcat/webapps/ROOT.war!/WEB-INF/lib/log4j-bundle.jar',
    ]);
    expect(listed((await read(webArchive([LOG4J]), 'x.war')).packages)).toEqual([
      'org.apache.logging.log4j:log4j-core@2.14.1 x.war!/WEB-INF/lib/log4j-core-2.14.1.jar',
    ]);
  });

  it('reads archives nested two levels deep (EAR → WAR → JAR), not three', async () => {
    const fat = libraryJar(
      [API],
      [{ name: 'lib/log4j-core.jar', data: libraryJar([LOG4J]), method: 'store' }],
    );
    const war = libraryJar(
      [APP],
      [
        { name: `WEB-INF/lib/${mavenJar(JACKSON).name}`, data: mavenJar(JACKSON).data, method: 'deflate' },
        { name: 'WEB-INF/lib/fat.jar', data: fat, method: 'store' },
      ],
    );
    const ear = buildZip([
      { name: 'META-INF/application.xml', data: '<application/>' },
      { name: 'web.war', data: war, method: 'deflate' },
    ]);
    const { packages, logs } = await read(ear, 'srv/app.ear');
    expect(listed(packages)).toEqual([
      'com.example:demo@0.0.1-SNAPSHOT srv/app.ear!/web.war',
      'com.fasterxml.jackson.core:jackson-databind@2.13.0 srv/app.ear!/web.war!/WEB-INF/lib/jackson-databind-2.13.0.jar',
      // the fat jar's own coordinates; the jar inside it would be a third level
      'org.apache.logging.log4j:log4j-api@2.14.1 srv/app.ear!/web.war!/WEB-INF/lib/fat.jar',
    ]);
    expect(logs).toEqual([]);
  });

  it('stops reading nested archives past the total limit, at every level, saying so once', async () => {
    const [first, second] = [mavenJar(LOG4J), mavenJar(JACKSON)];
    const war = libraryJar(
      [APP],
      [first, second].map((jar) => ({ name: `WEB-INF/lib/${jar.name}`, data: jar.data, method: 'store' })),
    );
    const ear = buildZip([
      { name: 'a.war', data: war, method: 'store' },
      { name: 'b.war', data: war, method: 'store' },
    ]);
    // room for a.war and its first jar only
    const limit = war.length + first.data.length;
    const { packages, logs } = await read(ear, 'app.ear', { maxNestedTotalBytes: limit });
    expect(listed(packages)).toEqual([
      'com.example:demo@0.0.1-SNAPSHOT app.ear!/a.war',
      'org.apache.logging.log4j:log4j-core@2.14.1 app.ear!/a.war!/WEB-INF/lib/log4j-core-2.14.1.jar',
    ]);
    expect(logs).toEqual([
      {
        message: 'inventory: archives inside an archive over the total limit, the rest not read',
        fields: {
          image: 'reg.test/app@sha256:feed',
          path: 'app.ear!/a.war!/WEB-INF/lib/jackson-databind-2.13.0.jar',
          limit,
        },
      },
    ]);
  });

  it('yields nothing for an archive without pom.properties, whatever its file name says', async () => {
    const jar = buildZip([
      { name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\r\nImplementation-Version: 2.14.1\r\n' },
      { name: 'org/apache/logging/log4j/core/Logger.class', data: 'not really' },
      { name: 'META-INF/maven/org.apache.logging.log4j/log4j-core/pom.xml', data: '<project/>' },
      { name: 'META-INF/maven/g/a/pom.properties.bak', data: pomProperties(LOG4J) },
    ]);
    const { packages, logs } = await read(jar, 'lib/log4j-core-2.14.1.jar');
    expect(packages).toEqual([]);
    expect(logs).toEqual([]);
  });

  it('skips a corrupt zip with a warning, and never throws', async () => {
    const whole = libraryJar([LOG4J]);
    for (const broken of [
      Buffer.from('not a zip at all'),
      Buffer.alloc(0),
      whole.subarray(0, whole.length - 30), // end of central directory cut off
    ]) {
      const { packages, logs } = await read(broken, 'lib/broken.jar');
      expect(packages).toEqual([]);
      expect(logs).toEqual([
        {
          message: 'inventory: Java archive is not a readable zip, skipped',
          fields: { image: 'reg.test/app@sha256:feed', path: 'lib/broken.jar', error: expect.any(String) },
        },
      ]);
    }
  });

  it('skips a damaged entry or nested archive and keeps the rest', async () => {
    const good = libraryJar([APP]);
    const corruptNested = Buffer.from('PK\u0003\u0004 not really a jar');
    const flipped = buildZip([
      {
        name: 'META-INF/maven/com.fasterxml.jackson.core/jackson-databind/pom.properties',
        data: pomProperties(JACKSON),
        method: 'store',
      },
    ]);
    // change a byte of the stored pom.properties text: its CRC-32 no longer matches
    const at = flipped.indexOf('version=2.13.0');
    flipped[at + 9] = '4'.charCodeAt(0);
    const jar = buildZip([
      { name: 'BOOT-INF/lib/broken.jar', data: corruptNested, method: 'store' },
      { name: 'BOOT-INF/lib/jackson.jar', data: flipped, method: 'store' },
      { name: 'BOOT-INF/lib/good.jar', data: good, method: 'store' },
      {
        name: 'META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties',
        data: pomProperties(LOG4J),
      },
    ]);
    const { packages, logs } = await read(jar, 'app.jar');
    expect(listed(packages)).toEqual([
      'com.example:demo@0.0.1-SNAPSHOT app.jar!/BOOT-INF/lib/good.jar',
      'org.apache.logging.log4j:log4j-core@2.14.1 app.jar',
    ]);
    expect(logs.map((l) => [l.message, l.fields['path']])).toEqual([
      ['inventory: Java archive is not a readable zip, skipped', 'app.jar!/BOOT-INF/lib/broken.jar'],
      [
        'inventory: entry of a Java archive not readable, skipped',
        'app.jar!/BOOT-INF/lib/jackson.jar!/META-INF/maven/com.fasterxml.jackson.core/jackson-databind/pom.properties',
      ],
    ]);
    expect(logs[1]?.fields['error']).toBe('CRC-32 mismatch');
  });

  it('keeps what it read before a break in the central directory', async () => {
    const jar = buildZip([
      { name: 'META-INF/maven/com.example/demo/pom.properties', data: pomProperties(APP) },
      {
        name: 'META-INF/maven/org.apache.logging.log4j/log4j-core/pom.properties',
        data: pomProperties(LOG4J),
      },
    ]);
    const directory = jar.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const second = jar.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), directory + 4);
    jar[second + 3] = 0x09; // no longer a central directory header signature
    const { packages, logs } = await read(jar, 'app.jar');
    expect(listed(packages)).toEqual(['com.example:demo@0.0.1-SNAPSHOT app.jar']);
    expect(logs.map((l) => [l.message, l.fields['path']])).toEqual([
      ['inventory: Java archive damaged, the rest of it skipped', 'app.jar'],
    ]);
  });

  it('skips a nested archive over the limit, saying so', async () => {
    const big = libraryJar([JACKSON], [{ name: 'blob.bin', data: Buffer.alloc(4096, 7), method: 'store' }]);
    const outer = buildZip([
      { name: 'META-INF/maven/com.example/demo/pom.properties', data: pomProperties(APP) },
      { name: 'BOOT-INF/lib/big.jar', data: big, method: 'store' },
      { name: 'BOOT-INF/lib/small.jar', data: mavenJar(LOG4J).data, method: 'store' },
    ]);
    const { packages, logs } = await read(outer, 'app.jar', { maxNestedBytes: 4000 });
    expect(listed(packages)).toEqual([
      'com.example:demo@0.0.1-SNAPSHOT app.jar',
      'org.apache.logging.log4j:log4j-core@2.14.1 app.jar!/BOOT-INF/lib/small.jar',
    ]);
    expect(logs).toEqual([
      {
        message: 'inventory: file over the size limit, not read',
        fields: {
          image: 'reg.test/app@sha256:feed',
          path: 'app.jar!/BOOT-INF/lib/big.jar',
          size: big.length,
          limit: 4000,
        },
      },
    ]);
  });

  it('lists a package once per archive it is in', async () => {
    const jar = buildZip([
      { name: 'META-INF/maven/com.example/demo/pom.properties', data: pomProperties(APP) },
      { name: 'META-INF/maven/com.example/demo/pom.properties', data: pomProperties(APP) },
      { name: 'BOOT-INF/lib/a.jar', data: libraryJar([LOG4J]), method: 'store' },
      { name: 'BOOT-INF/lib/b.jar', data: libraryJar([LOG4J]), method: 'store' },
    ]);
    const { packages } = await read(jar, 'app.jar');
    expect(listed(packages)).toEqual([
      'com.example:demo@0.0.1-SNAPSHOT app.jar',
      'org.apache.logging.log4j:log4j-core@2.14.1 app.jar!/BOOT-INF/lib/a.jar',
      'org.apache.logging.log4j:log4j-core@2.14.1 app.jar!/BOOT-INF/lib/b.jar',
    ]);
  });

  it('reads a fully executable jar, launch script in front, whether or not its offsets were adjusted', async () => {
    const jar = springBootJar(APP, [LOG4J, JACKSON]);
    const expected = listed((await read(jar)).packages);
    expect(expected).toHaveLength(3);
    for (const adjusted of [false, true]) {
      const { packages, logs } = await read(executableJar(jar, { adjusted }));
      expect(listed(packages), `adjusted: ${adjusted}`).toEqual(expected);
      expect(logs).toEqual([]);
    }
  });

  it('reads an executable jar nested in another archive', async () => {
    const inner = executableJar(libraryJar([LOG4J]), { adjusted: false });
    const outer = buildZip([{ name: 'lib/tool.jar', data: inner, method: 'deflate' }]);
    const { packages, logs } = await read(outer, 'app.jar');
    expect(listed(packages)).toEqual(['org.apache.logging.log4j:log4j-core@2.14.1 app.jar!/lib/tool.jar']);
    expect(logs).toEqual([]);
  });

  it.skipIf(!existsSync('/proc/self/fd'))('closes every file it opens, read or not', async () => {
    // zip.close() closes the descriptor a moment later: count once the number has held for 3 polls.
    const open = async (): Promise<number> => {
      let [count, same] = [readdirSync('/proc/self/fd').length, 0];
      for (let polls = 0; same < 3 && polls < 200; polls++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        const now = readdirSync('/proc/self/fd').length;
        [count, same] = [now, now === count ? same + 1 : 0];
      }
      return count;
    };
    const jar = springBootJar(APP, [LOG4J]);
    const archives = [
      jar,
      executableJar(jar, { adjusted: false }),
      Buffer.from('not a zip'),
      Buffer.alloc(0),
    ];
    await read(jar); // anything opened once per process is open now
    const before = await open();
    for (let i = 0; i < 10; i++) for (const archive of archives) await read(archive);
    expect(await open()).toBe(before);
  });
});
