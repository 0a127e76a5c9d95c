/**
 * Streams the entries of a zip file from disk, one at a time (yauzl reads the central directory, then
 * each entry on demand: the archive is never held in memory). Each entry's CRC-32 is checked, which
 * yauzl leaves to the caller.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { BlockReader } from './block-reader.js';

/** OSV records are kilobytes; anything this large is damage or a zip bomb. */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;

export class ZipEntryError extends Error {
  constructor(
    readonly entry: string | null,
    message: string,
  ) {
    super(message);
  }
}

export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
  /** 1-based position in the archive, and the archive's entry count (for progress). */
  readonly index: number;
  readonly total: number;
}

/**
 * The entry's bytes: the data range read through the block cache and inflated in one call (a zlib
 * stream per entry costs more than inflating a few kilobytes). yauzl has checked the local header.
 */
async function readEntry(zip: yauzl.ZipFile, reader: BlockReader, entry: yauzl.Entry): Promise<Buffer> {
  if (entry.isEncrypted()) throw new Error('entry is encrypted');
  const { fileDataStart } = await zip.readLocalFileHeaderPromise(entry, { minimal: true });
  const raw = await reader.bytes(fileDataStart, fileDataStart + entry.compressedSize);
  let data: Buffer;
  if (entry.compressionMethod === 0) data = raw;
  else if (entry.compressionMethod === 8) data = inflateRawSync(raw, { maxOutputLength: MAX_ENTRY_BYTES });
  else throw new Error(`unsupported compression method ${entry.compressionMethod}`);
  if (data.length !== entry.uncompressedSize) {
    throw new Error(`entry holds ${data.length} bytes, the central directory says ${entry.uncompressedSize}`);
  }
  return data;
}

export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
  /** 1-based position in the archive, and the archive's entry count (for progress). */
  readonly index: number;
  readonly total: number;
}

/**
 * Yields each file entry whose name passes `filter`, in archive order. Structural damage throws
 * ZipEntryError (entry null when the archive itself is unreadable). Stopping early closes the file.
 */
export async function* zipEntries(path: string, filter: (name: string) => boolean): AsyncGenerator<ZipEntry> {
  const reader = await BlockReader.open(path);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromRandomAccessReaderPromise(reader, reader.size, { autoClose: false });
  } catch (e) {
    reader.close(() => undefined);
    throw new ZipEntryError(null, `not a readable zip archive: ${(e as Error).message}`);
  }
  try {
    const entries = zip.eachEntry();
    let index = 0;
    for (;;) {
      let entry: ZipEntry | null = null;
      let current: string | null = null;
      try {
        const next = await entries.next();
        if (next.done === true) return;
        const raw = next.value;
        current = raw.fileName;
        index++;
        if (raw.fileName.endsWith('/') || !filter(raw.fileName)) continue;
        if (raw.uncompressedSize > MAX_ENTRY_BYTES) {
          throw new ZipEntryError(
            current,
            `entry is ${raw.uncompressedSize} bytes, over the ${MAX_ENTRY_BYTES} limit`,
          );
        }
        const data = await readEntry(zip, reader, raw);
        if (crc32(data) !== raw.crc32) {
          throw new ZipEntryError(current, 'CRC-32 mismatch: the entry is corrupt');
        }
        entry = { name: raw.fileName, data, index, total: zip.entryCount };
      } catch (e) {
        if (e instanceof ZipEntryError) throw e;
        throw new ZipEntryError(current, (e as Error).message);
      }
      // Outside the try: an error thrown by the consumer is its own, not the archive's.
      yield entry;
    }
  } finally {
    zip.close();
  }
}
