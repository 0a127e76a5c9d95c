/** OCI 1.1 referrers for a registry without the referrers API: artifact manifest + fallback tag. */
import { randomBytes } from 'node:crypto';
import { sha256 } from './layers.js';
import { seedClientFor, type SeedTarget } from './seed-client.js';
import {
  encode,
  MANIFEST_ACCEPT,
  pushBlob,
  pushManifest,
  SeedMediaTypes,
  type Descriptor,
} from './seed-primitives.js';

export interface ReferrerOptions {
  /** Manifest annotations (merged over a default `org.opencontainers.image.created`). */
  annotations?: Record<string, string>;
  /** Artifact blobs; default one small JSON blob typed `application/vnd.shipshape.test+json`. */
  blobs?: { mediaType: string; data: Uint8Array }[];
  /** Skip updating the `sha256-<hex>` fallback tag (to test clients that find no referrers). */
  skipFallbackTag?: boolean;
}

/**
 * Pushes an OCI 1.1 artifact (an image manifest with `artifactType`, the empty config and `subject`) and adds
 * its descriptor to the referrers fallback tag `sha256-<hex>` (an OCI index), as the OCI distribution spec
 * prescribes for registries without the referrers API. Returns the artifact manifest digest.
 */
export async function pushReferrerArtifact(
  target: SeedTarget,
  repository: string,
  subjectDigest: string,
  artifactType: string,
  options: ReferrerOptions = {},
): Promise<string> {
  const client = seedClientFor(target);
  const head = await client.expect(
    {
      method: 'HEAD',
      path: `/v2/${repository}/manifests/${subjectDigest}`,
      repository,
      headers: { accept: MANIFEST_ACCEPT },
    },
    200,
  );
  const subject: Descriptor = {
    mediaType: head.headers.get('content-type') ?? SeedMediaTypes.ociManifest,
    digest: subjectDigest,
    size: Number(head.headers.get('content-length') ?? 0),
  };
  const empty = new TextEncoder().encode('{}');
  await pushBlob(client, repository, empty);
  const blobs = options.blobs ?? [
    {
      mediaType: 'application/vnd.shipshape.test+json',
      data: encode({ nonce: randomBytes(8).toString('hex') }),
    },
  ];
  const layers: Descriptor[] = [];
  for (const blob of blobs) {
    layers.push({
      mediaType: blob.mediaType,
      digest: await pushBlob(client, repository, blob.data),
      size: blob.data.length,
    });
  }
  const annotations = {
    'org.opencontainers.image.created': new Date().toISOString(),
    ...options.annotations,
  };
  const bytes = encode({
    schemaVersion: 2,
    mediaType: SeedMediaTypes.ociManifest,
    artifactType,
    config: { mediaType: SeedMediaTypes.ociEmpty, digest: sha256(empty), size: empty.length },
    layers,
    subject,
    annotations,
  });
  const digest = await pushManifest(client, repository, sha256(bytes), bytes, SeedMediaTypes.ociManifest);
  if (options.skipFallbackTag) return digest;

  const fallbackTag = subjectDigest.replace(':', '-');
  const existing = await client.request({
    method: 'GET',
    path: `/v2/${repository}/manifests/${fallbackTag}`,
    repository,
    headers: { accept: SeedMediaTypes.ociIndex },
  });
  const index =
    existing.status === 200
      ? ((await existing.json()) as { manifests?: Descriptor[] })
      : (await existing.arrayBuffer(), { manifests: [] as Descriptor[] });
  const manifests = [
    ...(index.manifests ?? []).filter((d) => d.digest !== digest),
    { mediaType: SeedMediaTypes.ociManifest, digest, size: bytes.length, artifactType, annotations },
  ];
  const indexBytes = encode({ schemaVersion: 2, mediaType: SeedMediaTypes.ociIndex, manifests });
  await pushManifest(client, repository, fallbackTag, indexBytes, SeedMediaTypes.ociIndex);
  return digest;
}
