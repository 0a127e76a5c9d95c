import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../ports/logger.js';
import { Authenticator, type TokenSender } from './auth.js';
import type { Endpoint } from './hosts.js';
import { parseScopes } from './scope.js';

const endpoint: Endpoint = { registry: 'r.example', origin: 'https://r.example', concurrency: 8 };
const challenge = 'Bearer realm="https://auth.example/token",service="r.example"';

function setup(clock = { t: 0 }) {
  const sent: { url: URL; method: string; authorization?: string }[] = [];
  let n = 0;
  const send: TokenSender = async (_endpoint, req) => {
    sent.push({
      url: new URL(req.url),
      method: req.method,
      ...(req.headers['authorization'] ? { authorization: req.headers['authorization'] } : {}),
    });
    return {
      status: 200,
      headers: {},
      body: new TextEncoder().encode(JSON.stringify({ token: `tok-${++n}`, expires_in: 300 })),
    };
  };
  const auth = new Authenticator({
    credentials: { get: async () => ({ username: 'u', password: 'p4ssw0rd' }) },
    send,
    logger: silentLogger,
    now: () => clock.t,
  });
  return { auth, sent };
}

const pull = (repo: string) => parseScopes([`repository:${repo}:pull`]);

describe('Authenticator', () => {
  it('lets one probe go first, then batches the token needs of one tick into one request', async () => {
    const { auth, sent } = setup();
    const probe = await auth.authorize(endpoint, pull('a'));
    expect(probe.header).toBeNull();
    const waiting = ['b', 'c'].map((r) => auth.authorize(endpoint, pull(r)));
    auth.observe(endpoint, 401, challenge);
    probe.release();
    expect(await auth.onUnauthorized(endpoint, probe)).toBe(true);
    const all = await Promise.all([auth.authorize(endpoint, pull('a')), ...waiting]);
    expect(all.map((a) => a.header)).toEqual(['Bearer tok-1', 'Bearer tok-1', 'Bearer tok-1']);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url.searchParams.getAll('scope')).toEqual([
      'repository:a:pull',
      'repository:b:pull',
      'repository:c:pull',
    ]);
    expect(sent[0]!.url.searchParams.get('service')).toBe('r.example');
    expect(sent[0]!.authorization).toBe(`Basic ${Buffer.from('u:p4ssw0rd').toString('base64')}`);
    expect(auth.secrets()).toContain('p4ssw0rd');
    expect(auth.secrets()).toContain('tok-1');
  });

  it('falls back to one token per repository when a multi-repository token is refused', async () => {
    const { auth, sent } = setup();
    auth.observe(endpoint, 401, challenge);
    const [a, b] = await Promise.all([
      auth.authorize(endpoint, pull('a')),
      auth.authorize(endpoint, pull('b')),
    ]);
    expect(a.header).toBe(b.header);
    expect(await auth.onUnauthorized(endpoint, b)).toBe(true);
    const again = await auth.authorize(endpoint, pull('b'));
    expect(again.header).toBe('Bearer tok-2');
    expect(sent[1]!.url.searchParams.getAll('scope')).toEqual(['repository:b:pull']);
    // A freshly fetched single-repository token that is refused means the credentials lack access.
    expect(await auth.onUnauthorized(endpoint, again)).toBe(false);
    // Later needs are not batched any more.
    await Promise.all([auth.authorize(endpoint, pull('x')), auth.authorize(endpoint, pull('y'))]);
    expect(sent.slice(2).map((s) => s.url.searchParams.getAll('scope'))).toEqual([
      ['repository:x:pull'],
      ['repository:y:pull'],
    ]);
  });

  it('reuses a cached token until it expires, and refetches once when a cached token is refused', async () => {
    const clock = { t: 0 };
    const { auth, sent } = setup(clock);
    auth.observe(endpoint, 401, challenge);
    await auth.authorize(endpoint, pull('a'));
    clock.t = 200_000;
    const cached = await auth.authorize(endpoint, pull('a'));
    expect(sent).toHaveLength(1);
    expect(await auth.onUnauthorized(endpoint, cached)).toBe(true);
    await auth.authorize(endpoint, pull('a'));
    expect(sent).toHaveLength(2);
    clock.t = 1_000_000;
    await auth.authorize(endpoint, pull('a'));
    expect(sent).toHaveLength(3);
  });

  it('sends Basic preemptively once the registry asked for it', async () => {
    const { auth, sent } = setup();
    auth.observe(endpoint, 401, 'Basic realm="registry"');
    expect((await auth.authorize(endpoint, pull('a'))).header).toBe(
      `Basic ${Buffer.from('u:p4ssw0rd').toString('base64')}`,
    );
    expect(sent).toHaveLength(0);
  });

  it('refuses to send a password to a plain-HTTP token realm on another host', async () => {
    const { auth } = setup();
    auth.observe(endpoint, 401, 'Bearer realm="http://auth.example/token"');
    await expect(auth.authorize(endpoint, pull('a'))).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });
});
