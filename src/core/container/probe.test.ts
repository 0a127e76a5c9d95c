import { describe, expect, it } from 'vitest';
import { bodyMatches, formatProbe, parseProbe, statusMatches, type Probe } from './probe.js';

const ok = (text: string): Probe => {
  const r = parseProbe(text);
  if (!r.ok) throw new Error(r.error);
  return r.probe;
};
const error = (text: string): string => {
  const r = parseProbe(text);
  if (r.ok) throw new Error(`parsed: ${JSON.stringify(r.probe)}`);
  return r.error;
};
const http = (text: string): Extract<Probe, { kind: 'http' }> => {
  const p = ok(text);
  if (p.kind !== 'http') throw new Error('not http');
  return p;
};

describe('parseProbe', () => {
  it('http with defaults: the container, path /, any 2xx', () => {
    expect(ok('http://:8080')).toEqual({
      kind: 'http',
      scheme: 'http',
      host: null,
      port: 8080,
      path: '/',
      status: [{ min: 200, max: 299 }],
      body: null,
    });
  });

  it('status codes, classes and ranges; a body pattern', () => {
    const p = http('https://api.internal:8443/health?full=1 200,3xx,401-403 ^OK$');
    expect(p).toMatchObject({ scheme: 'https', host: 'api.internal', port: 8443, path: '/health?full=1' });
    expect(p.status).toEqual([
      { min: 200, max: 200 },
      { min: 300, max: 399 },
      { min: 401, max: 403 },
    ]);
    expect([200, 302, 402, 404].map((s) => statusMatches(p, s))).toEqual([true, true, true, false]);
    expect(bodyMatches(p, 'OK')).toBe(true);
    expect(bodyMatches(p, 'NOT OK')).toBe(false);
  });

  it('a body that is not a status is the body; /…/ for flags or digits', () => {
    expect(http('http://:80/ ok now').body).toEqual({ source: 'ok now', flags: '' });
    expect(http('http://:80/ /200/').body).toEqual({ source: '200', flags: '' });
    expect(http('http://:80/ 204 /ready/i').body).toEqual({ source: 'ready', flags: 'i' });
  });

  it('tcp, with or without a host (IPv6 in brackets)', () => {
    expect(ok('tcp://:5432')).toEqual({ kind: 'tcp', host: null, port: 5432 });
    expect(ok('tcp://[::1]:5432')).toEqual({ kind: 'tcp', host: '[::1]', port: 5432 });
  });

  it('refuses what it cannot run', () => {
    expect(error('localhost:80')).toMatch(/^invalid probe "localhost:80"; expected http/);
    expect(error('http://:0/')).toBe('invalid port 0 in probe; expected 1-65535');
    expect(error('http://:70000/')).toBe('invalid port 70000 in probe; expected 1-65535');
    expect(error('tcp://:80/x')).toBe('a tcp:// probe has no path');
    expect(error('tcp://:80 200')).toMatch(/^a tcp:\/\/ probe takes no status or body/);
    expect(error('http://:80/ 2000')).toMatch(/^invalid status "2000" in probe/);
    expect(error('http://:80/ 299-200')).toMatch(/^invalid status "299-200"/);
    expect(error('http://:80/ /(/')).toMatch(/^invalid body pattern in probe: /);
    expect(error('http://:80/ /x/g')).toBe('invalid body pattern flags "g" in probe; use i, m, s or u');
  });

  it('formats back to the label syntax', () => {
    expect(formatProbe(ok('http://:8080/healthz'))).toBe('http://:8080/healthz 200-299');
    expect(formatProbe(ok('http://db:80/ 200 ok'))).toBe('http://db:80/ 200 /ok/');
    expect(formatProbe(ok('tcp://:5432'))).toBe('tcp://:5432');
  });
});
