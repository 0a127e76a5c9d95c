import type { Credential } from '../../../ports/credentials.js';
import { ShipshapeError } from '../../../core/errors.js';
import { isRecord } from './json-file.js';
import { toCredential } from './secret-credential.js';

/** One `auths` entry, decoded. `credential` is null for entries without secrets (`{}` under credsStore). */
export interface AuthEntry {
  readonly key: string;
  readonly credential: Credential | null;
}

/** One `credHelpers` entry: registry key → helper suffix (`docker-credential-<helper>`). */
export interface HelperEntry {
  readonly key: string;
  readonly helper: string;
}

interface Where {
  /** A file path or "$DOCKER_AUTH_CONFIG": named in errors so the user knows what to fix. */
  readonly origin: string;
  readonly source: string;
}

const STRING_FIELDS = ['auth', 'username', 'password', 'identitytoken', 'registrytoken'] as const;

/**
 * Decodes Docker's `auths` map (config.json and containers-auth.json share it). Errors name the file,
 * the key and the field, never a value.
 */
export function parseAuths(value: unknown, where: Where): AuthEntry[] {
  if (value === undefined || value === null) return [];
  if (!isRecord(value)) throw invalid(where, '"auths" must be an object keyed by registry');
  return Object.entries(value).map(([key, raw]) => {
    if (!isRecord(raw)) throw invalid(where, `auths[${JSON.stringify(key)}] must be an object`);
    const fields: Partial<Record<(typeof STRING_FIELDS)[number], string>> = {};
    for (const field of STRING_FIELDS) {
      const v = raw[field];
      if (v === undefined || v === null) continue;
      if (typeof v !== 'string') {
        throw invalid(where, `auths[${JSON.stringify(key)}].${field} must be a string`);
      }
      fields[field] = v;
    }
    let { username, password } = fields;
    if (fields.auth) {
      // As in Docker, a non-empty "auth" wins over separate username/password fields.
      const decoded = decodeAuth(fields.auth);
      if (!decoded) {
        throw invalid(
          where,
          `auths[${JSON.stringify(key)}].auth is not base64 of "username:password"; log in to ${key} again or fix the entry`,
        );
      }
      ({ username, password } = decoded);
    }
    return {
      key,
      credential: toCredential({
        username,
        password,
        identityToken: fields.identitytoken,
        registryToken: fields.registrytoken,
      }),
    };
  });
}

export function parseCredHelpers(value: unknown, where: Where): HelperEntry[] {
  if (value === undefined || value === null) return [];
  if (!isRecord(value)) {
    throw invalid(where, '"credHelpers" must be an object mapping registry to helper name');
  }
  return Object.entries(value).map(([key, helper]) => {
    if (typeof helper !== 'string') {
      throw invalid(
        where,
        `credHelpers[${JSON.stringify(key)}] must be a string (a docker-credential-* suffix)`,
      );
    }
    return { key, helper };
  });
}

/** Decodes base64 "user:password"; the password may itself contain ':' (split on the first only). */
export function decodeAuth(auth: string): { username: string; password: string } | undefined {
  const compact = auth.trim();
  // Buffer.from ignores garbage silently, so check the alphabet first (standard or URL-safe, padding optional).
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(compact)) return undefined;
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  // Docker trims NUL padding some old writers appended.
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1).replace(/\0+$/, '') };
}

function invalid(where: Where, what: string): ShipshapeError {
  return new ShipshapeError('CONFIG_INVALID', where.source, `${where.origin}: ${what}`);
}
