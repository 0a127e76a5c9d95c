/**
 * Streams one layer blob: checks its size and digest on the way, undoes the compression (gzip with
 * node:zlib, zstd with fzstd, or none — decided by the magic bytes, which is what container engines do;
 * the media type only has to agree with a known layer type) and hands every tar entry to a visitor, with
 * backpressure from end to end so memory stays flat whatever the layer's size.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import tar, { type Extract, type ExtractEvents } from 'tar-stream';
import type { Descriptor } from '../../ports/registry.js';

/** The layer's bytes are not what they should be; the caller names the image and layer. */
export class CorruptLayerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CorruptLayerError';
  }
}

export type Compression = 'gzip' | 'zstd' | 'none';

const LAYER_MEDIA_TYPE =
  /^application\/vnd\.(?:oci\.image\.layer\.(?:nondistributable\.)?v1\.tar|docker\.image\.rootfs\.(?:foreign\.)?diff\.tar)(\.gzip|\+gzip|\+zstd)?$/;

/** The compression a layer media type declares, or null when it is not a (readable) layer type. */
export function declaredCompression(mediaType: string): Compression | null {
  const match = LAYER_MEDIA_TYPE.exec(mediaType);
  if (!match) return null;
  const suffix = match[1];
  return suffix === undefined ? 'none' : suffix === '+zstd' ? 'zstd' : 'gzip';
}

function sniff(head: Uint8Array): Compression | 'unknown' {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  // ustar magic at 257 ("ustar\0" POSIX, "ustar " GNU); an all-zero block is an empty archive
  const magic = String.fromCharCode(...head.subarray(257, 262));
  if (magic === 'ustar' || (head.length >= 512 && head.subarray(0, 512).every((b) => b === 0))) return 'none';
  return 'unknown';
}

const SNIFF_BYTES = 512;

async function* verified(blob: AsyncIterable<Uint8Array>, descriptor: Descriptor): AsyncGenerator<Buffer> {
  const colon = descriptor.digest.indexOf(':');
  const algorithm = descriptor.digest.slice(0, colon);
  if (algorithm !== 'sha256' && algorithm !== 'sha512') {
    throw new CorruptLayerError(`digest algorithm "${algorithm}" is not supported`);
  }
  const hash = createHash(algorithm);
  let size = 0;
  for await (const chunk of blob) {
    size += chunk.byteLength;
    if (size > descriptor.size) {
      throw new CorruptLayerError(`more than the ${descriptor.size} bytes its descriptor gives`);
    }
    hash.update(chunk);
    yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  if (size !== descriptor.size) {
    throw new CorruptLayerError(`${size} bytes, its descriptor gives ${descriptor.size}`);
  }
  if (`${algorithm}:${hash.digest('hex')}` !== descriptor.digest) {
    throw new CorruptLayerError('content does not match its digest');
  }
}

/** The first `n` bytes (fewer at the end of the stream) and the whole stream again, head included. */
async function peek(
  source: AsyncIterable<Buffer>,
  n: number,
): Promise<{ head: Buffer; stream: AsyncIterable<Buffer> }> {
  const iterator = source[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let length = 0;
  let exhausted = false;
  while (length < n) {
    const next = await iterator.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    seen.push(next.value);
    length += next.value.length;
  }
  const head = Buffer.concat(seen, length).subarray(0, n);
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      yield* seen.splice(0);
      while (!exhausted) {
        const next = await iterator.next();
        if (next.done) exhausted = true;
        else yield next.value;
      }
    } finally {
      if (!exhausted) await iterator.return?.(); // abandoned early: let the source free its connection
    }
  }
  return { head, stream: replay() };
}

async function* unzstd(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const out: Uint8Array[] = [];
  const decoder = new Decompress((chunk) => {
    if (chunk.length > 0) out.push(chunk);
  });
  const drain = function* (): Generator<Buffer> {
    for (const chunk of out.splice(0)) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  };
  const push = (chunk: Uint8Array, final: boolean): void => {
    try {
      decoder.push(chunk, final);
    } catch (error) {
      // fzstd's ZstdError: invalid data, unexpected end, window too large
      throw new CorruptLayerError(`zstd: ${(error as Error).message}`, { cause: error });
    }
  };
  for await (const chunk of source) {
    push(chunk, false);
    yield* drain();
  }
  push(new Uint8Array(0), true);
  yield* drain();
}

