import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Credential, CredentialSource } from '../../../ports/credentials.js';
import { ShipshapeError } from '../../../core/errors.js';
import { Memo } from '../internal/memo.js';
import { parseRegistryKey, registryHost } from '../internal/registry-key.js';
import { toCredential } from '../internal/secret-credential.js';

const SOURCE = 'credentials:static';

/**
 * Credentials for one registry in Shipshape's configuration. A secret comes from exactly one of a
 * literal, an environment variable or a file (a mounted secret; one trailing newline is dropped).
 * `password` goes with `username` (basic auth); `token` is a ready bearer token sent as-is.
 */
export interface StaticCredentialEntry {
  readonly username?: string;
  readonly password?: string;
  readonly passwordEnv?: string;
  readonly passwordFile?: string;
  readonly token?: string;
  readonly tokenEnv?: string;
  readonly tokenFile?: string;
}

/** Keyed by registry host ("ghcr.io", "localhost:5000"; Docker Hub as "docker.io" or an alias). */
export type StaticCredentialConfig = Readonly<Record<string, StaticCredentialEntry>>;

export interface StaticCredentialSourceOptions {
  /** Where passwordEnv/tokenEnv are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Relative passwordFile/tokenFile paths resolve against this (the config file's folder); default cwd. */
  baseDir?: string;
}

type SecretSpec =
  { kind: 'literal'; value: string } | { kind: 'env'; name: string } | { kind: 'file'; path: string };

interface Resolvable {
  readonly key: string;
  readonly username: string | undefined;
  readonly password: SecretSpec | undefined;
  readonly token: SecretSpec | undefined;
}

/**
 * Credentials written in Shipshape's configuration. The shape is checked when constructed; env vars
 * and files are read on first use, so one registry's missing secret does not break the others.
 * Errors name the registry and the variable or file, never a value.
 */
export class StaticCredentialSource implements CredentialSource {
  readonly #entries = new Map<string, Resolvable>();
  readonly #env: NodeJS.ProcessEnv;
  readonly #baseDir: string;
  readonly #answers = new Memo<Credential | null>();

  constructor(config: StaticCredentialConfig, options: StaticCredentialSourceOptions = {}) {
    this.#env = options.env ?? process.env;
    this.#baseDir = options.baseDir ?? process.cwd();
    for (const [key, entry] of Object.entries(config)) {
      const { host, namespace } = parseRegistryKey(key);
      if (host === '' || namespace !== undefined) {
        throw invalid(key, 'use a registry host such as "ghcr.io" or "localhost:5000" as the key');
      }
      const previous = this.#entries.get(host);
      if (previous) {
        throw invalid(key, `names the same registry as ${JSON.stringify(previous.key)}; keep one`);
      }
      this.#entries.set(host, checkEntry(key, entry));
    }
  }

  get(registry: string): Promise<Credential | null> {
    const entry = this.#entries.get(registryHost(registry));
    if (!entry) return Promise.resolve(null);
    return this.#answers.get(entry.key, async () => {
      const [password, token] = await Promise.all([
        entry.password && this.#secret(entry.key, entry.password, 'password'),
        entry.token && this.#secret(entry.key, entry.token, 'token'),
      ]);
      return toCredential({ username: entry.username, password, registryToken: token });
    });
  }

  async #secret(key: string, spec: SecretSpec, field: 'password' | 'token'): Promise<string> {
    switch (spec.kind) {
      case 'literal':
        return spec.value;
      case 'env': {
        const value = this.#env[spec.name];
        if (!value) {
          throw invalid(
            key,
            `environment variable ${spec.name} (${field}Env) is not set or empty; set it or change the configuration`,
          );
        }
        return value;
      }
      case 'file': {
        const path = resolve(this.#baseDir, spec.path);
        let text: string;
        try {
          text = await readFile(path, 'utf8');
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
          throw invalid(
            key,
            `cannot read ${path} (${field}File, ${code}); create it or change the configuration`,
            error,
          );
        }
        const value = text.replace(/\r?\n$/, '');
        if (value === '') throw invalid(key, `${path} (${field}File) is empty`);
        return value;
      }
    }
  }
}

const CREDENTIAL_FIELDS = [
  'username',
  'password',
  'passwordEnv',
  'passwordFile',
  'token',
  'tokenEnv',
  'tokenFile',
] as const;

function checkEntry(key: string, entry: unknown): Resolvable {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw invalid(key, 'must be an object');
  }
  const fields = entry as Record<string, unknown>;
  // Other fields (a registry's `insecure`, `ca`, …) belong to other consumers of the same config section.
  for (const name of CREDENTIAL_FIELDS) {
    const value = fields[name];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw invalid(key, `${name} must be a non-empty string`);
    }
  }
  const str = (name: (typeof CREDENTIAL_FIELDS)[number]): string | undefined =>
    fields[name] as string | undefined;
  const password = secretSpec(key, 'password', str('password'), str('passwordEnv'), str('passwordFile'));
  const token = secretSpec(key, 'token', str('token'), str('tokenEnv'), str('tokenFile'));
  const username = str('username');
  if (password && !username) throw invalid(key, 'a password needs a username');
  if (!password && !token) {
    throw invalid(key, 'set a password (password, passwordEnv or passwordFile, with username) or a token');
  }
  return { key, username, password, token };
}

function secretSpec(
  key: string,
  field: 'password' | 'token',
  literal: string | undefined,
  envName: string | undefined,
  file: string | undefined,
): SecretSpec | undefined {
  const given = [literal, envName, file].filter((v) => v !== undefined).length;
  if (given > 1) throw invalid(key, `set only one of ${field}, ${field}Env, ${field}File`);
  if (literal !== undefined) return { kind: 'literal', value: literal };
  if (envName !== undefined) return { kind: 'env', name: envName };
  if (file !== undefined) return { kind: 'file', path: file };
  return undefined;
}

function invalid(key: string, what: string, cause?: unknown): ShipshapeError {
  return new ShipshapeError('CONFIG_INVALID', SOURCE, `credentials for ${JSON.stringify(key)}: ${what}`, {
    cause,
  });
}
