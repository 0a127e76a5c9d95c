/** Engine failures as typed ShipshapeErrors, prefixed `[docker:<host>]`. */
import { ShipshapeError, isShipshapeError, type ErrorCode } from '../../../core/errors.js';

interface DockerodeError {
  readonly statusCode?: number;
  readonly code?: string;
  readonly json?: { readonly message?: string } | string | null;
  readonly reason?: string;
  readonly message?: string;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOENT',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EPIPE',
]);

/** What the engine said, without dockerode's "(HTTP code 404) no such container - " prefix. */
export function engineMessage(e: unknown): string {
  const err = (e ?? {}) as DockerodeError;
  if (typeof err.json === 'object' && err.json !== null && typeof err.json.message === 'string')
    return err.json.message.trim();
  if (typeof err.json === 'string' && err.json.trim() !== '') return err.json.trim();
  return (err.message ?? String(e)).replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}

/** A pull or push error text (from the status code or the progress stream) → its code. */
export function registryErrorCode(message: string): ErrorCode | null {
  if (
    /unauthorized|authentication required|no basic auth credentials|denied|forbidden|\b401\b|\b403\b/i.test(
      message,
    )
  )
    return /repository does not exist/i.test(message) ? 'NOT_FOUND' : 'AUTH_FAILED';
  if (/not found|manifest unknown|name unknown|no such image|does not exist/i.test(message))
    return 'NOT_FOUND';
  if (/connection refused|timeout|i\/o timeout|no such host|TLS handshake|unavailable|EOF/i.test(message))
    return 'REGISTRY_UNAVAILABLE';
  return null;
}

export function engineError(host: string, operation: string, e: unknown, registry = false): ShipshapeError {
  if (isShipshapeError(e)) return e;
  const source = `docker:${host}`;
  const err = (e ?? {}) as DockerodeError;
  const text = engineMessage(e);
  if (err.code !== undefined && CONNECTION_CODES.has(err.code))
    return new ShipshapeError(
      'REGISTRY_UNAVAILABLE',
      source,
      `${operation}: cannot reach the engine (${text})`,
      {
        cause: e,
      },
    );
  if (err.code === 'EACCES')
    return new ShipshapeError(
      'IO_FAILED',
      source,
      `${operation}: permission denied on the engine socket (${text})`,
      {
        cause: e,
      },
    );
  const status = err.statusCode;
  let code: ErrorCode = 'IO_FAILED';
  if (registry) code = registryErrorCode(text) ?? (status === 404 ? 'NOT_FOUND' : 'IO_FAILED');
  else if (status === 404) code = 'NOT_FOUND';
  else if (status === 400) code = 'CONFIG_INVALID';
  else if (status === 502 || status === 503) code = 'REGISTRY_UNAVAILABLE';
  return new ShipshapeError(code, source, `${operation}: ${text}`, { cause: e });
}

export function statusOf(e: unknown): number | undefined {
  return (e as DockerodeError | null)?.statusCode;
}
