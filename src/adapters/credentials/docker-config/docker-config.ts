import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Credential, CredentialSource } from '../../../ports/credentials.js';
import { ShipshapeError } from '../../../core/errors.js';
import { parseAuths, parseCredHelpers, type AuthEntry, type HelperEntry } from '../internal/auth-entries.js';
import { DEFAULT_HELPER_TIMEOUT_MS, getFromCredentialHelper } from '../internal/credential-helper.js';
import { isRecord, parseJson, readJsonFile } from '../internal/json-file.js';
import { Memo } from '../internal/memo.js';
import { dockerServerAddress, findByHost, registryHost } from '../internal/registry-key.js';

const SOURCE = 'credentials:docker-config';
const AUTH_CONFIG_ENV = 'DOCKER_AUTH_CONFIG';

export interface DockerConfigCredentialSourceOptions {
  /** config.json to read; default `$DOCKER_CONFIG/config.json`, else `<homeDir>/.docker/config.json`. */
  path?: string;
  /** Environment for DOCKER_CONFIG, DOCKER_AUTH_CONFIG and the helpers' PATH; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default os.homedir(). */
  homeDir?: string;
  /** How long a credential helper may take; default 30 s. */
  helperTimeoutMs?: number;
}

interface DockerConfig {
  /** From $DOCKER_AUTH_CONFIG: consulted before everything else, as Docker does. */
  readonly envAuths: readonly AuthEntry[];
  readonly auths: readonly AuthEntry[];
  readonly credHelpers: readonly HelperEntry[];
  readonly credsStore: string | undefined;
}

/**
 * Credentials the Docker CLI would use, with Docker's precedence (docker/cli configfile
 * `GetCredentialsStore`):
 * 1. `$DOCKER_AUTH_CONFIG` (`{"auths": …}`), when it has an entry for the host;
 * 2. the helper in `credHelpers[host]`, else the `credsStore` helper — when one applies it is the only
 *    source: "credentials not found" means anonymous even if `auths` has an entry, exactly like Docker;
 * 3. `auths`.
 * Keys match loosely (URL, host, host:port, Docker Hub aliases), preferring the key Docker writes.
 * The file is read once and each host's answer is kept for the instance's lifetime.
 */
export class DockerConfigCredentialSource implements CredentialSource {
  /** The config.json this instance reads (it may not exist). */
  readonly path: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #helperTimeoutMs: number;
  readonly #config = new Memo<DockerConfig>();
  readonly #byHost = new Memo<Credential | null>();

  constructor(options: DockerConfigCredentialSourceOptions = {}) {
    this.#env = options.env ?? process.env;
    const dir = this.#env.DOCKER_CONFIG || join(options.homeDir ?? homedir(), '.docker');
    this.path = options.path ?? join(dir, 'config.json');
    this.#helperTimeoutMs = options.helperTimeoutMs ?? DEFAULT_HELPER_TIMEOUT_MS;
  }

  get(registry: string): Promise<Credential | null> {
    const host = registryHost(registry);
    if (host === '') {
      return Promise.reject(new ShipshapeError('INVALID_REFERENCE', SOURCE, 'empty registry host'));
    }
    return this.#byHost.get(host, () => this.#lookup(host));
  }

  async #lookup(host: string): Promise<Credential | null> {
    const config = await this.#config.get('', () => this.#load());
    const serverAddress = dockerServerAddress(host);

    const fromEnv = findByHost(config.envAuths, host, [serverAddress]);
    if (fromEnv?.credential) return fromEnv.credential;

    const perHost = findByHost(config.credHelpers, host, [serverAddress]);
    // An empty credHelpers value opts the host out of credsStore, back to auths (as in Docker).
    const helper = perHost ? perHost.helper : config.credsStore;
    if (helper) {
      return getFromCredentialHelper({
        helper,
        serverUrl: serverAddress,
        env: this.#env,
        timeoutMs: this.#helperTimeoutMs,
        source: SOURCE,
        configuredBy: perHost
          ? `credHelpers[${JSON.stringify(perHost.key)}] in ${this.path}`
          : `credsStore in ${this.path}`,
      });
    }
    return findByHost(config.auths, host, [serverAddress])?.credential ?? null;
  }

  async #load(): Promise<DockerConfig> {
    const envText = this.#env[AUTH_CONFIG_ENV];
    const envAuths = envText ? parseEnvAuths(envText) : [];

    const where = { origin: this.path, source: SOURCE };
    const file = await readJsonFile(this.path, SOURCE);
    if (file === undefined) return { envAuths, auths: [], credHelpers: [], credsStore: undefined };
    if (!isRecord(file)) {
      throw new ShipshapeError('CONFIG_INVALID', SOURCE, `${this.path}: must hold a JSON object`);
    }
    const credsStore = file.credsStore;
    if (credsStore !== undefined && typeof credsStore !== 'string') {
      throw new ShipshapeError('CONFIG_INVALID', SOURCE, `${this.path}: "credsStore" must be a string`);
    }
    return {
      envAuths,
      auths: parseAuths(file.auths, where),
      credHelpers: parseCredHelpers(file.credHelpers, where),
      credsStore: credsStore || undefined,
    };
  }
}

function parseEnvAuths(text: string): AuthEntry[] {
  const origin = `$${AUTH_CONFIG_ENV}`;
  const value = parseJson(text, origin, SOURCE);
  if (!isRecord(value)) {
    throw new ShipshapeError(
      'CONFIG_INVALID',
      SOURCE,
      `${origin}: must hold a JSON object like {"auths": {…}}`,
    );
  }
  return parseAuths(value.auths, { origin, source: SOURCE });
}
