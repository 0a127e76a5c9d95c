/**
 * Maven packages in a Java archive (JAR, WAR, EAR): one per `META-INF/maven/<groupId>/<artifactId>/
 * pom.properties` entry, in the archive and in the archives it holds (Spring Boot's `BOOT-INF/lib/*.jar`,
 * a WAR's `WEB-INF/lib/*.jar`, an EAR's modules and the jars in those). Nested archives are read into
 * memory, MAX_NESTING levels deep (EAR → WAR → JAR), each at most MAX_NESTED_ARCHIVE_BYTES and all inside
 * one archive at most MAX_NESTED_TOTAL_BYTES: each level multiplies what a hostile image can make us
 * inflate, and the total keeps that bounded. An archive without pom.properties yields nothing (names are
 * not guessed from file names). A damaged archive or entry is logged and skipped; it never fails the
 * inventory. Executable jars with a launch script in front of the zip data read like any other (see
 * zip-prefix.ts).
 */
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import type { InventoryPackage } from '../../../core/vuln/types.js';
import type { Logger } from '../../../ports/logger.js';
import { mavenPurl } from '../purl.js';
import { parsePomProperties } from './pom-properties.js';
import { openZipFile, zipData } from './zip-prefix.js';

/** Largest archive inside an archive read (into memory); larger ones are skipped with a warning. */
export const MAX_NESTED_ARCHIVE_BYTES = 64 * 1024 * 1024;
/** What the archives inside one archive, at every level, may inflate to together; the rest are skipped. */
export const MAX_NESTED_TOTAL_BYTES = 512 * 1024 * 1024;
/** Levels of archives inside an archive read: an EAR's WAR (1) and the jars in its WEB-INF/lib (2). */
export const MAX_NESTING = 2;
/** pom.properties is a few hundred bytes; anything this large is not one. */
const MAX_PROPERTIES_BYTES = 1024 * 1024;

const POM_PROPERTIES = /^META-INF\/maven\/([^/]+)\/([^/]+)\/pom\.properties$/;
const NESTED_ARCHIVE = /[^/]\.(?:jar|war|ear)$/i;

export interface JavaArchiveOptions {
  readonly logger: Logger;
  /** "registry/repository@digest", for messages. */
  readonly label: string;
  /** Default MAX_NESTED_ARCHIVE_BYTES. */
  readonly maxNestedBytes?: number;
  /** Default MAX_NESTED_TOTAL_BYTES. */
  readonly maxNestedTotalBytes?: number;
}

const OPTIONS: yauzl.Options = { autoClose: false, lazyEntries: true, validateEntrySizes: true };

/** An entry's bytes, CRC-checked (yauzl checks the size, not the checksum). */
async function entryData(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  if (entry.isEncrypted()) throw new Error('entry is encrypted');
  if (!entry.canDecodeFileData()) throw new Error(`compression method ${entry.compressionMethod}`);
  const chunks: Buffer[] = [];
  for await (const chunk of await zip.openReadStreamPromise(entry)) {
    if (!Buffer.isBuffer(chunk)) throw new TypeError('zip entry chunk is not bytes');
    chunks.push(chunk);
  }
  const data = Buffer.concat(chunks);
  if (crc32(data) !== entry.crc32) throw new Error('CRC-32 mismatch');
  return data;
}

class ArchiveReader {
  readonly packages: InventoryPackage[] = [];
  private readonly maxNestedBytes: number;
  private readonly maxNestedTotalBytes: number;
  /** Bytes of nested archives inflated so far, at every level. */
  private inflated = 0;
  private overTotal = false;

  constructor(private readonly options: JavaArchiveOptions) {
    this.maxNestedBytes = options.maxNestedBytes ?? MAX_NESTED_ARCHIVE_BYTES;
    this.maxNestedTotalBytes = options.maxNestedTotalBytes ?? MAX_NESTED_TOTAL_BYTES;
  }

  /**
   * Reads the archive `open` gives, `depth` levels inside the file; `location` names it in the image
   * (`app.jar!/BOOT-INF/lib/x.jar`).
   */
  async read(open: () => Promise<yauzl.ZipFile>, location: string, depth: number): Promise<void> {
    let zip: yauzl.ZipFile;
    try {
      zip = await open();
    } catch (error) {
      this.warn('inventory: Java archive is not a readable zip, skipped', location, error);
      return;
    }
    try {
      for await (const entry of zip.eachEntry()) {
        const name = entry.fileName;
        const pom = POM_PROPERTIES.exec(name);
        try {
          if (pom) await this.readPom(zip, entry, { groupId: pom[1]!, artifactId: pom[2]! }, location);
          else if (depth < MAX_NESTING && NESTED_ARCHIVE.test(name))
            await this.readNested(zip, entry, location, depth + 1);
        } catch (error) {
          this.warn(
            'inventory: entry of a Java archive not readable, skipped',
            `${location}!/${name}`,
            error,
          );
        }
      }
    } catch (error) {
      // the central directory is damaged past this point: what was read before it stands
      this.warn('inventory: Java archive damaged, the rest of it skipped', location, error);
    } finally {
      zip.close();
    }
  }

  private async readPom(
    zip: yauzl.ZipFile,
    entry: yauzl.Entry,
    fromPath: { groupId: string; artifactId: string },
    location: string,
  ): Promise<void> {
    if (entry.uncompressedSize > MAX_PROPERTIES_BYTES) return;
    const text = (await entryData(zip, entry)).toString('latin1'); // what Properties.load(InputStream) reads
    const coordinates = parsePomProperties(text, fromPath);
    if (!coordinates) return;
    const { groupId, artifactId, version } = coordinates;
    this.packages.push({
      name: `${groupId}:${artifactId}`,
      version,
      type: 'maven',
      purl: mavenPurl(groupId, artifactId, version),
      location,
    });
  }

  private async readNested(
    zip: yauzl.ZipFile,
    entry: yauzl.Entry,
    location: string,
    depth: number,
  ): Promise<void> {
    const path = `${location}!/${entry.fileName}`;
    const size = entry.uncompressedSize;
    if (size > this.maxNestedBytes) {
      this.options.logger.warn('inventory: file over the size limit, not read', {
        image: this.options.label,
        path,
        size,
        limit: this.maxNestedBytes,
      });
      return;
    }
    if (this.inflated + size > this.maxNestedTotalBytes) {
      if (!this.overTotal)
        this.options.logger.warn(
          'inventory: archives inside an archive over the total limit, the rest not read',
          {
            image: this.options.label,
            path,
            limit: this.maxNestedTotalBytes,
          },
        );
      this.overTotal = true;
      return;
    }
    this.inflated += size;
    const data = await entryData(zip, entry);
    await this.read(() => yauzl.fromBufferPromise(zipData(data), OPTIONS), path, depth);
  }

  private warn(message: string, path: string, error: unknown): void {
    this.options.logger.warn(message, {
      image: this.options.label,
      path,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * The Maven packages of the archive in `file` (on local disk; read with random access, never whole),
 * each located at `location`, or at `location!/<entry>` when found in a nested archive. One package per
 * (coordinates, location), in archive order.
 */
export async function readJavaArchive(
  file: string,
  location: string,
  options: JavaArchiveOptions,
): Promise<InventoryPackage[]> {
  const reader = new ArchiveReader(options);
  await reader.read(() => openZipFile(file, OPTIONS), location, 0);
  const seen = new Set<string>();
  return reader.packages.filter((p) => {
    const key = `${p.purl}\u0000${p.location}`;
    return !seen.has(key) && seen.add(key);
  });
}
