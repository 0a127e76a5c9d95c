/**
 * Container engine adapters, registered explicitly. `createDockerEngines` builds one engine per configured
 * host (reading TLS files); `localDockerHost` is the zero-configuration host: DOCKER_HOST or the socket.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ShipshapeError } from '../../core/errors.js';
import type { ContainerEngine } from '../../ports/container-engine.js';
import { DEFAULT_DOCKER_URL, parseDockerUrl, type EngineTls } from './engine/connection.js';
import { DockerodeEngine, type DockerodeEngineOptions } from './engine/dockerode-engine.js';

export const ENGINES = {
  dockerode: (options: DockerodeEngineOptions): ContainerEngine => new DockerodeEngine(options),
} as const satisfies Record<string, (options: DockerodeEngineOptions) => ContainerEngine>;

/** A Docker host as configured: TLS files are paths (absolute). */
export interface DockerHostSpec {
  readonly name: string;
  readonly url: string;
  readonly tls: { readonly ca: string; readonly cert: string; readonly key: string } | null;
}

export const LOCAL_HOST_NAME = 'local';

/** The host `docker` itself would use: DOCKER_HOST (with DOCKER_TLS_VERIFY/DOCKER_CERT_PATH), else the socket. */
export function localDockerHost(env: Readonly<Record<string, string | undefined>>): DockerHostSpec {
  const url = env['DOCKER_HOST']?.trim() || DEFAULT_DOCKER_URL;
  const certPath = env['DOCKER_CERT_PATH']?.trim();
  const verify =
    env['DOCKER_TLS_VERIFY'] !== undefined &&
    env['DOCKER_TLS_VERIFY'] !== '' &&
    env['DOCKER_TLS_VERIFY'] !== '0';
  const tls =
    url.startsWith('tcp://') && (verify || certPath)
      ? {
          ca: join(certPath || join(env['HOME'] ?? '', '.docker'), 'ca.pem'),
          cert: join(certPath || join(env['HOME'] ?? '', '.docker'), 'cert.pem'),
          key: join(certPath || join(env['HOME'] ?? '', '.docker'), 'key.pem'),
        }
      : null;
  return { name: LOCAL_HOST_NAME, url, tls };
}

function readTls(host: DockerHostSpec, readFile: (path: string) => string): EngineTls | null {
  if (host.tls === null) return null;
  const read = (field: 'ca' | 'cert' | 'key'): string => {
    const path = host.tls![field];
    try {
      return readFile(path);
    } catch (e) {
      throw new ShipshapeError(
        'CONFIG_INVALID',
        'config',
        `docker.hosts.${host.name}.tls.${field}: cannot read ${path}: ${(e as Error).message}`,
        { cause: e },
      );
    }
  };
  return { ca: read('ca'), cert: read('cert'), key: read('key') };
}

/** One engine per host, in the order given. Throws CONFIG_INVALID for a bad URL or unreadable TLS file. */
export function createDockerEngines(
  hosts: readonly DockerHostSpec[],
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): ContainerEngine[] {
  return hosts.map((host) => {
    const parsed = parseDockerUrl(host.url);
    if ('error' in parsed)
      throw new ShipshapeError('CONFIG_INVALID', 'config', `docker host ${host.name}: ${parsed.error}`);
    return ENGINES.dockerode({ host: host.name, url: host.url, tls: readTls(host, readFile) });
  });
}

export { DockerodeEngine } from './engine/dockerode-engine.js';
export { DEFAULT_DOCKER_URL, parseDockerUrl } from './engine/connection.js';
