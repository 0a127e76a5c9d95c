import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProbe, type Probe } from '../../core/container/probe.js';
import { httpDirect, tcpDirect } from './direct.js';

type HttpProbe = Extract<Probe, { kind: 'http' }>;
const http = (text: string): HttpProbe => {
  const p = parseProbe(text);
  if (!p.ok || p.probe.kind !== 'http') throw new Error('bad probe');
  return p.probe;
};

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/ok') res.end('all good');
    else if (req.url === '/slow') setTimeout(() => res.end('late'), 2000);
    else {
      res.statusCode = 500;
      res.end('broken');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('direct probes', () => {
  it('checks status and body', async () => {
    expect(await httpDirect(http('http://:1/ok'), '127.0.0.1', port, 1000)).toEqual({
      ok: true,
      detail: 'HTTP 200',
    });
    expect(await httpDirect(http('http://:1/ok 200 good'), '127.0.0.1', port, 1000)).toEqual({
      ok: true,
      detail: 'HTTP 200',
    });
    expect(await httpDirect(http('http://:1/ok 200 /^bad/'), '127.0.0.1', port, 1000)).toEqual({
      ok: false,
      detail: 'HTTP 200, body does not match /^bad/',
    });
    expect(await httpDirect(http('http://:1/fail'), '127.0.0.1', port, 1000)).toEqual({
      ok: false,
      detail: 'HTTP 500',
    });
    expect((await httpDirect(http('http://:1/fail 5xx'), '127.0.0.1', port, 1000)).ok).toBe(true);
  });

  it('times out and reports refused connections', async () => {
    expect(await httpDirect(http('http://:1/slow'), '127.0.0.1', port, 200)).toEqual({
      ok: false,
      detail: 'no answer within 200 ms',
    });
    const closed = createTcpServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const free = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    expect(await httpDirect(http('http://:1/'), '127.0.0.1', free, 500)).toEqual({
      ok: false,
      detail: 'connection refused',
    });
    expect(await tcpDirect('127.0.0.1', free, 500)).toEqual({ ok: false, detail: 'connection refused' });
    expect(await tcpDirect('127.0.0.1', port, 500)).toEqual({
      ok: true,
      detail: `connected to port ${port}`,
    });
  });
});
