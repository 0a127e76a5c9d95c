/**
 * Downloads one file to disk with progress and verification: the body is streamed to a file while its
 * MD5 and SHA-256 are computed, its length is checked against Content-Length, and the digest is checked
 * against `x-goog-hash: md5=…` (Google Cloud Storage, where OSV publishes), `Content-MD5`, or else a
 * `<url>.sha256` sidecar when the server has one (mirrors).
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { ShipshapeError } from '../../core/errors.js';
import { SOURCE } from './schema.js';

/** The part of `fetch` the loaders use; undici's and Node's global fetch both fit. */
export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export interface DownloadOptions {
  readonly url: string;
  readonly dest: string;
  readonly fetch: FetchLike;
  readonly onProgress?: (bytes: number, total: number | null) => void;
  /** Abort when no byte arrives for this long (ms). */
  readonly idleTimeoutMs: number;
  /** What to call the file in messages, e.g. `the OSV export for ecosystem "Debian"`. */
  readonly what: string;
}

export interface Downloaded {
  readonly bytes: number;
  /** How the content was verified: `x-goog-hash md5`, `Content-MD5`, `sha256 sidecar`, or `length only`. */
  readonly verifiedBy: string;
}

function causeText(e: unknown): string {
  const error = e as Error & { cause?: { code?: string; message?: string } };
  const cause = error.cause;
  if (cause && typeof cause === 'object') return cause.code ?? cause.message ?? error.message;
  return error.message;
}

/** A fetch that aborts when the server goes quiet; `touch()` re-arms the timer on each chunk. */
function idleGuard(timeoutMs: number): { signal: AbortSignal; touch(): void; stop(): void } {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const touch = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error(`no data for ${timeoutMs} ms`)), timeoutMs);
  };
  touch();
  return { signal: controller.signal, touch, stop: () => clearTimeout(timer) };
}

function statusError(url: string, what: string, status: number): ShipshapeError {
  if (status === 404) {
    return new ShipshapeError(
      'NOT_FOUND',
      SOURCE,
      `${url} returned 404: ${what} does not exist there (check the ecosystem name and the base URL)`,
    );
  }
  if (status === 401 || status === 403) {
    return new ShipshapeError(
      'AUTH_FAILED',
      SOURCE,
      `${url} returned ${status}: access to ${what} was refused`,
    );
  }
  const retryable = status === 429 || status >= 500;
  return new ShipshapeError(
    retryable ? 'REGISTRY_UNAVAILABLE' : 'MALFORMED_RESPONSE',
    SOURCE,
    `${url} returned HTTP ${status} for ${what}`,
    { retryable },
  );
}

function headerMd5(headers: Headers): { expected: string; header: string } | null {
  // Digests describe the stored bytes; a transfer encoding the client undid would not match them.
  if (headers.get('content-encoding') !== null) return null;
  const goog = headers.get('x-goog-hash');
  const fromGoog = goog
    ?.split(',')
    .map((part) => part.trim())
    .find((part) => part.startsWith('md5='))
    ?.slice(4);
  if (fromGoog) return { expected: fromGoog, header: 'x-goog-hash md5' };
  const contentMd5 = headers.get('content-md5');
  return contentMd5 ? { expected: contentMd5.trim(), header: 'Content-MD5' } : null;
}

/** The `<url>.sha256` sidecar (`<hex>` or `<hex>  <file name>`), or null when the server has none. */
async function sidecarSha256(url: string, fetch: FetchLike, timeoutMs: number): Promise<string | null> {
  try {
    const response = await fetch(`${url}.sha256`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) {
      await response.body?.cancel();
      return null;
    }
    const text = (await response.text()).trim();
    const hex = /^[0-9a-fA-F]{64}\b/.exec(text)?.[0];
    return hex?.toLowerCase() ?? null;
  } catch {
    return null; // a missing sidecar is the normal case; the zip's own CRCs are still checked
  }
}

export async function downloadToFile(options: DownloadOptions): Promise<Downloaded> {
  const { url, dest, what } = options;
  const guard = idleGuard(options.idleTimeoutMs);
  let response: Response;
  try {
    response = await options.fetch(url, { signal: guard.signal });
  } catch (e) {
    guard.stop();
    throw new ShipshapeError(
      'REGISTRY_UNAVAILABLE',
      SOURCE,
      `cannot download ${what} from ${url}: ${causeText(e)}`,
      { cause: e },
    );
  }
  if (!response.ok || response.body === null) {
    guard.stop();
    await response.body?.cancel().catch(() => undefined);
    throw statusError(url, what, response.status);
  }

  const lengthHeader = response.headers.get('content-length');
  const total = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
  const md5 = createHash('md5');
  const sha256 = createHash('sha256');
  let bytes = 0;
  const file = await open(dest, 'w');
  try {
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      guard.touch();
      md5.update(chunk);
      sha256.update(chunk);
      await file.write(chunk);
      bytes += chunk.byteLength;
      options.onProgress?.(bytes, total);
    }
    await file.sync();
  } catch (e) {
    throw new ShipshapeError(
      'REGISTRY_UNAVAILABLE',
      SOURCE,
      `the download of ${what} from ${url} broke off after ${bytes} bytes: ${causeText(e)}`,
      { cause: e },
    );
  } finally {
    guard.stop();
    await file.close();
  }

  if (total !== null && bytes !== total) {
    throw new ShipshapeError(
      'MALFORMED_RESPONSE',
      SOURCE,
      `${url} sent ${bytes} bytes of ${what} but announced ${total}`,
      { retryable: true },
    );
  }
  const fromHeader = headerMd5(response.headers);
  if (fromHeader !== null) {
    const actual = md5.digest('base64');
    if (actual !== fromHeader.expected) {
      throw new ShipshapeError(
        'MALFORMED_RESPONSE',
        SOURCE,
        `${url}: ${what} does not match its ${fromHeader.header} (expected ${fromHeader.expected}, got ${actual})`,
        { retryable: true },
      );
    }
    return { bytes, verifiedBy: fromHeader.header };
  }
  const expected = await sidecarSha256(url, options.fetch, options.idleTimeoutMs);
  if (expected !== null) {
    const actual = sha256.digest('hex');
    if (actual !== expected) {
      throw new ShipshapeError(
        'MALFORMED_RESPONSE',
        SOURCE,
        `${url}: ${what} does not match ${url}.sha256 (expected ${expected}, got ${actual})`,
        { retryable: true },
      );
    }
    return { bytes, verifiedBy: 'sha256 sidecar' };
  }
  return { bytes, verifiedBy: 'length only' };
}