export type TarEntry = ExtractEvents['entry'][1];

/** An entry's content (tar-stream hands out Buffers; its typings say unknown). */
export async function* entryBytes(entry: TarEntry): AsyncGenerator<Buffer> {
  for await (const chunk of entry) {
    if (!(chunk instanceof Uint8Array)) throw new TypeError('tar entry chunk is not bytes');
    yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
}

/** Visits each entry; it must consume (or drain) the entry stream before resolving. */
export type EntryVisitor = (entry: TarEntry) => Promise<void>;

async function drainOrClose(extract: Extract): Promise<void> {
  await new Promise<void>((resolve) => {
    const done = (): void => {
      extract.off('drain', done);
      extract.off('close', done);
      resolve();
    };
    extract.on('drain', done);
    extract.on('close', done);
  });
}

/** Feeds the tar parser and visits its entries concurrently (the parser waits for each entry to be read). */
async function untar(chunks: AsyncIterable<Buffer>, visit: EntryVisitor): Promise<void> {
  // allowUnknownFormat: pre-POSIX (v7) headers have no magic; the checksum still guards them
  const options: Parameters<typeof tar.extract>[0] & { allowUnknownFormat: boolean } = {
    allowUnknownFormat: true,
  };
  const extract = tar.extract(options);
  // the parser's own failure (bad header, data ending mid-entry) also surfaces in the entry being read
  const archive: { error: Error | null } = { error: null };
  extract.on('error', (error) => {
    archive.error ??= error;
  });
  // settled at once (never rejects) so a failure while the feeding side waits is not an unhandled rejection
  const visited = (async () => {
    for await (const entry of extract) await visit(entry);
  })().then(
    () => ({ ok: true as const }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  try {
    for await (const chunk of chunks) {
      if (extract.destroyed) break;
      if (!extract.write(chunk)) await drainOrClose(extract);
    }
    if (!extract.destroyed) extract.end(undefined);
  } catch (error) {
    // upstream (download, digest, decompression) failed: stop the parser, report the upstream error
    extract.destroy();
    await visited;
    throw error;
  }
  const outcome = await visited;
  if (archive.error) throw new CorruptLayerError(`tar: ${archive.error.message}`, { cause: archive.error });
  if (!outcome.ok) throw outcome.error;
}

function isZlibError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('Z_');
}

/**
 * Reads a layer from `blob` (which it consumes completely, or abandons on error) and visits its entries.
 * Throws CorruptLayerError for bad bytes; errors from `blob` itself (the registry) pass through.
 */
export async function readLayer(
  blob: AsyncIterable<Uint8Array>,
  descriptor: Descriptor,
  visit: EntryVisitor,
): Promise<Compression> {
  const { head, stream } = await peek(verified(blob, descriptor), SNIFF_BYTES);
  if (head.length === 0) {
    // nothing at all: let the verifier check the (empty) stream against the descriptor
    for await (const _ of stream) void _;
    return 'none';
  }
  const sniffed = sniff(head);
  if (sniffed === 'unknown') {
    for await (const _ of stream) void _; // a digest mismatch explains it better, when there is one
    throw new CorruptLayerError(`neither gzip, zstd nor tar data (media type ${descriptor.mediaType})`);
  }
  try {
    if (sniffed === 'gzip')
      await pipeline(Readable.from(stream), createGunzip(), (s: AsyncIterable<Buffer>) => untar(s, visit));
    else if (sniffed === 'zstd')
      await pipeline(Readable.from(stream), unzstd, (s: AsyncIterable<Buffer>) => untar(s, visit));
    else await pipeline(Readable.from(stream), (s: AsyncIterable<Buffer>) => untar(s, visit));
  } catch (error) {
    if (isZlibError(error)) throw new CorruptLayerError(`gzip: ${error.message}`, { cause: error });
    throw error;
  }
  return sniffed;
}
