/** pushImage: realistic single- and multi-platform images (configs, tar.gz layers, buildx-style attestations). */
import { layerFromBytes, randomLayer, sha256, type Layer } from './layers.js';
import { seedClientFor, type SeedClient, type SeedTarget } from './seed-client.js';
import {
  encode,
  pushBlob,
  pushManifest,
  SeedMediaTypes,
  type Descriptor,
  type SeedPlatform,
} from './seed-primitives.js';

export interface SeedImageOptions {
  mediaTypes?: 'oci' | 'docker';
  /** Default [linux/amd64]. More than one → an OCI index / Docker manifest list. */
  platforms?: SeedPlatform[];
  /** Config `created`; default now. */
  created?: string;
  labels?: Record<string, string>;
  /** Layer blobs (gzip detected by magic, else an uncompressed tar). Default: one small random tar.gz per platform. */
  layers?: Uint8Array[];
  /** Add a buildx-style attestation manifest (platform unknown/unknown) per platform; forces an index. */
  attestations?: boolean;
}

export interface SeededImage {
  /** Digest of the top-level manifest (the index when there is one). */
  digest: string;
  mediaType: string;
  /** "linux/amd64" / "linux/arm/v7" → image manifest digest. */
  platformDigests: Record<string, string>;
  /** Same keys → config blob digest. */
  configDigests: Record<string, string>;
  /** Same keys → attestation manifest digest (when `attestations`). */
  attestationDigests: Record<string, string>;
  /** The top-level manifest bytes exactly as pushed. */
  bytes: Uint8Array;
}

export const platformKey = (p: SeedPlatform): string =>
  [p.os, p.architecture, ...(p.variant ? [p.variant] : [])].join('/');

interface PushedManifest {
  descriptor: Descriptor;
  bytes: Uint8Array;
}

async function pushPlatformImage(
  client: SeedClient,
  repository: string,
  reference: string | null,
  platform: SeedPlatform,
  options: SeedImageOptions,
): Promise<PushedManifest & { configDigest: string }> {
  const oci = options.mediaTypes !== 'docker';
  const layers: Layer[] = options.layers ? options.layers.map(layerFromBytes) : [randomLayer()];
  const created = options.created ?? new Date().toISOString();
  const config = encode({
    created,
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    config: {
      Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      Cmd: ['/bin/sh'],
      Labels: options.labels ?? {},
    },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history: layers.map(() => ({ created, created_by: 'shipshape test seed' })),
  });
  const configDigest = await pushBlob(client, repository, config);
  for (const layer of layers) await pushBlob(client, repository, layer.blob);
  const layerType = (l: Layer): string =>
    oci ? (l.gzip ? SeedMediaTypes.ociLayer : SeedMediaTypes.ociLayerTar) : SeedMediaTypes.dockerLayer;
  const mediaType = oci ? SeedMediaTypes.ociManifest : SeedMediaTypes.dockerManifest;
  const bytes = encode({
    schemaVersion: 2,
    mediaType,
    config: {
      mediaType: oci ? SeedMediaTypes.ociConfig : SeedMediaTypes.dockerConfig,
      digest: configDigest,
      size: config.length,
    },
    layers: layers.map((l) => ({ mediaType: layerType(l), digest: l.digest, size: l.blob.length })),
  });
  const digest = await pushManifest(client, repository, reference ?? sha256(bytes), bytes, mediaType);
  return { descriptor: { mediaType, digest, size: bytes.length, platform }, bytes, configDigest };
}

/** A buildx-style attestation manifest (in-toto provenance layer) for one platform image. */
async function pushAttestation(
  client: SeedClient,
  repository: string,
  subject: Descriptor,
): Promise<Descriptor> {
  const statement = encode({
    _type: 'https://in-toto.io/Statement/v0.1',
    predicateType: 'https://slsa.dev/provenance/v0.2',
    subject: [{ name: repository, digest: { sha256: subject.digest.slice('sha256:'.length) } }],
    predicate: { builder: { id: 'shipshape-test-seed' } },
  });
  const statementDigest = await pushBlob(client, repository, statement);
  const config = encode({
    architecture: 'unknown',
    os: 'unknown',
    config: {},
    rootfs: { type: 'layers', diff_ids: [statementDigest] },
  });
  const configDigest = await pushBlob(client, repository, config);
  const bytes = encode({
    schemaVersion: 2,
    mediaType: SeedMediaTypes.ociManifest,
    config: { mediaType: SeedMediaTypes.ociConfig, digest: configDigest, size: config.length },
    layers: [
      {
        mediaType: SeedMediaTypes.inToto,
        digest: statementDigest,
        size: statement.length,
        annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' },
      },
    ],
  });
  const digest = await pushManifest(client, repository, sha256(bytes), bytes, SeedMediaTypes.ociManifest);
  return {
    mediaType: SeedMediaTypes.ociManifest,
    digest,
    size: bytes.length,
    platform: { architecture: 'unknown', os: 'unknown' },
    annotations: {
      'vnd.docker.reference.digest': subject.digest,
      'vnd.docker.reference.type': 'attestation-manifest',
    },
  };
}

/** Pushes a realistic image (config, tar.gz layers, manifest; an index for several platforms) under `tag`. */
export async function pushImage(
  target: SeedTarget,
  repository: string,
  tag: string,
  options: SeedImageOptions = {},
): Promise<SeededImage> {
  const client = seedClientFor(target);
  const platforms = options.platforms ?? [{ os: 'linux', architecture: 'amd64' }];
  if (platforms.length === 0) throw new Error('[harness:seed] pushImage needs at least one platform');
  const needsIndex = platforms.length > 1 || options.attestations === true;
  const seeded: SeededImage = {
    digest: '',
    mediaType: '',
    platformDigests: {},
    configDigests: {},
    attestationDigests: {},
    bytes: new Uint8Array(),
  };
  const entries: Descriptor[] = [];
  const attestations: Descriptor[] = [];
  for (const platform of platforms) {
    const image = await pushPlatformImage(client, repository, needsIndex ? null : tag, platform, options);
    const key = platformKey(platform);
    seeded.platformDigests[key] = image.descriptor.digest;
    seeded.configDigests[key] = image.configDigest;
    entries.push(image.descriptor);
    if (!needsIndex)
      return {
        ...seeded,
        digest: image.descriptor.digest,
        mediaType: image.descriptor.mediaType,
        bytes: image.bytes,
      };
    if (options.attestations) {
      const attestation = await pushAttestation(client, repository, image.descriptor);
      seeded.attestationDigests[key] = attestation.digest;
      attestations.push(attestation);
    }
  }
  const mediaType =
    options.mediaTypes === 'docker' ? SeedMediaTypes.dockerManifestList : SeedMediaTypes.ociIndex;
  const bytes = encode({ schemaVersion: 2, mediaType, manifests: [...entries, ...attestations] });
  const digest = await pushManifest(client, repository, tag, bytes, mediaType);
  return { ...seeded, digest, mediaType, bytes };
}
