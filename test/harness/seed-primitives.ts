/** Raw-HTTP primitives for seeding: media types, blob upload, manifest PUT. */
import { sha256 } from './layers.js';
import { seedClientFor, type SeedClient, type SeedTarget } from './seed-client.js';

export const SeedMediaTypes = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerTar: 'application/vnd.oci.image.layer.v1.tar',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  inToto: 'application/vnd.in-toto+json',
} as const;

/** Every manifest type, for Accept headers. */
export const MANIFEST_ACCEPT = [
  SeedMediaTypes.ociIndex,
  SeedMediaTypes.ociManifest,
  SeedMediaTypes.dockerManifestList,
  SeedMediaTypes.dockerManifest,
].join(', ');

export interface SeedPlatform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: SeedPlatform;
  annotations?: Record<string, string>;
  artifactType?: string;
}

export const encode = (value: unknown): Uint8Array =>
  new TextEncoder().encode(JSON.stringify(value, null, 2));

/** Uploads a blob (POST then monolithic PUT) unless it already exists. Returns its digest. */
export async function pushBlob(
  target: SeedTarget | SeedClient,
  repository: string,
  data: Uint8Array,
): Promise<string> {
  const client = seedClientFor(target);
  const digest = sha256(data);
  const head = await client.request({
    method: 'HEAD',
    path: `/v2/${repository}/blobs/${digest}`,
    repository,
  });
  if (head.status === 200) return digest;
  const start = await client.expect(
    { method: 'POST', path: `/v2/${repository}/blobs/uploads/`, repository },
    202,
  );
  await start.arrayBuffer();
  const location = start.headers.get('location');
  if (!location) throw new Error('[harness:seed] upload without Location');
  const url = new URL(location, client.target.url);
  url.searchParams.set('digest', digest);
  const put = await client.expect(
    {
      method: 'PUT',
      path: url.href,
      repository,
      headers: { 'content-type': 'application/octet-stream' },
      body: data,
    },
    201,
  );
  await put.arrayBuffer();
  return digest;
}

/** PUTs a manifest under a tag or digest and returns the digest the registry reports (checked against ours). */
export async function pushManifest(
  target: SeedTarget | SeedClient,
  repository: string,
  reference: string,
  bytes: Uint8Array,
  mediaType: string,
): Promise<string> {
  const client = seedClientFor(target);
  const res = await client.expect(
    {
      method: 'PUT',
      path: `/v2/${repository}/manifests/${reference}`,
      repository,
      headers: { 'content-type': mediaType },
      body: bytes,
    },
    201,
  );
  await res.arrayBuffer();
  const digest = sha256(bytes);
  const reported = res.headers.get('docker-content-digest');
  if (reported && reported !== digest) {
    throw new Error(`[harness:seed] registry reported ${reported} for manifest ${digest}`);
  }
  return digest;
}
