import type { Credential } from '../ports/credentials.js';

const REDACTED = '[redacted]';

/** Hides secrets from JSON, string and `util.inspect` forms, so printing a config never shows them. */
class ConfigCredential implements Credential {
  readonly username?: string;
  readonly password?: string;
  readonly registryToken?: string;

  constructor(fields: {
    username?: string | undefined;
    password?: string | undefined;
    registryToken?: string | undefined;
  }) {
    if (fields.username) this.username = fields.username;
    if (fields.password) this.password = fields.password;
    if (fields.registryToken) this.registryToken = fields.registryToken;
    Object.freeze(this);
  }

  toJSON(): Record<string, string> {
    const out: Record<string, string> = {};
    if (this.username !== undefined) out.username = this.username;
    if (this.password !== undefined) out.password = REDACTED;
    if (this.registryToken !== undefined) out.registryToken = REDACTED;
    return out;
  }

  toString(): string {
    return `Credential(${Object.entries(this.toJSON())
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): Record<string, string> {
    return this.toJSON();
  }
}

/** A credential from config fields, or null when there is no secret to send. */
export function configCredential(fields: {
  username?: string | undefined;
  password?: string | undefined;
  registryToken?: string | undefined;
}): Credential | null {
  if (!fields.password && !fields.registryToken) return null;
  return new ConfigCredential(fields);
}
