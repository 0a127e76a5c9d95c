import type { RegistryCredentialSpec } from './types.js';

const REDACTED = '[redacted]';

/**
 * Where a registry's secret comes from, as the static credential source reads it. Frozen; its JSON
 * and inspect forms hide an inline token, so printing a NormalizedConfig never shows a secret.
 */
class CredentialSpec implements RegistryCredentialSpec {
  readonly username?: string;
  readonly passwordEnv?: string;
  readonly passwordFile?: string;
  readonly token?: string;
  readonly tokenEnv?: string;
  readonly tokenFile?: string;

  constructor(fields: RegistryCredentialSpec) {
    Object.assign(this, Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
    Object.freeze(this);
  }

  toJSON(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(this) as [string, string][])
      out[key] = key === 'token' ? REDACTED : value;
    return out;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): Record<string, string> {
    return this.toJSON();
  }
}

export function credentialSpec(fields: RegistryCredentialSpec): RegistryCredentialSpec {
  return new CredentialSpec(fields);
}
