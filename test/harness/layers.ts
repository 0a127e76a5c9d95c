/** Digest helpers and real (gzip-compressed tar) image layers for seeding. */
import { createHash, randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';

export const sha256 = (data: Uint8Array | string): string =>
  `sha256:${createHash('sha256').update(data).digest('hex')}`;

export interface TarEntry {
  path: string;
  content: Uint8Array | string;
  /** Octal permission bits; default 0o644. */
  mode?: number;
}

export interface Layer {
  /** The blob as stored in the registry (gzip unless the caller supplied an uncompressed tar). */
  blob: Uint8Array;
  digest: string;
  /** sha256 of the uncompressed tar (config rootfs.diff_ids). */
  diffId: string;
  gzip: boolean;
}

function writeString(block: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = new TextEncoder().encode(value);
  if (bytes.length > length) throw new Error(`tar: "${value}" longer than ${length} bytes`);
  block.set(bytes, offset);
}

function writeOctal(block: Uint8Array, offset: number, length: number, value: number): void {
  writeString(block, offset, length, value.toString(8).padStart(length - 1, '0') + '\0');
}

/** A minimal ustar archive of regular files (enough for layer digests and later scanner tests). */
export function makeTar(entries: readonly TarEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    const content =
      typeof entry.content === 'string' ? new TextEncoder().encode(entry.content) : entry.content;
    const path = entry.path.replace(/^\/+/, '');
    const header = new Uint8Array(512);
    const slash = path.length > 100 ? path.lastIndexOf('/', path.length - 1) : -1;
    writeString(header, 0, 100, slash > 0 ? path.slice(slash + 1) : path);
    if (slash > 0) writeString(header, 345, 155, path.slice(0, slash));
    writeOctal(header, 100, 8, entry.mode ?? 0o644);
    writeOctal(header, 108, 8, 0);
    writeOctal(header, 116, 8, 0);
    writeOctal(header, 124, 12, content.length);
    writeOctal(header, 136, 12, 1_700_000_000);
    header.fill(0x20, 148, 156); // checksum field counts as spaces while summing
    header[156] = 0x30; // '0' regular file
    writeString(header, 257, 6, 'ustar\0');
    writeString(header, 263, 2, '00');
    const checksum = header.reduce((sum, byte) => sum + byte, 0);
    writeString(header, 148, 8, checksum.toString(8).padStart(6, '0') + '\0 ');
    parts.push(header, content, new Uint8Array((512 - (content.length % 512)) % 512));
  }
  parts.push(new Uint8Array(1024));
  return Buffer.concat(parts);
}

/** A gzip-compressed tar layer of the given files. */
export function makeTarLayer(entries: readonly TarEntry[]): Layer {
  const tar = makeTar(entries);
  const blob = new Uint8Array(gzipSync(tar));
  return { blob, digest: sha256(blob), diffId: sha256(tar), gzip: true };
}

/** A small layer with one random file, so every call yields a distinct digest. */
export function randomLayer(sizeBytes = 256): Layer {
  const id = randomBytes(6).toString('hex');
  return makeTarLayer([{ path: `shipshape/${id}.bin`, content: randomBytes(sizeBytes) }]);
}

/** Wraps caller-supplied layer bytes: gzip is detected by its magic number, anything else is an uncompressed tar. */
export function layerFromBytes(bytes: Uint8Array): Layer {
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const digest = sha256(bytes);
  return { blob: bytes, digest, diffId: gzip ? sha256(gunzipSync(bytes)) : digest, gzip };
}
