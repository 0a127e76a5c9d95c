/**
 * A streaming HTTP proxy in front of a registry (or its token server) that counts requests by kind, adds
 * latency and injects faults. Upload `Location`s are rewritten to go through the proxy; `WWW-Authenticate`
 * realms are left pointing at the real token server, as with a real registry behind a load balancer.
 */
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { closeServer, LOOPBACK, listenLoopback, sleep } from './net-util.js';
import { classifyRequest, REQUEST_KINDS, type RequestKind } from './request-kind.js';
import { pageRequest, paginate, type TagPaginationOptions } from './tag-pagination.js';

export { classifyRequest, REQUEST_KINDS, type RequestKind } from './request-kind.js';
export type { TagPaginationOptions } from './tag-pagination.js';

export type Fault =
  /** Answer with this status (and headers/body) without contacting the registry. */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  /** Wait `ms` (on top of `delayMs`), then proxy normally. */
  | { kind: 'delay'; ms: number }
  /** Proxy status and headers (original Content-Length), then only `bytes` body bytes, then destroy the socket. */
  | { kind: 'truncate'; bytes: number }
  /** Proxy to the registry, but answer 200 with its headers and this body instead of its body. */
  | { kind: 'garbage'; body: string }
  /** Destroy the client socket without any response. */
  | { kind: 'reset' }
  /** Drop the request's Range header, as a registry without range support would ignore it (then 200). */
  | { kind: 'ignore-range' };

export interface FaultRequest {
  method: string;
  /** Request target: path and query. */
  path: string;
  kind: RequestKind;
  /** The nth request of this kind since start/reset, 1-based (counted before the rule runs). */
  count: number;
}

export type FaultRule = (req: FaultRequest) => Fault | undefined;

export interface ProxyRequestLog {
  method: string;
  path: string;
  kindOf: RequestKind;
  /** Status sent to the client; 0 for a reset or while in flight. */
  status: number;
  at: number;
  fault: Fault['kind'] | null;
  /** The request's Range header, or null. */
  range: string | null;
}

export interface FaultProxy {
  /** "127.0.0.1:PORT" */
  readonly host: string;
  /** "http://127.0.0.1:PORT" */
  readonly url: string;
  setFault(rule: FaultRule | null): void;
  requests(): ProxyRequestLog[];
  countsByKind(): Record<RequestKind, number>;
  /** Clears the log, the per-kind counters and the fault rule. */
  reset(): void;
  stop(): Promise<void>;
}

export interface FaultProxyOptions {
  /** "http://127.0.0.1:PORT" */
  target: string;
  /** Fixed latency added to every request, e.g. 30 for the benchmark. */
  delayMs?: number;
  /** Send the target's Host upstream (default true); false passes the client's Host through. */
  rewriteHost?: boolean;
  /** Emulate spec tags/list pagination (n, last, Link) on top of the registry (see tag-pagination.ts). */
  paginateTags?: boolean | TagPaginationOptions;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

interface Upstream {
  status: number;
  headers: [string, string][];
  body: Readable;
}

const zeroCounts = (): Record<RequestKind, number> =>
  Object.fromEntries(REQUEST_KINDS.map((k) => [k, 0])) as Record<RequestKind, number>;

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const pagination: TagPaginationOptions | null =
    options.paginateTags === true ? {} : options.paginateTags ? options.paginateTags : null;
  let rule: FaultRule | null = null;
  let log: ProxyRequestLog[] = [];
  let counts = zeroCounts();
  let proxyOrigin = '';

  const rewriteLocation = (value: string): string =>
    value.startsWith(target.origin) ? proxyOrigin + value.slice(target.origin.length) : value;

