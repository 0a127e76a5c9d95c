import { inspect } from 'node:util';
import type { Credential } from '../../../ports/credentials.js';

const REDACTED = '[redacted]';

/** Describes a credential without its secrets: safe for logs, errors and debug output. */
export function describeCredential(credential: Credential): Record<string, string> {
  const out: Record<string, string> = {};
  if (credential.username !== undefined) out.username = credential.username;
  if (credential.password !== undefined) out.password = REDACTED;
  if (credential.identityToken !== undefined) out.identityToken = REDACTED;
  if (credential.registryToken !== undefined) out.registryToken = REDACTED;
  return out;
}

/**
 * A frozen credential whose JSON, string and `util.inspect` forms hide the secrets. The fields stay
 * plain enumerable properties so consumers read them as usual; copying them out (spread,
 * Object.entries) is the consumer's responsibility.
 */
class SecretCredential implements Credential {
  readonly username?: string;
  readonly password?: string;
  readonly identityToken?: string;
  readonly registryToken?: string;

  constructor(fields: Credential) {
    if (fields.username !== undefined) this.username = fields.username;
    if (fields.password !== undefined) this.password = fields.password;
    if (fields.identityToken !== undefined) this.identityToken = fields.identityToken;
    if (fields.registryToken !== undefined) this.registryToken = fields.registryToken;
    Object.freeze(this);
  }

  toJSON(): Record<string, string> {
    return describeCredential(this);
  }

  toString(): string {
    const parts = Object.entries(describeCredential(this)).map(([k, v]) => `${k}=${v}`);
    return `Credential(${parts.join(', ')})`;
  }

  [inspect.custom](): Record<string, string> {
    return describeCredential(this);
  }
}

/**
 * Builds the credential callers receive, dropping empty fields; null when nothing usable is left
 * (a username alone cannot authenticate).
 */
export function toCredential(fields: {
  username?: string | undefined;
  password?: string | undefined;
  identityToken?: string | undefined;
  registryToken?: string | undefined;
}): Credential | null {
  const nonEmpty = (v: string | undefined): string | undefined =>
    v === undefined || v === '' ? undefined : v;
  const credential: Credential = {
    username: nonEmpty(fields.username),
    password: nonEmpty(fields.password),
    identityToken: nonEmpty(fields.identityToken),
    registryToken: nonEmpty(fields.registryToken),
  };
  if (!credential.password && !credential.identityToken && !credential.registryToken) return null;
  return new SecretCredential(credential);
}
