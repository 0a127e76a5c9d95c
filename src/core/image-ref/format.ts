import { IMAGE_ID, looksLikeRegistryHost } from './grammar.js';
import { DOCKER_HUB, OFFICIAL_REPO_PREFIX, isDockerHub } from './registry-host.js';
import type { ImageRef } from './types.js';

const DEFAULT_TAG = 'latest';

/** The tag Docker pulls: "latest" when neither tag nor digest is written, else the written tag. */
export function effectiveTag(ref: ImageRef): string | null {
  return ref.tag ?? (ref.digest === null ? DEFAULT_TAG : null);
}

/**
 * Formats a reference. Canonical (default): "docker.io/library/nginx:1.27@sha256:…".
 * Familiar: the short form `docker` shows ("nginx:1.27"). Both parse back to the same ImageRef.
 */
export function formatImageRef(ref: ImageRef, options?: { familiar?: boolean }): string {
  const name = options?.familiar ? familiarName(ref) : `${ref.registry}/${ref.repository}`;
  const tag = ref.tag === null ? '' : `:${ref.tag}`;
  const digest = ref.digest === null ? '' : `@${ref.digest}`;
  return name + tag + digest;
}

/**
 * The name as `docker` shows it, without tag or digest: "nginx", "bitnami/redis", "ghcr.io/o/r".
 *
 * Unlike Docker's FamiliarName, it keeps "docker.io/" when dropping it would change the meaning:
 * Docker shows "docker.io/my.org/app" as "my.org/app", which then reads as registry "my.org".
 */
export function familiarName(ref: ImageRef): string {
  const { registry, repository } = ref;
  if (!isDockerHub(registry)) return `${registry}/${repository}`;
  if (repository.startsWith(OFFICIAL_REPO_PREFIX)) {
    const short = repository.slice(OFFICIAL_REPO_PREFIX.length);
    // A bare 64-hex name would read as an image ID; "library/<hex>" still names the image.
    if (!short.includes('/')) return IMAGE_ID.test(short) ? repository : short;
  }
  const slash = repository.indexOf('/');
  if (slash >= 0 && looksLikeRegistryHost(repository.slice(0, slash))) return `${DOCKER_HUB}/${repository}`;
  return repository;
}

/** The repository without tag or digest, as the Registry port's RepoRef. */
export function repoRefOf(ref: ImageRef): { registry: string; repository: string } {
  return { registry: ref.registry, repository: ref.repository };
}
