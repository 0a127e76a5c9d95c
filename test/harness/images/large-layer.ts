/**
 * A large layer that never sits in memory: written to a file as it is generated (random, so gzip cannot
 * shrink it), then pushed to the registry by streaming the file. Lets a test measure the memory of the
 * code under test without the fixture's own buffers in the way.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { request } from 'undici';
import { LayerMediaTypes, type PushedLayer } from './layers.js';
import { entryParts, header, padding, type LayerEntry } from './tar.js';

export type LargeLayer = PushedLayer & { file: string };

function hashing(hash: ReturnType<typeof createHash>): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      callback(null, chunk);
    },
  });
}

/** A gzip layer: `randomBytes` bytes of random data in big/random.bin, then `after` (read last). */
export async function writeLargeLayer(
  file: string,
  randomBytesCount: number,
  after: readonly LayerEntry[],
): Promise<LargeLayer> {
  const tarHash = createHash('sha256');
  const blobHash = createHash('sha256');
  async function* tar(): AsyncGenerator<Uint8Array> {
    yield header('big/random.bin', 'file', randomBytesCount, 0o644);
    for (let left = randomBytesCount; left > 0; left -= 1024 * 1024)
      yield randomBytes(Math.min(left, 1024 * 1024));
    yield padding(randomBytesCount);
    for (const entry of after) yield* entryParts(entry);
    yield new Uint8Array(1024);
  }
  await pipeline(
    Readable.from(tar()),
    hashing(tarHash),
    createGzip({ level: 1 }),
    hashing(blobHash),
    createWriteStream(file),
  );
  return {
    file,
    size: (await stat(file)).size,
    mediaType: LayerMediaTypes.gzip,
    digest: `sha256:${blobHash.digest('hex')}`,
    diffId: `sha256:${tarHash.digest('hex')}`,
  };
}

/** Uploads a blob from a file in one streamed PUT (registry without auth). */
export async function pushBlobFile(
  registryUrl: string,
  repository: string,
  layer: LargeLayer,
): Promise<void> {
  const start = await request(`${registryUrl}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  await start.body.dump();
  const location = start.headers['location'];
  if (start.statusCode !== 202 || typeof location !== 'string') {
    throw new Error(`[harness:images] upload start: ${start.statusCode}`);
  }
  const url = new URL(location, registryUrl);
  url.searchParams.set('digest', layer.digest);
  const put = await request(url, {
    method: 'PUT',
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(layer.size) },
    body: createReadStream(layer.file),
  });
  await put.body.dump();
  if (put.statusCode !== 201) throw new Error(`[harness:images] upload: ${put.statusCode}`);
}
