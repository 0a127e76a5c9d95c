/**
 * Typed errors shared by every layer. Expected outcomes are results, not exceptions;
 * these are for I/O failures and invalid input. Messages are prefixed with their source
 * (`[registry:ghcr.io] …`) and never contain secrets.
 */
export type ErrorCode =
  | 'REGISTRY_UNAVAILABLE' // network error, timeout, 5xx, 429: retryable
  | 'AUTH_FAILED' // 401/403 after trying the credentials we have
  | 'NOT_FOUND' // repository, tag, manifest or blob does not exist
  | 'MALFORMED_RESPONSE' // garbage JSON, truncated body, digest mismatch
  | 'UNSUPPORTED' // a media type or feature we do not handle
  | 'INVALID_REFERENCE' // an image reference that does not parse
  | 'CONFIG_INVALID' // configuration or label values that do not validate
  | 'USAGE' // bad command-line usage
  | 'IO_FAILED'; // local file system or process failure

export class ShipshapeError extends Error {
  readonly code: ErrorCode;
  /** Where it came from, e.g. `registry:ghcr.io`; also the message prefix. */
  readonly source: string;
  readonly retryable: boolean;

  constructor(
    code: ErrorCode,
    source: string,
    message: string,
    options?: { cause?: unknown; retryable?: boolean },
  ) {
    super(
      source ? `[${source}] ${message}` : message,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'ShipshapeError';
    this.code = code;
    this.source = source;
    this.retryable = options?.retryable ?? code === 'REGISTRY_UNAVAILABLE';
  }
}

export function isShipshapeError(e: unknown, code?: ErrorCode): e is ShipshapeError {
  return e instanceof ShipshapeError && (code === undefined || e.code === code);
}
