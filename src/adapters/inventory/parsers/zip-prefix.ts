/**
 * Zips with bytes in front of them. Spring Boot's "fully executable" jars start with a shell launch
 * script, and the zip's offsets count from the end of that script, not from the start of the file. Java
 * reads such a jar because it works out the shift from where the central directory really is; yauzl
 * trusts the recorded offsets and fails. This module works out the shift the same way and opens the zip
 * data behind it. A zip whose offsets were adjusted for its prefix (`zip -A`) has no shift and opens as is.
 */
import { close, fstat, open, read } from 'node:fs';
import { promisify } from 'node:util';
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

/**
 * Reads the file from `shift` on, so that yauzl sees the zip data alone. Plain `fs.read` calls on a file
 * descriptor, as yauzl's own reader makes: a FileHandle and an async generator per range were 1.6 times
 * slower.
 */
class FileReader extends yauzl.RandomAccessReader {
  constructor(
    private readonly fd: number,
    private readonly shift: number,
  ) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const { fd, shift } = this;
    let at = start;
    return new Readable({
      read() {
        const length = Math.min(CHUNK, end - at);
        if (length <= 0) {
          this.push(null);
          return;
        }
        const buffer = Buffer.allocUnsafe(length);
        read(fd, buffer, 0, length, at + shift, (error, bytesRead) => {
          if (error) this.destroy(error);
          else if (bytesRead === 0) this.destroy(new Error('unexpected end of file'));
          else {
            at += bytesRead;
            this.push(buffer.subarray(0, bytesRead));
          }
        });
      },
    });
  }

  override close(callback: (err: Error | null) => void): void {
    close(this.fd, callback);
  }
}

const openFile = promisify(open);
const statFile = promisify(fstat);
const readAt = promisify(read);
const closeFile = promisify(close);

/** yauzl.openPromise, for zips with a launch script in front of them too. */
export async function openZipFile(file: string, options: yauzl.Options): Promise<yauzl.ZipFile> {
  const fd = await openFile(file, 'r');
  try {
    const { size } = await statFile(fd);
    const length = Math.min(size, MAX_TAIL);
    const tail = Buffer.alloc(length);
    await readAt(fd, tail, 0, length, size - length);
    const shift = zipPrefixLength(tail, size);
    if (shift > 0) {
      // From here on the reader owns the descriptor: zip.close() closes it.
      return await yauzl.fromRandomAccessReaderPromise(new FileReader(fd, shift), size - shift, options);
    }
  } catch (error) {
    await closeFile(fd);
    throw error;
  }
  // Nearly every zip: yauzl's own reader is faster than any given to it (no stream piped through another).
  await closeFile(fd);
  return yauzl.openPromise(file, options);
}

/** The zip data of an archive held in memory, without a launch script in front of it. */
export function zipData(data: Buffer): Buffer {
  const shift = zipPrefixLength(data.subarray(Math.max(0, data.length - MAX_TAIL)), data.length);
  return shift === 0 ? data : data.subarray(shift);
}
