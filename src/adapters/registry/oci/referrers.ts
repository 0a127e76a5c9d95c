/** Referrers: the OCI 1.1 referrers API, or the `sha256-<hex>` fallback tag on registries without it. */
import { isShipshapeError } from '../../../core/errors.js';
import type { Descriptor, Manifest, RepoRef } from '../../../ports/registry.js';
import { PULL, repoScopes, type RegistryContext } from './context.js';
import { digestOf } from './digest.js';
import { errorForStatus, registryError } from './errors.js';
import type { Endpoint } from './hosts.js';
import { parseManifest } from './manifest.js';
import { getManifest } from './manifests.js';
import { describeRef, referrersPath } from './paths.js';
import { firstHeader } from './transport.js';

export async function listReferrers(
  ctx: RegistryContext,
  endpoint: Endpoint,
  repo: RepoRef,
  digest: string,
  artifactType: string | undefined,
): Promise<Descriptor[]> {
  const keep = (list: readonly Descriptor[]): Descriptor[] =>
    list.filter((d) => artifactType === undefined || d.artifactType === artifactType);
  const subject = `referrers of ${describeRef(repo, digest)}`;
  if (!ctx.noReferrersApi.has(endpoint.origin)) {
    const query = artifactType === undefined ? '' : `?artifactType=${encodeURIComponent(artifactType)}`;
    const res = await ctx.http.call({
      endpoint,
      method: 'GET',
      url: referrersPath(repo, digest) + query,
      headers: { accept: 'application/vnd.oci.image.index.v1+json' },
      kind: 'referrers',
      scopes: repoScopes(repo, PULL),
      subject,
    });
    if (res.status === 200) {
      const bytes = res.body ?? new Uint8Array();
      const parsed = parseManifest(bytes, firstHeader(res.headers, 'content-type'), digestOf(bytes));
      if (!parsed.ok || parsed.manifest.kind !== 'index') {
        throw registryError(
          endpoint.registry,
          'MALFORMED_RESPONSE',
          `${subject}: ${parsed.ok ? 'not an index' : parsed.reason}`,
        );
      }
      // Filter client-side too: registries need not apply the filter (OCI-Filters-Applied says when they did).
      return keep(parsed.manifest.manifests);
    }
    // A registry with the referrers API never answers 404 to it (OCI distribution spec 1.1).
    if (res.status !== 404 && res.status !== 405 && res.status !== 400) {
      throw errorForStatus(endpoint.registry, res.status, {
        kind: 'referrers',
        subject,
        repository: repo.repository,
        body: res.body,
      });
    }
    ctx.noReferrersApi.add(endpoint.origin);
  }
  let fallback: Manifest;
  try {
    fallback = await getManifest(ctx, endpoint, repo, digest.replace(':', '-'));
  } catch (error) {
    if (isShipshapeError(error, 'NOT_FOUND')) return [];
    throw error;
  }
  return fallback.kind === 'index' ? keep(fallback.manifests) : [];
}
