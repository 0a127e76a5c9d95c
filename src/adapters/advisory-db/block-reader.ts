/**
 * A yauzl RandomAccessReader over a file descriptor that serves reads from a few cached 1 MiB blocks.
 * yauzl reads the central directory and each local header with small separate reads; through
 * yauzl's own fd reader that is several thread-pool round trips per entry, which dominates the load
 * of an export with tens of thousands of small records.
 */
import { close, fstat, open, read } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import yauzl from 'yauzl';

const BLOCK = 1024 * 1024;
/** The central directory and the entry data are read in step: two regions, plus slack. */
const BLOCKS = 4;

interface Block {
  readonly start: number;
  readonly data: Buffer;
}

export class BlockReader extends yauzl.RandomAccessReader {
  private blocks: Block[] = [];

  private constructor(
    private readonly fd: number,
    readonly size: number,
  ) {
    super();
  }

  /** Opens `path`; yauzl closes the descriptor through `close` when the zip file is closed. */
  static async open(path: string): Promise<BlockReader> {
    const fd = await new Promise<number>((resolve, reject) =>
      open(path, 'r', (err, fd) => (err ? reject(err) : resolve(fd))),
    );
    return new Promise((resolve, reject) =>
      fstat(fd, (err, stats) => {
        if (err) close(fd, () => reject(err));
        else resolve(new BlockReader(fd, stats.size));
      }),
    );
  }

  /** Bytes [start, end) of the file. */
  async bytes(start: number, end: number): Promise<Buffer> {
    const out = Buffer.allocUnsafe(end - start);
    let at = start;
    while (at < end) {
      const block = await this.blockAt(at);
      const from = at - block.start;
      const n = Math.min(block.data.length - from, end - at);
      if (n <= 0) throw new Error(`unexpected end of file at byte ${at} of ${this.size}`);
      block.data.copy(out, at - start, from, from + n);
      at += n;
    }
    return out;
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (err: Error | null, bytesRead?: number) => void,
  ): void {
    const end = Math.min(position + length, this.size);
    this.bytes(position, end).then(
      (data) => {
        data.copy(buffer, offset);
        callback(null, data.length);
      },
      (error: Error) => callback(error),
    );
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const stream = new PassThrough();
    this.bytes(start, end).then(
      (data) => stream.end(data),
      (error: Error) => stream.destroy(error),
    );
    return stream;
  }

  override close(callback: (err: Error | null) => void): void {
    this.blocks = [];
    close(this.fd, callback);
  }

  private async blockAt(position: number): Promise<Block> {
    const hit = this.blocks.find((b) => position >= b.start && position < b.start + b.data.length);
    if (hit !== undefined) return hit;
    const start = position - (position % BLOCK);
    const data = await new Promise<Buffer>((resolve, reject) => {
      const buffer = Buffer.allocUnsafe(Math.min(BLOCK, this.size - start));
      read(this.fd, buffer, 0, buffer.length, start, (err, n) =>
        err ? reject(err) : resolve(buffer.subarray(0, n)),
      );
    });
    const block = { start, data };
    this.blocks = [block, ...this.blocks.slice(0, BLOCKS - 1)];
    return block;
  }
}
