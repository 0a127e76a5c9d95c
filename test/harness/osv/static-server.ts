/**
 * A tiny static HTTP server on 127.0.0.1 for OSV exports: files by path, optional extra headers per file
 * (`x-goog-hash`, `Content-MD5`), a request log, and faults (drop the connection mid-body).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { LOOPBACK, listenLoopback } from '../net-util.js';

export interface StaticFile {
  readonly body: Buffer | string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Send the headers and this many bytes, then destroy the socket. */
  readonly truncateAt?: number;
  readonly status?: number;
}

export interface StaticServer {
  readonly url: string;
  /** Adds or replaces a file; `null` removes it. Paths start with "/" and are matched decoded. */
  set(path: string, file: StaticFile | Buffer | string | null): void;
  readonly requests: readonly { readonly method: string; readonly path: string }[];
  stop(): Promise<void>;
}

/** `x-goog-hash` as Google Cloud Storage sends it: base64 CRC32C and MD5. The CRC32C here is a dummy. */
export function googHash(body: Buffer): string {
  return `crc32c=AAAAAA==, md5=${createHash('md5').update(body).digest('base64')}`;
}

export async function startStaticServer(
  files: Readonly<Record<string, StaticFile | Buffer | string>> = {},
): Promise<StaticServer> {
  const table = new Map<string, StaticFile>();
  const requests: { method: string; path: string }[] = [];
  const set = (path: string, file: StaticFile | Buffer | string | null): void => {
    if (file === null) table.delete(path);
    else table.set(path, typeof file === 'string' || Buffer.isBuffer(file) ? { body: file } : file);
  };
  for (const [path, file] of Object.entries(files)) set(path, file);

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push({ method: req.method ?? 'GET', path });
    const file = table.get(path);
    if (file === undefined) {
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0"?><Error><Code>NoSuchKey</Code></Error>');
      return;
    }
    const body = typeof file.body === 'string' ? Buffer.from(file.body) : file.body;
    res.writeHead(file.status ?? 200, {
      'content-type': 'application/octet-stream',
      'content-length': String(body.length),
      ...file.headers,
    });
    if (req.method === 'HEAD') {
      res.end();
    } else if (file.truncateAt !== undefined) {
      res.write(body.subarray(0, file.truncateAt), () => res.destroy());
    } else {
      res.end(body);
    }
  };

  const server = createServer(handle);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await listenLoopback(server);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${LOOPBACK}:${port}`,
    set,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
