/** Manifest reads: HEAD for digests (GET + hash when the registry does not say), GET with verification. */
import type { Manifest, ManifestHead, RepoRef } from '../../../ports/registry.js';
import { cacheKey, emitCacheHit, PULL, repoScopes, type RegistryContext } from './context.js';
import { digestOf, isDigestReference, parseDigest } from './digest.js';
import { errorForStatus, registryError } from './errors.js';
import type { Endpoint } from './hosts.js';
import { ACCEPT_MANIFESTS, baseMediaType, MANIFEST_MEDIA_TYPES, parseManifest } from './manifest.js';
import { describeRef, manifestPath } from './paths.js';
import { contentLength, firstHeader } from './transport.js';

const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;

/** Manifests are immutable by digest: one fetched by digest is served from the cache (and counted as a hit). */
function cachedManifest(
  ctx: RegistryContext,
  endpoint: Endpoint,
  repo: RepoRef,
  reference: string,
): Manifest | undefined {
  if (!isDigestReference(reference)) return undefined;
  const cached = ctx.manifests.get(cacheKey(endpoint.registry, repo, reference));
  if (cached) emitCacheHit(ctx, endpoint.registry, 'manifest');
  return cached;
}

export async function headManifest(
  ctx: RegistryContext,
  endpoint: Endpoint,
  repo: RepoRef,
  reference: string,
): Promise<ManifestHead> {
  const subject = `manifest ${describeRef(repo, reference)}`;
  const byDigest = isDigestReference(reference);
  const cached = cachedManifest(ctx, endpoint, repo, reference);
  if (cached) return { digest: cached.digest, mediaType: cached.mediaType, size: cached.bytes.byteLength };
  const res = await ctx.http.call({
    endpoint,
    method: 'HEAD',
    url: manifestPath(repo, reference),
    headers: { accept: ACCEPT_MANIFESTS },
    kind: 'manifest',
    scopes: repoScopes(repo, PULL),
    subject,
  });
  if (res.status === 405 || res.status === 501) return headByGet(ctx, endpoint, repo, reference);
  if (res.status !== 200)
    throw errorForStatus(endpoint.registry, res.status, {
      kind: 'manifest',
      subject,
      repository: repo.repository,
    });
  const headerDigest = firstHeader(res.headers, 'docker-content-digest');
  const mediaType = baseMediaType(firstHeader(res.headers, 'content-type'));
  const size = contentLength(res.headers);
  if (byDigest && headerDigest !== undefined && headerDigest !== reference) {
    throw registryError(
      endpoint.registry,
      'MALFORMED_RESPONSE',
      `${subject}: registry answered with digest ${headerDigest}`,
    );
  }
  const digest = byDigest ? reference : headerDigest;
  // Without a trustworthy digest, media type and size from HEAD, fetch and hash the bytes.
  if (
    digest === undefined ||
    !isDigestReference(digest) ||
    !MANIFEST_MEDIA_TYPES.includes(mediaType) ||
    size === null
  ) {
    return headByGet(ctx, endpoint, repo, reference);
  }
  return { digest, mediaType, size };
}

async function headByGet(
  ctx: RegistryContext,
  endpoint: Endpoint,
  repo: RepoRef,
  reference: string,
): Promise<ManifestHead> {
  const m = await getManifest(ctx, endpoint, repo, reference);
  return { digest: m.digest, mediaType: m.mediaType, size: m.bytes.byteLength };
}

export async function getManifest(
  ctx: RegistryContext,
  endpoint: Endpoint,
  repo: RepoRef,
  reference: string,
): Promise<Manifest> {
  const subject = `manifest ${describeRef(repo, reference)}`;
  const byDigest = isDigestReference(reference);
  const cached = cachedManifest(ctx, endpoint, repo, reference);
  if (cached) return cached;
  const res = await ctx.http.call({
    endpoint,
    method: 'GET',
    url: manifestPath(repo, reference),
    headers: { accept: ACCEPT_MANIFESTS },
    kind: 'manifest',
    scopes: repoScopes(repo, PULL),
    subject,
    maxBytes: MAX_MANIFEST_BYTES,
  });
  if (res.status !== 200) {
    throw errorForStatus(endpoint.registry, res.status, {
      kind: 'manifest',
      subject,
      repository: repo.repository,
      body: res.body,
    });
  }
  const bytes = res.body ?? new Uint8Array();
  let digest: string;
  if (byDigest) {
    const parsed = parseDigest(reference);
    if (!parsed)
      throw registryError(endpoint.registry, 'UNSUPPORTED', `${subject}: digest algorithm not supported`);
    digest = digestOf(bytes, parsed.algorithm);
    if (digest !== reference) {
      throw registryError(
        endpoint.registry,
        'MALFORMED_RESPONSE',
        `${subject}: content digest is ${digest}, not the requested digest`,
      );
    }
  } else {
    digest = digestOf(bytes);
    const claimed = firstHeader(res.headers, 'docker-content-digest');
    const claimedParsed = claimed === undefined ? null : parseDigest(claimed);
    if (claimedParsed && digestOf(bytes, claimedParsed.algorithm) !== claimed) {
      throw registryError(
        endpoint.registry,
        'MALFORMED_RESPONSE',
        `${subject}: body does not match Docker-Content-Digest ${claimed}`,
      );
    }
  }
  const result = parseManifest(bytes, firstHeader(res.headers, 'content-type'), digest);
  if (!result.ok) throw registryError(endpoint.registry, result.code, `${subject}: ${result.reason}`);
  ctx.manifests.set(cacheKey(endpoint.registry, repo, digest), result.manifest, bytes.byteLength + 256);
  return result.manifest;
}

/** HEAD by digest: true/false, errors only for real failures. */
export async function manifestExists(
  ctx: RegistryContext,
  endpoint: Endpoint,
  repo: RepoRef,
  digest: string,
): Promise<boolean> {
  if (ctx.manifests.get(cacheKey(endpoint.registry, repo, digest))) return true;
  const subject = `manifest ${describeRef(repo, digest)}`;
  const res = await ctx.http.call({
    endpoint,
    method: 'HEAD',
    url: manifestPath(repo, digest),
    headers: { accept: ACCEPT_MANIFESTS },
    kind: 'manifest',
    scopes: repoScopes(repo, PULL),
    subject,
  });
  if (res.status === 200) return true;
  if (res.status === 404) return false;
  throw errorForStatus(endpoint.registry, res.status, {
    kind: 'manifest',
    subject,
    repository: repo.repository,
  });
}
