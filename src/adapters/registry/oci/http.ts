/**
 * The request pipeline every registry call goes through: per-origin concurrency limit, registry auth
 * (probe, preemptive credentials, 401 → token → retry), manual redirects that never carry credentials to
 * another origin, retries with backoff on network errors / 5xx / 429 (honouring Retry-After), rate-limit
 * headers, and sharing of identical in-flight GET/HEAD requests.
 */
import type { ShipshapeError } from '../../../core/errors.js';
import type { Logger } from '../../../ports/logger.js';
import type { RateLimitBudget } from '../../../ports/registry.js';
import type { Authenticator, Authorization } from './auth.js';
import { errorForStatus, registryError, type RequestKind } from './errors.js';
import type { Endpoint } from './hosts.js';
import { Limiter } from './limiter.js';
import { parseRateLimit } from './rate-limit.js';
import { decideRetry, parseRetryAfter } from './retry.js';
import { scopeKey, type ScopeSet } from './scope.js';
import {
  classifyError,
  firstHeader,
  type HttpMethod,
  type RawResponse,
  type RequestBody,
  type Transport,
  TransportError,
} from './transport.js';

export interface RequestEvent {
  readonly registry: string;
  readonly method: string;
  readonly kind: RequestKind;
  readonly status: number;
  readonly ms: number;
  readonly fromCache?: boolean;
}

export interface CallRequest {
  readonly endpoint: Endpoint;
  readonly method: HttpMethod;
  /** Absolute URL, or a path on the endpoint's origin. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: RequestBody | undefined;
  readonly kind: RequestKind;
  /** Token scopes the request needs; null for requests that are not registry API calls (token endpoints). */
  readonly scopes: ScopeSet | null;
  readonly mode?: 'buffer' | 'stream';
  readonly maxBytes?: number;
  /** What is being asked for, for error messages: `manifest app:1.0`. */
  readonly subject: string;
  /** `manual` hands 3xx answers back instead of following them. */
  readonly redirect?: 'follow' | 'manual';
  /** Share identical in-flight requests (default: GET/HEAD in buffer mode). */
  readonly dedupe?: boolean;
}

export type CallResponse = RawResponse;

