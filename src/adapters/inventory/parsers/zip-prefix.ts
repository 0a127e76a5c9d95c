/**
 * Zips with bytes in front of them. Spring Boot's "fully executable" jars start with a shell launch
 * script, and the zip's offsets count from the end of that script, not from the start of the file. Java
 * reads such a jar because it works out the shift from where the central directory really is; yauzl
 * trusts the recorded offsets and fails. This module works out the shift the same way and opens the zip
 * data behind it. A zip whose offsets were adjusted for its prefix (`zip -A`) has no shift and opens as is.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_LENGTH = 22;
/** The end-of-central-directory record is followed by a comment of at most 65,535 bytes. */
const MAX_TAIL = EOCD_LENGTH + 0xffff;
/** A 32-bit field holding this value means "see the ZIP64 record". */
const ZIP64_MARK = 0xffffffff;
/** Bytes read from the file at a time. */
const CHUNK = 64 * 1024;

/**
 * Bytes in front of the zip data whose offsets do not count them, given the last bytes of the file
 * (`tail`, at most MAX_TAIL of them) and the file's size: 0 for an ordinary zip, for one whose offsets were
 * adjusted, for ZIP64 archives (left to yauzl) and for anything that is no zip (yauzl says why).
 */
export function zipPrefixLength(tail: Buffer, fileSize: number): number {
  const tailStart = fileSize - tail.length;
  for (let at = tail.length - EOCD_LENGTH; at >= 0; at--) {
    if (tail.readUInt32LE(at) !== EOCD_SIGNATURE) continue;
    // The real record ends the file exactly, with its comment; a signature inside a comment does not.
    if (at + EOCD_LENGTH + tail.readUInt16LE(at + 20) !== tail.length) continue;
    const size = tail.readUInt32LE(at + 12);
    const offset = tail.readUInt32LE(at + 16);
    if (size === ZIP64_MARK || offset === ZIP64_MARK) return 0;
    const shift = tailStart + at - size - offset;
    return shift > 0 ? shift : 0;
  }
  return 0;
}

/** Reads the file from `shift` on, so that yauzl sees the zip data alone. */
class FileReader extends yauzl.RandomAccessReader {
  constructor(
    private readonly handle: FileHandle,
    private readonly shift: number,
  ) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const { handle, shift } = this;
    return Readable.from(
      (async function* () {
        for (let at = start; at < end;) {
          const length = Math.min(CHUNK, end - at);
          const { bytesRead, buffer } = await handle.read(Buffer.allocUnsafe(length), 0, length, at + shift);
          if (bytesRead === 0) throw new Error('unexpected end of file');
          yield buffer.subarray(0, bytesRead);
          at += bytesRead;
        }
      })(),
      { objectMode: false },
    );
  }

  override close(callback: (err: Error | null) => void): void {
    this.handle.close().then(() => callback(null), callback);
  }
}

/** yauzl.openPromise, for zips with a launch script in front of them too. */
export async function openZipFile(file: string, options: yauzl.Options): Promise<yauzl.ZipFile> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, MAX_TAIL);
    const tail = Buffer.alloc(length);
    await handle.read(tail, 0, length, size - length);
    const shift = zipPrefixLength(tail, size);
    // From here on the reader owns the handle: zip.close() closes it.
    return await yauzl.fromRandomAccessReaderPromise(new FileReader(handle, shift), size - shift, options);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The zip data of an archive held in memory, without a launch script in front of it. */
export function zipData(data: Buffer): Buffer {
  const shift = zipPrefixLength(data.subarray(Math.max(0, data.length - MAX_TAIL)), data.length);
  return shift === 0 ? data : data.subarray(shift);
}
