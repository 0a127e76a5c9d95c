/**
 * One HTTP exchange over undici: keep-alive agents (one per TLS trust configuration, each pooling per
 * origin), per-request timeouts, bounded buffering and classification of failures. No retries, auth or
 * redirects here: ./http.ts layers those on top.
 */
import { Readable } from 'node:stream';
import { Agent, request, type Dispatcher } from 'undici';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;
export type RequestBody = Uint8Array | AsyncIterable<Uint8Array>;

export interface ExchangeRequest {
  readonly url: string;
  readonly method: HttpMethod;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: RequestBody | undefined;
  /** CA bundle trusted for this request's origin (the registry's own host only). */
  readonly ca?: string | Buffer | undefined;
  /** `buffer`: read the whole body (up to `maxBytes`). `stream`: hand back a 2xx body unread. */
  readonly mode: 'buffer' | 'stream';
  readonly maxBytes: number;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  readonly url: string;
  /** The body (buffer mode; in stream mode only for non-2xx answers, capped). */
  readonly body?: Uint8Array;
  /** The unread body of a 2xx answer in stream mode; failures surface as TransportError. */
  readonly stream?: AsyncIterable<Uint8Array>;
  /** Drops an unread stream, freeing the connection. */
  discard(): void;
}

export type TransportFailure = 'network' | 'timeout' | 'truncated' | 'tls' | 'dns' | 'too-large';

/** A failed exchange. Never carries request headers (they may hold credentials). */
export class TransportError extends Error {
  constructor(
    readonly failure: TransportFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }

  get retryable(): boolean {
    return this.failure === 'network' || this.failure === 'timeout' || this.failure === 'truncated';
  }
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'ETIMEDOUT',
]);

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

const BUG_TYPES = [TypeError, ReferenceError, RangeError, SyntaxError];

/**
 * Maps what undici or the socket threw to a TransportError, with a message free of secrets. Programming
 * errors (a TypeError without a system error code) come back unchanged: they are bugs, not the network.
 */
export function classifyError(error: unknown): TransportError | Error {
  if (error instanceof TransportError) return error;
  const code = errorCode(error) ?? '';
  if (code === '' && BUG_TYPES.some((type) => error instanceof type)) return error as Error;
  const text = error instanceof Error ? error.message : String(error);
  if (TIMEOUT_CODES.has(code) || (error as { name?: unknown } | null)?.name === 'TimeoutError') {
    return new TransportError('timeout', `timed out (${code || 'timeout'})`, { cause: error });
  }
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL')) {
    return new TransportError(
      'tls',
      `TLS failure (${code}); configure the host's CA bundle if it uses a private CA`,
      { cause: error },
    );
  }
  if (code === 'ENOTFOUND') return new TransportError('dns', 'host not found (ENOTFOUND)', { cause: error });
  if (code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
    return new TransportError('truncated', 'response body does not match Content-Length', { cause: error });
  }
  return new TransportError('network', `network error (${code || text.slice(0, 80)})`, { cause: error });
}

function header(headers: ResponseHeaders, name: string): string | undefined {
  const v = headers[name];
  return typeof v === 'string' ? v : v?.[0];
}

async function readAll(
  body: AsyncIterable<unknown>,
  maxBytes: number,
  expected: number | null,
): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body) {
      const buf = chunk as Buffer;
      total += buf.byteLength;
      if (total > maxBytes) throw new TransportError('too-large', `response body exceeds ${maxBytes} bytes`);
      chunks.push(buf);
    }
  } catch (error) {
    const failure = classifyError(error);
    // A connection closed mid-body is a truncated body when we know how much was promised.
    if (
      failure instanceof TransportError &&
      failure.failure === 'network' &&
      expected !== null &&
      total < expected
    ) {
      throw new TransportError('truncated', `response body truncated at ${total} of ${expected} bytes`, {
        cause: error,
      });
    }
    throw failure;
  }
  if (expected !== null && total !== expected) {
    throw new TransportError(
      'truncated',
      `response body has ${total} bytes, Content-Length says ${expected}`,
    );
  }
  const out = Buffer.concat(chunks, total);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

export function contentLength(headers: ResponseHeaders): number | null {
  const raw = header(headers, 'content-length');
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return null;
  return Number(raw);
}

