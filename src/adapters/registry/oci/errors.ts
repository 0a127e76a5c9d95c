/** Typed registry errors: `[registry:<host>] …`, with the registry's own error codes when it sent them. */
import { ShipshapeError, type ErrorCode } from '../../../core/errors.js';

export type RequestKind = 'ping' | 'token' | 'tags' | 'manifest' | 'blob' | 'upload' | 'referrers' | 'other';

export interface RegistryErrorEntry {
  readonly code: string;
  readonly message: string;
}

export function registryError(
  registry: string,
  code: ErrorCode,
  message: string,
  options?: { cause?: unknown; retryable?: boolean },
): ShipshapeError {
  return new ShipshapeError(code, `registry:${registry}`, message, options);
}

/** `{"errors":[{"code":"MANIFEST_UNKNOWN","message":"…"}]}` (distribution spec), or OAuth `{"error":…}`. */
export function parseErrorBody(bytes: Uint8Array | undefined): RegistryErrorEntry[] {
  if (!bytes || bytes.byteLength === 0 || bytes.byteLength > 256 * 1024) return [];
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return [];
  }
  if (typeof json !== 'object' || json === null) return [];
  const o = json as Record<string, unknown>;
  const out: RegistryErrorEntry[] = [];
  if (Array.isArray(o['errors'])) {
    for (const e of o['errors'] as unknown[]) {
      if (typeof e !== 'object' || e === null) continue;
      const code = (e as Record<string, unknown>)['code'];
      const message = (e as Record<string, unknown>)['message'];
      out.push({
        code: typeof code === 'string' ? code : 'UNKNOWN',
        message: typeof message === 'string' ? message : '',
      });
    }
  } else if (typeof o['error'] === 'string') {
    const description = o['error_description'];
    out.push({ code: o['error'], message: typeof description === 'string' ? description : '' });
  }
  return out;
}

export function describeErrorEntries(entries: readonly RegistryErrorEntry[]): string {
  return entries
    .slice(0, 3)
    .map((e) => (e.message ? `${e.code}: ${e.message}` : e.code).slice(0, 200))
    .join('; ');
}

const NOT_FOUND_CODES: Readonly<Record<string, string>> = {
  NAME_UNKNOWN: 'repository',
  MANIFEST_UNKNOWN: 'manifest',
  BLOB_UNKNOWN: 'blob',
  MANIFEST_BLOB_UNKNOWN: 'blob',
  BLOB_UPLOAD_UNKNOWN: 'upload session',
};

/**
 * The error for a non-success status that the transport did not handle itself. `subject` names what was
 * asked for (`manifest app:1.0`, `blob app@sha256:…`) so a 404 says which thing is missing.
 */
export function errorForStatus(
  registry: string,
  status: number,
  context: {
    kind: RequestKind;
    subject: string;
    repository?: string;
    body?: Uint8Array | undefined;
    cause?: unknown;
  },
): ShipshapeError {
  const entries = parseErrorBody(context.body);
  const detail = entries.length > 0 ? ` (${describeErrorEntries(entries)})` : '';
  const codes = new Set(entries.map((e) => e.code));
  const options = context.cause === undefined ? undefined : { cause: context.cause };
  const missing = entries.map((e) => NOT_FOUND_CODES[e.code]).find((what) => what !== undefined);
  if (status === 404 || missing !== undefined) {
    let what: string;
    if (codes.has('NAME_UNKNOWN') && context.repository !== undefined)
      what = `repository ${context.repository}`;
    else if (missing !== undefined && missing !== 'repository')
      what = context.subject.startsWith(missing) ? context.subject : `${missing} of ${context.subject}`;
    else what = context.subject;
    return registryError(registry, 'NOT_FOUND', `${what} not found${detail}`, options);
  }
  if (status === 401 || status === 403 || codes.has('UNAUTHORIZED') || codes.has('DENIED')) {
    return registryError(
      registry,
      'AUTH_FAILED',
      `access to ${context.subject} denied (HTTP ${status})${detail}`,
      options,
    );
  }
  if (status === 429 || status >= 500 || status === 408) {
    return registryError(registry, 'REGISTRY_UNAVAILABLE', `${context.subject}: HTTP ${status}${detail}`, {
      ...options,
      retryable: true,
    });
  }
  if (status === 405 || status === 501 || codes.has('UNSUPPORTED')) {
    return registryError(
      registry,
      'UNSUPPORTED',
      `${context.subject}: not supported by this registry (HTTP ${status})${detail}`,
      options,
    );
  }
  return registryError(
    registry,
    'UNSUPPORTED',
    `${context.subject}: registry refused the request (HTTP ${status})${detail}`,
    options,
  );
}

/** Removes known secrets from a message: a last line of defence, messages are built without them. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join('***');
  }
  return out;
}
