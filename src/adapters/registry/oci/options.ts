/** OciRegistry construction options, and the defaults that depend on the host. */
import type { CredentialSource } from '../../../ports/credentials.js';
import type { Logger } from '../../../ports/logger.js';
import type { Platform } from '../../../ports/registry.js';
import type { HostOptions } from './hosts.js';
import type { RequestEvent } from './http.js';
import { hostPlatform } from './platform.js';

export interface OciRegistryOptions {
  readonly credentials: CredentialSource;
  /** Per registry host (`docker.io`, `localhost:5000`): plain HTTP, CA bundle, concurrency, mirror. */
  readonly hosts?: Readonly<Record<string, HostOptions>>;
  /** Platform picked out of indexes (default: linux + the host's architecture). */
  readonly platform?: Platform;
  /** Concurrent requests per registry (default 8). */
  readonly concurrency?: number;
  /** Per request: time to response headers, and longest pause while reading a body (default 30 000). */
  readonly timeoutMs?: number;
  /** Retries after network errors, truncated bodies, 5xx and 429 (default 3). */
  readonly retries?: number;
  /** Backoff base: full jitter over base·2^attempt, capped at 10 s (default 200). */
  readonly retryBaseMs?: number;
  /** A Retry-After longer than this is not waited for: the request fails at once (default 60 000). */
  readonly maxRetryAfterMs?: number;
  readonly logger?: Logger;
  readonly onRequest?: (e: RequestEvent) => void;
  readonly userAgent?: string;
  /** `n` for tag listing pages (default 1000). */
  readonly tagPageSize?: number;
  /** Chunk size of streamed uploads (default 16 MiB; also the memory bound per upload). */
  readonly uploadChunkSize?: number;
  /** Repositories per batched token request (default 25). */
  readonly maxScopesPerToken?: number;
  /** Blobs transferred at once per copyImage (default min(4, concurrency)). */
  readonly copyConcurrency?: number;
  /** Test seams: clock, sleep and randomness of the retry logic and token cache. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export function defaultPlatform(): Platform {
  const variables = (process.config as { variables?: Record<string, unknown> }).variables;
  const armVersion = variables?.['arm_version'];
  return hostPlatform(
    process.arch,
    typeof armVersion === 'string' || typeof armVersion === 'number' ? armVersion : undefined,
  );
}