/** Re-throws body stream failures as TransportError. */
async function* guardStream(body: AsyncIterable<unknown>): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of body) {
      const buf = chunk as Buffer;
      yield new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    }
  } catch (error) {
    throw classifyError(error);
  }
}

export interface TransportOptions {
  readonly timeoutMs: number;
  readonly userAgent: string;
}

const ERROR_BODY_LIMIT = 64 * 1024;

export class Transport {
  private readonly agents = new Map<string | Buffer, Agent>();
  private readonly defaultAgent: Agent;

  constructor(private readonly options: TransportOptions) {
    this.defaultAgent = this.makeAgent(undefined);
  }

  private makeAgent(ca: string | Buffer | undefined): Agent {
    return new Agent({
      keepAliveTimeout: 30_000,
      keepAliveMaxTimeout: 120_000,
      headersTimeout: this.options.timeoutMs,
      bodyTimeout: this.options.timeoutMs,
      connect: { timeout: Math.min(this.options.timeoutMs, 10_000), ...(ca !== undefined ? { ca } : {}) },
    });
  }

  private dispatcher(ca: string | Buffer | undefined): Dispatcher {
    if (ca === undefined) return this.defaultAgent;
    let agent = this.agents.get(ca);
    if (!agent) this.agents.set(ca, (agent = this.makeAgent(ca)));
    return agent;
  }

  async exchange(req: ExchangeRequest): Promise<RawResponse> {
    let res: Dispatcher.ResponseData;
    // undici's own headersTimeout runs on a coarse (~1 s) timer; this one is exact. It covers sending the
    // request body too, so it grows by timeoutMs per MiB sent (a floor of ~34 KB/s for uploads). Once
    // headers are in, undici's bodyTimeout (longest pause between body chunks) takes over.
    const sent = req.body instanceof Uint8Array ? req.body.byteLength : 0;
    const waitMs = Math.round(this.options.timeoutMs * (1 + sent / (1024 * 1024)));
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), waitMs);
    try {
      res = await request(req.url, {
        method: req.method,
        headers: { 'user-agent': this.options.userAgent, ...req.headers },
        body:
          req.body === undefined || req.body instanceof Uint8Array
            ? (req.body ?? null)
            : Readable.from(req.body, { objectMode: false }),
        dispatcher: this.dispatcher(req.ca),
        headersTimeout: waitMs,
        bodyTimeout: this.options.timeoutMs,
        signal: deadline.signal,
      });
    } catch (error) {
      if (deadline.signal.aborted) {
        throw new TransportError('timeout', `timed out after ${waitMs} ms waiting for a response`, {
          cause: error,
        });
      }
      throw classifyError(error);
    } finally {
      clearTimeout(timer);
    }
    const responseHeaders = res.headers as ResponseHeaders;
    const status = res.statusCode;
    const expected =
      req.method === 'HEAD' || status === 204 || status === 304 ? null : contentLength(responseHeaders);
    const base = { status, headers: responseHeaders, url: req.url };
    if (req.mode === 'stream' && status >= 200 && status < 300) {
      const body = res.body;
      return { ...base, stream: guardStream(body), discard: () => body.destroy() };
    }
    if (req.method === 'HEAD') {
      await res.body.dump().catch(() => undefined);
      return { ...base, discard: () => undefined };
    }
    const limit = req.mode === 'stream' ? ERROR_BODY_LIMIT : req.maxBytes;
    if (req.mode === 'stream' && expected !== null && expected > limit) {
      await res.body.dump({ limit }).catch(() => undefined);
      return { ...base, discard: () => undefined };
    }
    const body = await readAll(res.body, limit, expected);
    return { ...base, body, discard: () => undefined };
  }

  /** Lets in-flight exchanges finish for up to `graceMs`, then destroys what is left (e.g. an unread stream). */
  async close(graceMs = 2_000): Promise<void> {
    await Promise.all(
      [this.defaultAgent, ...this.agents.values()].map(async (agent) => {
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
        const outcome = await Promise.race([agent.close().then(() => 'closed' as const), grace]).catch(
          () => 'late' as const,
        );
        clearTimeout(timer);
        if (outcome === 'late') await agent.destroy().catch(() => undefined);
      }),
    );
  }
}

export { header as firstHeader };
