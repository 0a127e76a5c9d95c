/** Docker Hub's canonical name, as Docker writes it in fully qualified references. */
export const DOCKER_HUB = 'docker.io';

/** Hub's namespace for official images: "nginx" is "docker.io/library/nginx". */
export const OFFICIAL_REPO_PREFIX = 'library/';

// index.docker.io is Docker's legacy name; registry-1.docker.io is the host the API actually
// answers on. Docker itself only folds index.docker.io, but a reference written with
// registry-1.docker.io names the same repositories, so we fold both.
const HUB_ALIASES: ReadonlySet<string> = new Set([DOCKER_HUB, 'index.docker.io', 'registry-1.docker.io']);

/**
 * Normalizes a registry host[:port]: lowercases it (host names are case-insensitive) and folds
 * Docker Hub's aliases into "docker.io". Ports are kept as written. Does not validate.
 */
export function normalizeRegistryHost(host: string): string {
  const lower = host.toLowerCase();
  return HUB_ALIASES.has(lower) ? DOCKER_HUB : lower;
}

/** True for "docker.io" and its aliases, in any letter case. */
export function isDockerHub(registry: string): boolean {
  return normalizeRegistryHost(registry) === DOCKER_HUB;
}
