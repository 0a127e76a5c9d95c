/** pushTags: thousands of tags quickly — one config and layer, the same or a per-tag-annotated manifest. */
import { randomLayer } from './layers.js';
import { seedClientFor, type SeedTarget } from './seed-client.js';
import { encode, pushBlob, pushManifest, SeedMediaTypes } from './seed-primitives.js';

export interface PushTagsOptions {
  /** Parallel manifest PUTs; default 8. */
  concurrency?: number;
  /** Same manifest bytes (one digest) under every tag; default false: each tag gets its own digest. */
  sameManifest?: boolean;
  mediaTypes?: 'oci' | 'docker';
  /** Config `created`; default now. */
  created?: string;
}

/** Pushes `tags` to `repository`. Returns tag → manifest digest. */
export async function pushTags(
  target: SeedTarget,
  repository: string,
  tags: readonly string[],
  options: PushTagsOptions = {},
): Promise<Record<string, string>> {
  const client = seedClientFor(target);
  const oci = options.mediaTypes !== 'docker';
  const layer = randomLayer();
  const created = options.created ?? new Date().toISOString();
  const config = encode({
    created,
    architecture: 'amd64',
    os: 'linux',
    config: { Cmd: ['/bin/sh'], Labels: {} },
    rootfs: { type: 'layers', diff_ids: [layer.diffId] },
  });
  const configDigest = await pushBlob(client, repository, config);
  await pushBlob(client, repository, layer.blob);
  const mediaType = oci ? SeedMediaTypes.ociManifest : SeedMediaTypes.dockerManifest;
  const manifestFor = (tag: string | null): Uint8Array =>
    encode({
      schemaVersion: 2,
      mediaType,
      config: {
        mediaType: oci ? SeedMediaTypes.ociConfig : SeedMediaTypes.dockerConfig,
        digest: configDigest,
        size: config.length,
      },
      layers: [
        {
          mediaType: oci ? SeedMediaTypes.ociLayer : SeedMediaTypes.dockerLayer,
          digest: layer.digest,
          size: layer.blob.length,
        },
      ],
      // Registries keep manifest bytes verbatim, so an annotation is enough to make each tag's digest distinct.
      ...(tag === null ? {} : { annotations: { 'org.opencontainers.image.version': tag } }),
    });
  const shared = options.sameManifest ? manifestFor(null) : null;
  const digests: Record<string, string> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tags.length) {
      const tag = tags[next++]!;
      digests[tag] = await pushManifest(client, repository, tag, shared ?? manifestFor(tag), mediaType);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 8, tags.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  return digests;
}
