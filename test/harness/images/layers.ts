/** Image layers with a chosen compression and media type, and pushing images made of them. */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { seedClientFor, type SeedTarget } from '../seed-client.js';
import { encode, pushBlob, pushManifest, SeedMediaTypes, type SeedPlatform } from '../seed-primitives.js';
import { tarArchive, withParents, type LayerEntry } from './tar.js';
import { zstdCompress, zstdRawFrame } from './zstd.js';

export type LayerCompression = 'gzip' | 'zstd-raw' | 'zstd' | 'none';

export interface FixtureLayer {
  blob: Buffer;
  mediaType: string;
  digest: string;
  /** sha256 of the uncompressed tar. */
  diffId: string;
}

/** A layer already uploaded (large-layer.ts streams big ones from a file). */
export interface PushedLayer {
  mediaType: string;
  digest: string;
  diffId: string;
  size: number;
}

type AnyLayer = FixtureLayer | PushedLayer;
const sizeOf = (l: AnyLayer): number => ('blob' in l ? l.blob.length : l.size);

const sha256 = (data: Uint8Array): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

export const LayerMediaTypes = {
  gzip: SeedMediaTypes.ociLayer,
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  none: SeedMediaTypes.ociLayerTar,
  dockerGzip: SeedMediaTypes.dockerLayer,
} as const;

/** Compresses a tar; the media type defaults to the one that matches (override it to test sniffing). */
export function layerFromTar(
  tar: Buffer,
  compression: LayerCompression = 'gzip',
  mediaType?: string,
): FixtureLayer {
  let blob: Buffer;
  switch (compression) {
    case 'gzip':
      blob = gzipSync(tar, { level: 1 });
      break;
    case 'zstd-raw':
      blob = zstdRawFrame(tar);
      break;
    case 'zstd': {
      const compressed = zstdCompress(tar);
      if (!compressed) throw new Error('[harness:images] no zstd CLI on this machine');
      blob = compressed;
      break;
    }
    case 'none':
      blob = tar;
      break;
  }
  const declared =
    compression === 'gzip'
      ? LayerMediaTypes.gzip
      : compression === 'none'
        ? LayerMediaTypes.none
        : LayerMediaTypes.zstd;
  return { blob, mediaType: mediaType ?? declared, digest: sha256(blob), diffId: sha256(tar) };
}

/** A layer of `entries` (parent directories added, as image builders write them). */
export function makeLayer(
  entries: readonly LayerEntry[],
  compression: LayerCompression = 'gzip',
  mediaType?: string,
): FixtureLayer {
  return layerFromTar(tarArchive(withParents(entries)), compression, mediaType);
}

export interface PushedImage {
  /** Top-level manifest digest (the index when several platforms). */
  digest: string;
  /** "linux/amd64" → image manifest digest. */
  platformDigests: Record<string, string>;
}

const key = (p: SeedPlatform): string => [p.os, p.architecture, p.variant].filter(Boolean).join('/');

/**
 * Pushes an image whose layers keep their own media types (the harness's pushImage infers them). Several
 * platforms → an OCI index; each platform gets `layers(platform)`.
 */
export async function pushLayeredImage(
  target: SeedTarget,
  repository: string,
  tag: string,
  layers: readonly AnyLayer[] | ((platform: SeedPlatform) => readonly AnyLayer[]),
  options: { platforms?: SeedPlatform[]; mediaTypes?: 'oci' | 'docker' } = {},
): Promise<PushedImage> {
  const client = seedClientFor(target);
  const platforms = options.platforms ?? [{ os: 'linux', architecture: 'amd64' }];
  const docker = options.mediaTypes === 'docker';
  const platformDigests: Record<string, string> = {};
  const descriptors: unknown[] = [];
  for (const platform of platforms) {
    const own = typeof layers === 'function' ? layers(platform) : layers;
    const config = encode({
      created: '2024-01-01T00:00:00Z',
      architecture: platform.architecture,
      os: platform.os,
      ...(platform.variant ? { variant: platform.variant } : {}),
      config: { Env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin'] },
      rootfs: { type: 'layers', diff_ids: own.map((l) => l.diffId) },
    });
    const configDigest = await pushBlob(client, repository, config);
    for (const layer of own) if ('blob' in layer) await pushBlob(client, repository, layer.blob);
    const mediaType = docker ? SeedMediaTypes.dockerManifest : SeedMediaTypes.ociManifest;
    const bytes = encode({
      schemaVersion: 2,
      mediaType,
      config: {
        mediaType: docker ? SeedMediaTypes.dockerConfig : SeedMediaTypes.ociConfig,
        digest: configDigest,
        size: config.length,
      },
      layers: own.map((l) => ({
        mediaType: l.mediaType,
        digest: l.digest,
        size: sizeOf(l),
      })),
    });
    const single = platforms.length === 1;
    const digest = await pushManifest(client, repository, single ? tag : sha256(bytes), bytes, mediaType);
    platformDigests[key(platform)] = digest;
    if (single) return { digest, platformDigests };
    descriptors.push({ mediaType, digest, size: bytes.length, platform });
  }
  const indexType = docker ? SeedMediaTypes.dockerManifestList : SeedMediaTypes.ociIndex;
  const index = encode({ schemaVersion: 2, mediaType: indexType, manifests: descriptors });
  const digest = await pushManifest(client, repository, tag, index, indexType);
  return { digest, platformDigests };
}
