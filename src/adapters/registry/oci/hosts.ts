/** Which origin serves a registry name, over which scheme, with which TLS roots and concurrency. */

export interface HostOptions {
  /** Plain HTTP (a registry without TLS). Default: true for loopback hosts without `ca`, else false. */
  readonly insecure?: boolean;
  /** PEM bundle of extra CA certificates to trust for this host. */
  readonly ca?: string | Buffer;
  /** Concurrent requests to this registry (default: the client's `concurrency`). */
  readonly concurrency?: number;
  /** A pull-through mirror (`https://mirror.example` or `mirror.example:5000`) used for reads. */
  readonly mirror?: string;
}

export interface Endpoint {
  /** The registry name requests are for: errors, events, credentials and rate limits use it. */
  readonly registry: string;
  /** `https://registry-1.docker.io`, `http://127.0.0.1:5000`. */
  readonly origin: string;
  readonly ca?: string | Buffer;
  readonly concurrency: number;
}

const DOCKER_HUB_ALIASES = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);

/** Lower-cases a registry name and folds Docker Hub's aliases into `docker.io`. */
export function normalizeRegistryName(registry: string): string {
  const lower = registry.trim().toLowerCase().replace(/\/+$/, '');
  return DOCKER_HUB_ALIASES.has(lower) ? 'docker.io' : lower;
}

/** `host`, `host:port`, `[::1]:5000` → host without port or brackets. */
export function hostnameOf(hostport: string): string {
  if (hostport.startsWith('[')) return hostport.slice(1, hostport.indexOf(']'));
  const colons = hostport.split(':').length - 1;
  if (colons > 1) return hostport; // a bare IPv6 address
  return hostport.split(':')[0]!;
}

/** localhost, 127.0.0.0/8 and ::1: Docker talks plain HTTP to these without configuration. */
export function isLoopbackHost(hostport: string): boolean {
  const host = hostnameOf(hostport).toLowerCase();
  if (host === 'localhost' || host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The API host of a registry name: Docker Hub's API lives on registry-1.docker.io. */
export function apiHost(registry: string): string {
  return normalizeRegistryName(registry) === 'docker.io' ? 'registry-1.docker.io' : registry.toLowerCase();
}

export function hostOptionsFor(registry: string, hosts: Readonly<Record<string, HostOptions>>): HostOptions {
  const name = normalizeRegistryName(registry);
  for (const [key, options] of Object.entries(hosts)) if (normalizeRegistryName(key) === name) return options;
  return {};
}

export function endpointFor(
  registry: string,
  hosts: Readonly<Record<string, HostOptions>>,
  defaultConcurrency: number,
): Endpoint {
  const name = normalizeRegistryName(registry);
  const options = hostOptionsFor(name, hosts);
  const host = apiHost(name);
  // Like Docker, loopback registries speak plain HTTP, unless configured otherwise (insecure: false, or a CA).
  const plain = options.insecure ?? (options.ca === undefined && isLoopbackHost(host));
  const scheme = plain ? 'http' : 'https';
  return {
    registry: name,
    origin: `${scheme}://${host}`,
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
    concurrency: Math.max(1, options.concurrency ?? defaultConcurrency),
  };
}

/** The endpoint of a configured mirror, or null. A mirror is itself a registry (its own host options apply). */
export function mirrorEndpointFor(
  registry: string,
  hosts: Readonly<Record<string, HostOptions>>,
  defaultConcurrency: number,
): Endpoint | null {
  const mirror = hostOptionsFor(registry, hosts).mirror;
  if (!mirror) return null;
  const url = /^https?:\/\//i.test(mirror) ? new URL(mirror) : null;
  const host = url ? url.host : mirror.replace(/\/+$/, '');
  const endpoint = endpointFor(host, hosts, defaultConcurrency);
  return url ? { ...endpoint, origin: `${url.protocol}//${url.host}` } : endpoint;
}