export interface HttpOptions {
  readonly transport: Transport;
  readonly auth: Authenticator;
  readonly retries: number;
  readonly retryBaseMs: number;
  readonly maxRetryAfterMs: number;
  readonly defaultConcurrency: number;
  readonly logger: Logger;
  readonly onRequest?: ((e: RequestEvent) => void) | undefined;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/** 10 MiB: manifests are limited to 4 MiB by most registries; tag lists of 100k tags still fit. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const MAX_REDIRECTS = 5;
const MAX_AUTH_RETRIES = 3;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || (status >= 500 && status !== 501 && status !== 505);
}

export class RegistryHttp {
  private readonly limiters = new Map<string, Limiter>();
  private readonly inflight = new Map<string, Promise<CallResponse>>();
  private readonly rateLimits = new Map<string, RateLimitBudget>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: HttpOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  rateLimit(registry: string): RateLimitBudget | null {
    return this.rateLimits.get(registry) ?? null;
  }

  limiter(origin: string, concurrency: number): Limiter {
    let limiter = this.limiters.get(origin);
    if (!limiter) this.limiters.set(origin, (limiter = new Limiter(concurrency)));
    return limiter;
  }

  emit(event: RequestEvent): void {
    try {
      this.options.onRequest?.(event);
    } catch (error) {
      this.options.logger.warn('onRequest listener threw', { error: String(error) });
    }
  }

  call(req: CallRequest): Promise<CallResponse> {
    const mode = req.mode ?? 'buffer';
    const dedupe = req.dedupe ?? (mode === 'buffer' && (req.method === 'GET' || req.method === 'HEAD'));
    if (!dedupe) return this.execute(req);
    const key = [
      req.method,
      new URL(req.url, req.endpoint.origin).toString(),
      req.headers?.['accept'] ?? '',
      req.scopes ? scopeKey(req.scopes) : '-',
    ].join('\n');
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.execute(req).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  private async execute(req: CallRequest): Promise<CallResponse> {
    const { endpoint } = req;
    const mode = req.mode ?? 'buffer';
    let url = new URL(req.url, endpoint.origin).toString();
    let method = req.method;
    let body = req.body;
    const replayable = (): boolean => body === undefined || body instanceof Uint8Array;
    let attempt = 0;
    let authRetries = 0;
    let redirects = 0;
    for (;;) {
      const origin = new URL(url).origin;
      const onRegistry = origin === endpoint.origin;
      const authz: Authorization | null =
        onRegistry && req.scopes ? await this.options.auth.authorize(endpoint, req.scopes) : null;
      const headers: Record<string, string> = { ...req.headers };
      if (!onRegistry) delete headers['authorization'];
      if (authz?.header) headers['authorization'] = authz.header;
      const limiter = onRegistry
        ? this.limiter(origin, endpoint.concurrency)
        : this.limiter(origin, this.options.defaultConcurrency);
      const started = this.now();
      let res: RawResponse;
      try {
        res = await limiter.run(() =>
          this.options.transport.exchange({
            url,
            method,
            headers,
            body,
            ca: onRegistry ? endpoint.ca : undefined,
            mode,
            maxBytes: req.maxBytes ?? DEFAULT_MAX_BYTES,
          }),
        );
      } catch (error) {
        authz?.release();
        const failure = classifyError(error);
        if (!(failure instanceof TransportError)) throw failure;
        this.emit({
          registry: endpoint.registry,
          method,
          kind: req.kind,
          status: 0,
          ms: this.now() - started,
        });
        if (failure.retryable && replayable()) {
          const decision = decideRetry({ ...this.retryPolicy(), attempt, retryAfterMs: null });
          if (decision.retry) {
            this.options.logger.debug('registry request failed, retrying', {
              registry: endpoint.registry,
              kind: req.kind,
              failure: failure.failure,
              attempt: attempt + 1,
              delayMs: decision.delayMs,
            });
            attempt++;
            await this.sleep(decision.delayMs);
            continue;
          }
        }
        throw this.transportFailure(req, failure, attempt);
      }
      this.emit({
        registry: endpoint.registry,
        method,
        kind: req.kind,
        status: res.status,
        ms: this.now() - started,
      });
      if (onRegistry && req.kind !== 'token') {
        if (req.scopes) this.options.auth.observe(endpoint, res.status, res.headers['www-authenticate']);
        const budget = parseRateLimit(res.headers, this.now());
        if (budget) this.rateLimits.set(endpoint.registry, budget);
      }
      authz?.release();

      if (res.status === 401 && authz) {
        res.discard();
        if (
          authRetries < MAX_AUTH_RETRIES &&
          replayable() &&
          (await this.options.auth.onUnauthorized(endpoint, authz))
        ) {
          authRetries++;
          continue;
        }
        throw errorForStatus(endpoint.registry, 401, {
          kind: req.kind,
          subject: req.subject,
          body: res.body,
        });
      }
      const location = firstHeader(res.headers, 'location');
      if (
        res.status >= 300 &&
        res.status < 400 &&
        res.status !== 304 &&
        location &&
        req.redirect !== 'manual'
      ) {
        res.discard();
        if (++redirects > MAX_REDIRECTS) {
          throw registryError(
            endpoint.registry,
            'MALFORMED_RESPONSE',
            `${req.subject}: more than ${MAX_REDIRECTS} redirects`,
          );
        }
        url = new URL(location, url).toString();
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        } else if (!replayable()) {
          throw registryError(
            endpoint.registry,
            'UNSUPPORTED',
            `${req.subject}: redirected while streaming a request body`,
          );
        }
        continue;
      }
      if (isRetryableStatus(res.status)) {
        res.discard();
        const retryAfterMs = parseRetryAfter(res.headers['retry-after'], this.now());
        const decision = replayable()
          ? decideRetry({ ...this.retryPolicy(), attempt, retryAfterMs })
          : { retry: false, delayMs: 0, reason: 'request body cannot be replayed' };
        if (decision.retry) {
          this.options.logger.debug('registry answered with a retryable status, retrying', {
            registry: endpoint.registry,
            kind: req.kind,
            status: res.status,
            attempt: attempt + 1,
            delayMs: decision.delayMs,
          });
          attempt++;
          await this.sleep(decision.delayMs);
          continue;
        }
        const err = errorForStatus(endpoint.registry, res.status, {
          kind: req.kind,
          subject: req.subject,
          body: res.body,
        });
        const suffix =
          decision.reason === 'retries exhausted' ? `after ${attempt + 1} attempts` : (decision.reason ?? '');
        throw registryError(
          endpoint.registry,
          'REGISTRY_UNAVAILABLE',
          `${err.message.replace(/^\[[^\]]*\] /, '')}; ${suffix}`,
          {
            cause: err,
            retryable: true,
          },
        );
      }
      return res;
    }
  }

  private retryPolicy(): { retries: number; baseMs: number; maxRetryAfterMs: number; random?: () => number } {
    return {
      retries: this.options.retries,
      baseMs: this.options.retryBaseMs,
      maxRetryAfterMs: this.options.maxRetryAfterMs,
      ...(this.options.random ? { random: this.options.random } : {}),
    };
  }

  private transportFailure(req: CallRequest, failure: TransportError, attempts: number): ShipshapeError {
    const registry = req.endpoint.registry;
    const tries = attempts > 0 ? ` after ${attempts + 1} attempts` : '';
    if (failure.failure === 'truncated' || failure.failure === 'too-large') {
      return registryError(registry, 'MALFORMED_RESPONSE', `${req.subject}: ${failure.message}${tries}`, {
        cause: failure,
      });
    }
    return registryError(registry, 'REGISTRY_UNAVAILABLE', `${req.subject}: ${failure.message}${tries}`, {
      cause: failure,
      retryable: failure.failure !== 'tls' && failure.failure !== 'dns',
    });
  }

  /** A request to a token endpoint: retries, timeouts and redirects, no registry auth, never deduplicated. */
  async token(
    endpoint: Endpoint,
    req: { url: string; method: 'GET' | 'POST'; headers: Record<string, string>; body?: Uint8Array },
  ): Promise<CallResponse> {
    const tokenUrl = new URL(req.url);
    // The registry's CA bundle also applies to a token endpoint on the same host; public token hosts use
    // the system roots.
    const sameHost = tokenUrl.hostname === new URL(endpoint.origin).hostname;
    // Credentials for the token endpoint go to its origin only: the pipeline strips them after a redirect
    // elsewhere because the pseudo-endpoint's origin is the token endpoint's.
    const tokenEndpoint: Endpoint = {
      registry: endpoint.registry,
      origin: tokenUrl.origin,
      concurrency: this.options.defaultConcurrency,
      ...(sameHost && endpoint.ca !== undefined ? { ca: endpoint.ca } : {}),
    };
    return this.execute({
      endpoint: tokenEndpoint,
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: req.body,
      kind: 'token',
      scopes: null,
      subject: 'token request',
    });
  }
}
