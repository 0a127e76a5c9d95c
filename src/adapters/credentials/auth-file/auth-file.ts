import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Credential, CredentialSource } from '../../../ports/credentials.js';
import { ShipshapeError } from '../../../core/errors.js';
import { parseAuths, parseCredHelpers, type AuthEntry, type HelperEntry } from '../internal/auth-entries.js';
import { DEFAULT_HELPER_TIMEOUT_MS, getFromCredentialHelper } from '../internal/credential-helper.js';
import { isRecord, readJsonFile } from '../internal/json-file.js';
import { Memo } from '../internal/memo.js';
import { findByHost, findByRepository, registryHost } from '../internal/registry-key.js';

const SOURCE = 'credentials:auth-file';

export interface AuthFileCredentialSourceOptions {
  /** One auth.json to read instead of the default search list. */
  path?: string;
  /** Environment for REGISTRY_AUTH_FILE, XDG_RUNTIME_DIR, XDG_CONFIG_HOME and helpers' PATH; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default os.homedir(). */
  homeDir?: string;
  /** How long a credential helper may take; default 30 s. */
  helperTimeoutMs?: number;
}

interface AuthFile {
  readonly path: string;
  readonly auths: readonly AuthEntry[];
  readonly credHelpers: readonly HelperEntry[];
}

/**
 * containers-auth.json(5), as podman, buildah and skopeo write it. Files are searched in the order
 * containers/image uses and the first one with credentials for the host wins:
 * `$REGISTRY_AUTH_FILE` (which, like podman's --authfile, takes the place of the runtime file), else
 * `$XDG_RUNTIME_DIR/containers/auth.json`; then `${XDG_CONFIG_HOME:-~/.config}/containers/auth.json`.
 * (~/.docker/config.json is the docker-config source's job.)
 *
 * Keys may be scoped to a repository namespace ("quay.io/org"). The port looks credentials up by host
 * only, so `get("quay.io")` uses the host-level entry and, when there is none, the first namespaced
 * entry for that host in file order; {@link getForRepository} picks the most specific entry.
 */
export class AuthFileCredentialSource implements CredentialSource {
  /** The files searched, in order (they may not exist). */
  readonly paths: readonly string[];
  readonly #env: NodeJS.ProcessEnv;
  readonly #helperTimeoutMs: number;
  readonly #files = new Memo<AuthFile | undefined>();
  readonly #answers = new Memo<Credential | null>();

  constructor(options: AuthFileCredentialSourceOptions = {}) {
    this.#env = options.env ?? process.env;
    this.#helperTimeoutMs = options.helperTimeoutMs ?? DEFAULT_HELPER_TIMEOUT_MS;
    this.paths = options.path ? [options.path] : defaultPaths(this.#env, options.homeDir ?? homedir());
  }

  /** Credentials for a registry host; namespace-scoped entries are a fallback (see the class comment). */
  get(registry: string): Promise<Credential | null> {
    const host = registryHost(registry);
    if (host === '') {
      return Promise.reject(new ShipshapeError('INVALID_REFERENCE', SOURCE, 'empty registry host'));
    }
    return this.#answers.get(host, () => this.#lookup(host, (entries) => findByHost(entries, host)));
  }

  /** Credentials for a repository ("quay.io/org/app"): the longest matching namespace key wins. */
  getForRepository(repository: string): Promise<Credential | null> {
    // Repository names are lowercase in OCI; folding keeps the cache and the match consistent.
    const name = repository.toLowerCase();
    const host = registryHost(name);
    if (host === '') {
      return Promise.reject(new ShipshapeError('INVALID_REFERENCE', SOURCE, 'empty registry host'));
    }
    return this.#answers.get(`repository:${name}`, () =>
      this.#lookup(host, (entries) => findByRepository(entries, name)),
    );
  }

  async #lookup(
    host: string,
    pick: <T extends { readonly key: string }>(entries: readonly T[]) => T | undefined,
  ): Promise<Credential | null> {
    for (const path of this.paths) {
      const file = await this.#files.get(path, () => loadAuthFile(path));
      if (!file) continue;
      // Helpers in an auth file are keyed by registry host only.
      const helper = findByHost(file.credHelpers, host);
      const credential = helper
        ? await getFromCredentialHelper({
            helper: helper.helper,
            serverUrl: host,
            env: this.#env,
            timeoutMs: this.#helperTimeoutMs,
            source: SOURCE,
            configuredBy: `credHelpers[${JSON.stringify(helper.key)}] in ${path}`,
          })
        : (pick(file.auths)?.credential ?? null);
      if (credential) return credential;
    }
    return null;
  }
}

function defaultPaths(env: NodeJS.ProcessEnv, homeDir: string): string[] {
  const paths: string[] = [];
  const first =
    env.REGISTRY_AUTH_FILE || (env.XDG_RUNTIME_DIR && join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'));
  if (first) paths.push(first);
  paths.push(join(env.XDG_CONFIG_HOME || join(homeDir, '.config'), 'containers', 'auth.json'));
  return paths;
}

async function loadAuthFile(path: string): Promise<AuthFile | undefined> {
  const value = await readJsonFile(path, SOURCE);
  if (value === undefined) return undefined;
  if (!isRecord(value)) {
    throw new ShipshapeError('CONFIG_INVALID', SOURCE, `${path}: must hold a JSON object`);
  }
  const where = { origin: path, source: SOURCE };
  return {
    path,
    auths: parseAuths(value.auths, where),
    credHelpers: parseCredHelpers(value.credHelpers, where),
  };
}
