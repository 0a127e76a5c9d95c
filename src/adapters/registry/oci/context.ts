/** What the read and write helpers share: the pipeline, caches and scope builders. */
import type { ImageConfig, Manifest, RepoRef } from '../../../ports/registry.js';
import type { RequestKind } from './errors.js';
import { normalizeRegistryName } from './hosts.js';
import type { RegistryHttp } from './http.js';
import type { Lru } from './lru.js';
import { parseScopes, repositoryScope, type ScopeSet } from './scope.js';

export const PULL: readonly string[] = ['pull'];
export const PUSH: readonly string[] = ['pull', 'push'];

export interface RegistryContext {
  readonly http: RegistryHttp;
  /** Manifests by `registry/repository@digest` (content-addressed, so never stale). */
  readonly manifests: Lru<Manifest>;
  readonly configs: Lru<ImageConfig>;
  /** Origins that answered 404 to the referrers API: go straight to the fallback tag. */
  readonly noReferrersApi: Set<string>;
  readonly tagPageSize: number;
}

export function repoScopes(
  repo: RepoRef,
  actions: readonly string[],
  extra?: { repo: RepoRef; actions: readonly string[] },
): ScopeSet {
  const list = [repositoryScope(repo.repository, actions)];
  if (extra) list.push(repositoryScope(extra.repo.repository, extra.actions));
  return parseScopes(list);
}

export function cacheKey(registry: string, repo: RepoRef, digest: string): string {
  return `${normalizeRegistryName(registry)}/${repo.repository}@${digest}`;
}

/** Reports a cache hit to onRequest listeners (no request was made). */
export function emitCacheHit(ctx: RegistryContext, registry: string, kind: RequestKind): void {
  ctx.http.emit({
    registry: normalizeRegistryName(registry),
    method: 'GET',
    kind,
    status: 200,
    ms: 0,
    fromCache: true,
  });
}
