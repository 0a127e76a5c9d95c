import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  hasZstdCli,
  LayerMediaTypes,
  layerFromTar,
  type LayerCompression,
  tarArchive,
  withParents,
  type LayerEntry,
} from '../../../test/harness/images/index.js';
import type { Descriptor } from '../../ports/registry.js';
import { CorruptLayerError, declaredCompression, entryBytes, readLayer } from './layer-reader.js';

const ENTRIES: LayerEntry[] = withParents([
  { type: 'file', path: 'etc/os-release', content: 'ID=test\n' },
  { type: 'symlink', path: 'etc/alias', target: 'os-release' },
  { type: 'file', path: `deep/${'d'.repeat(120)}/${'n'.repeat(90)}.txt`, content: 'long name' },
  { type: 'file', path: 'big.bin', content: new Uint8Array(300_000).map((_, i) => (i * 7) % 251) },
  { type: 'file', path: 'zeros.bin', content: new Uint8Array(200_000) },
]);
const TAR = tarArchive(ENTRIES);

const descriptorOf = (blob: Uint8Array, mediaType: string = LayerMediaTypes.gzip): Descriptor => ({
  mediaType,
  digest: `sha256:${createHash('sha256').update(blob).digest('hex')}`,
  size: blob.length,
});

async function* chunked(data: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

interface Seen {
  name: string;
  type: string;
  linkname: string | null;
  sha: string;
}

async function read(
  blob: Uint8Array,
  descriptor = descriptorOf(blob),
  chunkSize?: number,
): Promise<{ compression: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const compression = await readLayer(chunked(blob, chunkSize), descriptor, async (entry) => {
    const hash = createHash('sha256');
    for await (const chunk of entryBytes(entry)) hash.update(chunk);
    seen.push({
      name: entry.header.name,
      type: entry.header.type,
      linkname: entry.header.linkname || null,
      sha: hash.digest('hex'),
    });
  });
  return { compression, seen };
}

const expected = await read(TAR, descriptorOf(TAR, LayerMediaTypes.none));

describe('readLayer', () => {
  it('reads every entry, long names and links included', () => {
    expect(expected.compression).toBe('none');
    expect(expected.seen.map((e) => e.name)).toEqual(
      ENTRIES.map((e) => (e.type === 'dir' ? `${e.path}/` : e.path)),
    );
    expect(expected.seen.find((e) => e.type === 'symlink')?.linkname).toBe('os-release');
  });

  const compressions: [LayerCompression, string][] = [
    ['gzip', 'gzip'],
    ['zstd-raw', 'zstd'],
    ...(hasZstdCli() ? [['zstd', 'zstd'] satisfies [LayerCompression, string]] : []),
  ];
  it.each(compressions)('undoes %s compression to the same entries', async (kind, compression) => {
    const layer = layerFromTar(TAR, kind);
    const result = await read(layer.blob, descriptorOf(layer.blob, layer.mediaType));
    expect(result).toEqual({ compression, seen: expected.seen });
  });

  it('trusts the magic bytes over a media type that disagrees', async () => {
    const gzip = gzipSync(TAR);
    expect((await read(gzip, descriptorOf(gzip, LayerMediaTypes.none))).compression).toBe('gzip');
    expect((await read(TAR, descriptorOf(TAR, LayerMediaTypes.zstd))).compression).toBe('none');
  });

  it('copes with tiny chunks (magic and headers split across them)', async () => {
    const layer = layerFromTar(TAR, 'zstd-raw');
    expect((await read(layer.blob, descriptorOf(layer.blob), 7)).seen).toEqual(expected.seen);
  });

  it('reads an empty blob as an empty layer', async () => {
    expect(await read(new Uint8Array())).toEqual({ compression: 'none', seen: [] });
  });

  const corrupt: [string, () => { blob: Uint8Array; descriptor?: Descriptor }, RegExp][] = [
    [
      'digest mismatch',
      () => ({ blob: TAR, descriptor: { ...descriptorOf(TAR), digest: `sha256:${'0'.repeat(64)}` } }),
      /does not match its digest/,
    ],
    [
      'fewer bytes than the descriptor',
      () => ({ blob: TAR, descriptor: { ...descriptorOf(TAR), size: TAR.length + 1 } }),
      /its descriptor gives/,
    ],
    [
      'more bytes than the descriptor',
      () => ({ blob: TAR, descriptor: { ...descriptorOf(TAR), size: 1000 } }),
      /more than the 1000 bytes/,
    ],
    [
      'unsupported digest algorithm',
      () => ({ blob: TAR, descriptor: { ...descriptorOf(TAR), digest: 'md5:abc' } }),
      /not supported/,
    ],
    [
      'bad gzip',
      () => ({
        blob: Buffer.concat([
          Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3),
          new Uint8Array(2000).fill(0x07),
        ]),
      }),
      /^gzip: /,
    ],
    ['truncated gzip', () => ({ blob: gzipSync(TAR).subarray(0, -100) }), /^gzip: unexpected end of file/],
    ['truncated tar', () => ({ blob: gzipSync(TAR.subarray(0, 150_000)) }), /^tar: Unexpected end of data/],
    [
      'broken tar header',
      () => ({
        blob: gzipSync(
          Buffer.concat([Buffer.from('x'.repeat(257)), Buffer.from('ustar'), Buffer.alloc(762)]),
        ),
      }),
      /^tar: Invalid tar header/,
    ],
    ['truncated zstd', () => ({ blob: layerFromTar(TAR, 'zstd-raw').blob.subarray(0, 9000) }), /^zstd: /],
    [
      'neither gzip, zstd nor tar',
      () => ({ blob: Buffer.alloc(4096, 'garbage ') }),
      /neither gzip, zstd nor tar/,
    ],
  ];

  it.each(corrupt)('a layer with %s is a CorruptLayerError', async (_, make, message) => {
    const { blob, descriptor } = make();
    const error: unknown = await read(blob, descriptor).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CorruptLayerError);
    expect((error as Error).message).toMatch(message);
  });

  it("passes the visitor's and the source's own errors through, and closes the source early", async () => {
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        yield* chunked(TAR, 1024);
      } finally {
        closed = true;
      }
    }
    const boom = new Error('visitor failed on purpose');
    await expect(
      readLayer(source(), descriptorOf(TAR), async (entry) => {
        if (entry.header.name.startsWith('etc/os')) throw boom;
        for await (const _ of entry) void _;
      }),
    ).rejects.toBe(boom);
    expect(closed).toBe(true);

    const registryDown = new Error('registry went away');
    for (const blob of [TAR, layerFromTar(TAR, 'gzip').blob, layerFromTar(TAR, 'zstd-raw').blob]) {
      async function* failing(): AsyncGenerator<Uint8Array> {
        yield blob.subarray(0, 20_000);
        throw registryDown;
      }
      await expect(
        readLayer(failing(), descriptorOf(blob), async (entry) => {
          for await (const _ of entry) void _;
        }),
      ).rejects.toBe(registryDown);
    }
  });

  it('passes through a source that fails before its first byte', async () => {
    const registryDown = new Error('registry went away');
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield* [];
      throw registryDown;
    }
    await expect(
      readLayer(failing(), descriptorOf(TAR), async (entry) => {
        for await (const _ of entry) void _;
      }),
    ).rejects.toBe(registryDown);
  });
});

describe('declaredCompression', () => {
  it.each([
    ['application/vnd.oci.image.layer.v1.tar', 'none'],
    ['application/vnd.oci.image.layer.v1.tar+gzip', 'gzip'],
    ['application/vnd.oci.image.layer.v1.tar+zstd', 'zstd'],
    ['application/vnd.oci.image.layer.nondistributable.v1.tar+gzip', 'gzip'],
    ['application/vnd.docker.image.rootfs.diff.tar.gzip', 'gzip'],
    ['application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', 'gzip'],
    ['application/vnd.oci.image.layer.v1.tar+gzip+encrypted', null],
    ['application/vnd.in-toto+json', null],
  ])('%s → %s', (mediaType, compression) => {
    expect(declaredCompression(mediaType)).toBe(compression);
  });
});
