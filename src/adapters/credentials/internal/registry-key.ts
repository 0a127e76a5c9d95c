/**
 * Matching of credential-file keys against registry hosts.
 *
 * Kept private to the credentials family on purpose: it must accept the loose key forms found in
 * config files ("https://index.docker.io/v1/", "http://host:5000/v1/", "quay.io/org"), which is a
 * different job from normalizing a parsed image reference. Host folding agrees with
 * `normalizeRegistryHost` in core/image-ref.
 */

export const DOCKER_HUB = 'docker.io';

/** The key `docker login` writes for Docker Hub and the server URL Docker sends to credential helpers. */
export const DOCKER_HUB_SERVER_ADDRESS = 'https://index.docker.io/v1/';

const HUB_ALIASES: ReadonlySet<string> = new Set([DOCKER_HUB, 'index.docker.io', 'registry-1.docker.io']);

export interface RegistryKey {
  /** Lowercased host[:port], Docker Hub aliases folded into "docker.io". */
  readonly host: string;
  /** Repository namespace after the host ("org" for "quay.io/org"); undefined for host-level keys and URLs. */
  readonly namespace: string | undefined;
}

/**
 * Parses a key as written in `auths`/`credHelpers` or passed by a caller. A key with a scheme is a URL
 * (Docker's legacy form) whose path is an API path, never a namespace; a key without one may carry a
 * repository namespace, as containers-auth.json(5) allows.
 */
export function parseRegistryKey(key: string): RegistryKey {
  const trimmed = key.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(trimmed);
  const rest = scheme ? trimmed.slice(scheme[0].length) : trimmed;
  const slash = rest.indexOf('/');
  const rawHost = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 || scheme ? '' : rest.slice(slash + 1).replace(/\/+$/, '');
  return { host: foldHost(rawHost), namespace: path === '' ? undefined : path };
}

/** The host[:port] a key or caller-supplied registry refers to, ignoring any path. */
export function registryHost(key: string): string {
  return parseRegistryKey(key).host;
}

function foldHost(host: string): string {
  const lower = host.toLowerCase();
  return HUB_ALIASES.has(lower) ? DOCKER_HUB : lower;
}

/**
 * Picks the entry for `host` among keyed entries, most specific first:
 * 1. a key written exactly as `preferredKeys` (what Docker itself looks up),
 * 2. the first host-level key (in file order) that normalizes to the host,
 * 3. the first namespace-scoped key for the host — a host-only lookup cannot tell namespaces apart,
 *    so like containers/image we fall back to one of them rather than going anonymous.
 */
export function findByHost<T extends { readonly key: string }>(
  entries: readonly T[],
  host: string,
  preferredKeys: readonly string[] = [],
): T | undefined {
  for (const preferred of preferredKeys) {
    const exact = entries.find((e) => e.key === preferred);
    if (exact) return exact;
  }
  let namespaced: T | undefined;
  for (const entry of entries) {
    const parsed = parseRegistryKey(entry.key);
    if (parsed.host !== host) continue;
    if (parsed.namespace === undefined) return entry;
    namespaced ??= entry;
  }
  return namespaced;
}

/**
 * Picks the entry for a repository ("quay.io/org/app"): the longest namespace prefix wins
 * ("quay.io/org/app", then "quay.io/org"), then the host-level rules of {@link findByHost}.
 */
export function findByRepository<T extends { readonly key: string }>(
  entries: readonly T[],
  repository: string,
  preferredKeys: readonly string[] = [],
): T | undefined {
  const { host, namespace } = parseRegistryKey(repository);
  const segments = namespace?.split('/') ?? [];
  for (let n = segments.length; n > 0; n--) {
    const prefix = segments.slice(0, n).join('/');
    const match = entries.find((e) => {
      const parsed = parseRegistryKey(e.key);
      return parsed.host === host && parsed.namespace === prefix;
    });
    if (match) return match;
  }
  return findByHost(entries, host, preferredKeys);
}

/** The server address Docker uses for a host: its login key and what it writes to a helper's stdin. */
export function dockerServerAddress(host: string): string {
  return host === DOCKER_HUB ? DOCKER_HUB_SERVER_ADDRESS : host;
}
