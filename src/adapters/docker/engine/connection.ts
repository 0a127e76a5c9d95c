/** Where an engine listens: `unix:///var/run/docker.sock` or `tcp://host:port` (TLS with ca/cert/key). */
import { createRequire } from 'node:module';
import type Docker from 'dockerode';

let dockerode: typeof Docker | undefined;
/**
 * dockerode (with gRPC and ssh2 behind it) costs ~40 MB and a tenth of a second to load: load it only when
 * an engine is actually built, so `check` of files never pays for it. In the bundled CLI
 * (scripts/bundle.mjs) `require` exists and the literal `require('dockerode')` is the bundled copy;
 * unbundled (tsc output, tests) it comes from node_modules.
 */
export function loadDockerode(): typeof Docker {
  dockerode ??= (
    typeof require === 'function'
      ? // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundler's literal require
        require('dockerode')
      : createRequire(import.meta.url)('dockerode')
  ) as typeof Docker;
  return dockerode;
}

export const DEFAULT_DOCKER_URL = 'unix:///var/run/docker.sock';

export interface EngineTls {
  /** PEM contents. */
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

export interface EngineConnection {
  readonly url: string;
  readonly tls?: EngineTls | null;
}

export type ParsedDockerUrl =
  | { readonly kind: 'unix'; readonly socketPath: string }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number | null };

/** Parses a Docker host URL, or returns why it cannot be used. */
export function parseDockerUrl(url: string): ParsedDockerUrl | { readonly error: string } {
  if (url.startsWith('unix://')) {
    const socketPath = url.slice('unix://'.length);
    if (!socketPath.startsWith('/')) return { error: `"${url}": expected unix:///absolute/path.sock` };
    return { kind: 'unix', socketPath };
  }
  const m = /^tcp:\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?\/?$/.exec(url);
  if (m === null) return { error: `"${url}": expected unix:///path/to/docker.sock or tcp://host[:port]` };
  const port = m[2] === undefined ? null : Number(m[2]);
  if (port !== null && (port < 1 || port > 65535)) return { error: `"${url}": invalid port` };
  return { kind: 'tcp', host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

/** dockerode options: a socket, or TCP (HTTPS with client certificates when TLS is given). */
export function dockerodeOptions(connection: EngineConnection): Docker.DockerOptions {
  const parsed = parseDockerUrl(connection.url);
  if ('error' in parsed) throw new Error(parsed.error);
  if (parsed.kind === 'unix') return { socketPath: parsed.socketPath };
  const tls = connection.tls ?? null;
  return {
    host: parsed.host,
    port: parsed.port ?? (tls !== null ? 2376 : 2375),
    protocol: tls !== null ? 'https' : 'http',
    ...(tls !== null ? { ca: tls.ca, cert: tls.cert, key: tls.key } : {}),
  };
}