  const forward = (req: IncomingMessage, res: ServerResponse, path: string, body: Readable | null) =>
    new Promise<Upstream>((resolve, reject) => {
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
      }
      if (options.rewriteHost !== false) headers['host'] = target.host;
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path, headers, agent },
        (ures) => {
          const out: [string, string][] = [];
          for (let i = 0; i + 1 < ures.rawHeaders.length; i += 2) {
            const name = ures.rawHeaders[i]!;
            const value = ures.rawHeaders[i + 1]!;
            if (HOP_BY_HOP.has(name.toLowerCase())) continue;
            out.push([name, name.toLowerCase() === 'location' ? rewriteLocation(value) : value]);
          }
          resolve({ status: ures.statusCode ?? 502, headers: out, body: ures });
        },
      );
      upstream.on('error', reject);
      // Client went away mid-response: stop the upstream transfer too (not after a normal finish, which
      // would kill the pooled keep-alive socket).
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
      if (body) body.pipe(upstream);
      else upstream.end();
    });

  const upstreamFor = async (
    req: IncomingMessage,
    res: ServerResponse,
    kind: RequestKind,
  ): Promise<Upstream> => {
    const path = req.url ?? '/';
    if (!pagination || kind !== 'tags' || req.method !== 'GET') return forward(req, res, path, req);
    const page = pageRequest(path, pagination);
    const full = await forward(req, res, page.upstreamPath, null);
    const chunks: Buffer[] = [];
    for await (const chunk of full.body) chunks.push(chunk as Buffer);
    if (full.status !== 200) return { ...full, body: Readable.from([Buffer.concat(chunks)]) };
    const { body, link } = paginate(page, Buffer.concat(chunks).toString('utf8'));
    const headers = full.headers.filter(([name]) => !/^(content-length|link)$/i.test(name));
    headers.push(['Content-Length', String(Buffer.byteLength(body))]);
    if (link) headers.push(['Link', link]);
    return { status: 200, headers, body: Readable.from([Buffer.from(body)]) };
  };

  const deliver = (res: ServerResponse, upstream: Upstream, fault: Fault | undefined): void => {
    if (fault?.kind === 'garbage') {
      upstream.body.resume();
      const headers = upstream.headers.filter(([name]) => !/^(content-length|content-encoding)$/i.test(name));
      headers.push(['Content-Length', String(Buffer.byteLength(fault.body))]);
      res.writeHead(200, headers.flat());
      res.end(fault.body);
      return;
    }
    res.writeHead(upstream.status, upstream.headers.flat());
    if (fault?.kind !== 'truncate') {
      upstream.body.pipe(res);
      return;
    }
    let remaining = fault.bytes;
    const cut = (chunk: Uint8Array): void => {
      upstream.body.destroy();
      res.write(chunk, () => res.destroy());
    };
    if (remaining === 0) return cut(new Uint8Array(0));
    upstream.body.on('data', (chunk: Buffer) => {
      if (remaining <= 0) return;
      if (chunk.length >= remaining) {
        const part = chunk.subarray(0, remaining);
        remaining = 0;
        cut(part);
      } else {
        remaining -= chunk.length;
        res.write(chunk);
      }
    });
    upstream.body.on('end', () => remaining > 0 && cut(new Uint8Array(0)));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const kind = classifyRequest(method, path);
    counts[kind] += 1;
    const fault = rule?.({ method, path, kind, count: counts[kind] });
    const entry: ProxyRequestLog = {
      method,
      path,
      kindOf: kind,
      status: 0,
      at: Date.now(),
      fault: fault?.kind ?? null,
      range: req.headers.range ?? null,
    };
    log.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    req.on('error', () => undefined);
    const delay = (options.delayMs ?? 0) + (fault?.kind === 'delay' ? fault.ms : 0);
    if (delay > 0) await sleep(delay);
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      req.resume();
      const body = fault.body ?? '';
      res.writeHead(fault.status, { 'content-length': Buffer.byteLength(body), ...fault.headers });
      res.end(body);
      return;
    }
    if (fault?.kind === 'ignore-range') delete req.headers.range;
    deliver(res, await upstreamFor(req, res, kind), fault);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      const body = JSON.stringify({ errors: [{ code: 'PROXY_ERROR', message: String(error) }] });
      res.writeHead(502, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  const port = await listenLoopback(server);
  const host = `${LOOPBACK}:${port}`;
  proxyOrigin = `http://${host}`;
  let stopped: Promise<void> | undefined;
  return {
    host,
    url: proxyOrigin,
    setFault: (next) => {
      rule = next;
    },
    requests: () => log.map((entry) => ({ ...entry })),
    countsByKind: () => ({ ...counts }),
    reset: () => {
      log = [];
      counts = zeroCounts();
      rule = null;
    },
    stop: () =>
      (stopped ??= (async () => {
        await closeServer(server);
        agent.destroy();
      })()),
  };
}
