/** Probes from Shipshape's own process: HTTP(S) requests and TCP connects to host:port. */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { bodyMatches, statusMatches, type Probe } from '../../core/container/probe.js';
import type { ProbeOutcome } from '../../core/rollout/types.js';

type HttpProbe = Extract<Probe, { kind: 'http' }>;
const BODY_LIMIT = 64 * 1024;

const errorText = (e: unknown): string => {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ECONNREFUSED') return 'connection refused';
  if (err.code === 'ECONNRESET') return 'connection reset';
  return err.message || String(e);
};

export function httpDirect(
  probe: HttpProbe,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<ProbeOutcome> {
  const request = probe.scheme === 'https' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: ProbeOutcome): void => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        resolve(o);
      }
    };
    const req = request(
      {
        host: host.replace(/^\[|\]$/g, ''),
        port,
        path: probe.path,
        method: 'GET',
        headers: { 'user-agent': 'shipshape-probe', connection: 'close' },
        // A health probe on the loopback: a self-signed certificate is fine.
        ...(probe.scheme === 'https' ? { rejectUnauthorized: false } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < BODY_LIMIT) body += chunk;
        });
        res.on('end', () => done(judge(probe, status, body)));
        res.on('error', (e) => done({ ok: false, detail: errorText(e) }));
      },
    );
    const timer = setTimeout(() => {
      done({ ok: false, detail: `no answer within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on('error', (e) => done({ ok: false, detail: errorText(e) }));
    req.end();
  });
}

export function judge(probe: HttpProbe, status: number, body: string): ProbeOutcome {
  if (!statusMatches(probe, status)) return { ok: false, detail: `HTTP ${status}` };
  if (!bodyMatches(probe, body))
    return { ok: false, detail: `HTTP ${status}, body does not match /${probe.body?.source ?? ''}/` };
  return { ok: true, detail: `HTTP ${status}` };
}

export function tcpDirect(host: string, port: number, timeoutMs: number): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port });
    const finish = (o: ProbeOutcome): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(o);
    };
    const timer = setTimeout(
      () => finish({ ok: false, detail: `no connection within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.once('connect', () => finish({ ok: true, detail: `connected to port ${port}` }));
    socket.once('error', (e) => finish({ ok: false, detail: errorText(e) }));
  });
}
