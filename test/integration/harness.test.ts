/** Proves the real-service harness itself: registry auth modes, token flows, the fault proxy, seeding. */
import { randomBytes } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bcryptWithSalt } from '../harness/bcrypt.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { basicAuth, nextLink, postTokenForm, readJson, requestToken } from '../harness/raw-http.js';
import { startRegistry, TOKEN_SERVICE, type RunningRegistry } from '../harness/registry-server.js';
import * as seed from '../harness/seed.js';

const { MANIFEST_ACCEPT, SeedMediaTypes, sha256 } = seed;
const tester = { username: 'tester', password: 's3cret-pw' };
type Index = {
  manifests: { digest: string; platform: { os: string; architecture: string }; annotations?: object }[];
};

describe('bcrypt', () => {
  it('matches libxcrypt $2b$ output', () => {
    // perl -e 'print crypt("abc", q($2b$05$abcdefghijklmnopqrstuu))'
    expect(bcryptWithSalt('abc', 5, 'abcdefghijklmnopqrstuu')).toBe(
      '$2b$05$abcdefghijklmnopqrstuuRWUgMyyCUnsDr8evYotXg5ZXVF/HhzS',
    );
  });
});

describe('startRegistry', () => {
  it('auth none answers 200; stop() is idempotent and frees the port', async () => {
    const registry = await startRegistry();
    expect(registry.url).toBe(`http://${registry.host}`);
    const res = await fetch(`${registry.url}/v2/`);
    expect([res.status, res.headers.get('www-authenticate'), registry.users]).toEqual([200, null, []]);
    await Promise.all([registry.stop(), registry.stop()]);
    await expect(fetch(`${registry.url}/v2/`)).rejects.toThrow();
  });

  it('auth basic challenges, accepts the htpasswd (bcrypt) user, rejects a wrong password', async () => {
    const registry = await startRegistry({ auth: 'basic' });
    try {
      const anon = await fetch(`${registry.url}/v2/`);
      expect(anon.status).toBe(401);
      expect(anon.headers.get('www-authenticate')).toBe('Basic realm="shipshape-test"');
      expect(registry.users).toEqual([tester]);
      const ping = (auth: string) => fetch(`${registry.url}/v2/`, { headers: { authorization: auth } });
      expect((await ping(basicAuth(tester))).status).toBe(200);
      expect((await ping(basicAuth({ ...tester, password: 'nope' }))).status).toBe(401);
    } finally {
      await registry.stop();
    }
  });

  it('exactTokenExpiry makes the registry reject tokens after tokenTtlSeconds (2.8 has a 60 s leeway)', async () => {
    const registry = await startRegistry({ auth: 'token', tokenTtlSeconds: 1, exactTokenExpiry: true });
    try {
      const { token, expires_in } = await readJson<{ token: string; expires_in: number }>(
        requestToken(registry.tokenServer!, [], tester),
      );
      expect(expires_in).toBe(1);
      const ping = () => fetch(`${registry.url}/v2/`, { headers: { authorization: `Bearer ${token}` } });
      expect((await ping()).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 2_100));
      expect((await ping()).status).toBe(401);
    } finally {
      await registry.stop();
    }
  });

  describe('auth token', () => {
    let registry: RunningRegistry;
    const reader = { username: 'reader', password: 'r', actions: ['pull'] };
    const bearer = (token: string) => ({ authorization: `Bearer ${token}`, accept: MANIFEST_ACCEPT });
    const tokenFor = async (scopes: string[], creds?: { username: string; password: string }) => {
      const res = await requestToken(registry.tokenServer!, scopes, creds);
      expect(res.status).toBe(200);
      const body = await readJson<{
        token: string;
        access_token: string;
        expires_in: number;
        issued_at: string;
      }>(res);
      expect(body.access_token).toBe(body.token);
      expect(Date.parse(body.issued_at)).not.toBeNaN();
      return body;
    };
    const startUpload = (repo: string, token: string) =>
      fetch(`${registry.url}/v2/${repo}/blobs/uploads/`, { method: 'POST', headers: bearer(token) });
    const listTags = (repo: string, token: string) =>
      fetch(`${registry.url}/v2/${repo}/tags/list`, { headers: bearer(token) });

    beforeAll(async () => {
      registry = await startRegistry({ auth: 'token', users: [tester, reader] });
      await seed.pushImage({ url: registry.url, auth: tester }, 'lib/c', 'v1');
      registry.tokenServer!.reset();
    });
    afterAll(() => registry.stop());

    it('challenges with the token server realm and service', async () => {
      const res = await fetch(`${registry.url}/v2/`);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe(
        `Bearer realm="${registry.tokenServer!.realm}",service="${TOKEN_SERVICE}"`,
      );
    });

    it('one token with several scopes authenticates pushes and pulls on each repository', async () => {
      const scopes = ['repository:team/a:pull,push', 'repository:lib/c:pull'];
      const { token, expires_in } = await tokenFor(scopes, tester);
      expect(expires_in).toBe(300);
      expect((await startUpload('team/a', token)).status).toBe(202);
      expect(await readJson(listTags('lib/c', token))).toEqual({ name: 'lib/c', tags: ['v1'] });
      const denied = await startUpload('lib/c', token); // push on lib/c was not requested
      expect(denied.status).toBe(401);
      expect(denied.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
      expect(registry.tokenServer!.requests()).toEqual([
        { scopes, account: 'tester', grantType: 'get', status: 200, at: expect.any(Number) },
      ]);
    });

    it('anonymous tokens pull but cannot push; restricted users get only their actions', async () => {
      const scopes = ['repository:lib/c:pull,push'];
      for (const creds of [undefined, reader]) {
        const { token } = await tokenFor(scopes, creds);
        expect((await listTags('lib/c', token)).status).toBe(200);
        expect((await startUpload('lib/c', token)).status).toBe(401);
      }
    });

    it('a wrong password is 401 from the token server', async () => {
      const res = await requestToken(registry.tokenServer!, ['repository:lib/c:pull'], {
        ...tester,
        password: 'x',
      });
      expect(res.status).toBe(401);
      expect(registry.tokenServer!.requests().at(-1)).toMatchObject({ account: 'tester', status: 401 });
    });

    it('supports the OAuth2 password and refresh_token grants (docker identitytoken)', async () => {
      const server = registry.tokenServer!;
      server.reset();
      const scope = 'repository:lib/c:pull';
      const login = {
        grant_type: 'password',
        username: 'tester',
        password: 's3cret-pw',
        scope,
        client_id: 'shipshape',
      };
      const first = await postTokenForm(server, { ...login, access_type: 'offline' });
      expect(first.status).toBe(200);
      const { access_token, refresh_token } = await readJson<{ access_token: string; refresh_token: string }>(
        first,
      );
      expect(refresh_token).toEqual(expect.any(String));
      const head = await fetch(`${registry.url}/v2/lib/c/manifests/v1`, {
        method: 'HEAD',
        headers: bearer(access_token),
      });
      expect(head.status).toBe(200);
      const refresh = (token: string) =>
        postTokenForm(server, { grant_type: 'refresh_token', refresh_token: token, scope });
      expect((await refresh(refresh_token)).status).toBe(200);
      expect((await refresh('nope')).status).toBe(401);
      expect((await postTokenForm(server, { ...login, password: 'x' })).status).toBe(401);
      expect(server.requests().map((r) => [r.grantType, r.account, r.status])).toEqual([
        ['password', 'tester', 200],
        ['refresh_token', 'tester', 200],
        ['refresh_token', null, 401],
        ['password', 'tester', 401],
      ]);
    });
  });
});

describe('startFaultProxy', () => {
  let registry: RunningRegistry;
  let proxy: FaultProxy;
  let image: seed.SeededImage;
  beforeAll(async () => {
    registry = await startRegistry();
    image = await seed.pushImage({ url: registry.url }, 'app', 'v1');
    proxy = await startFaultProxy({ target: registry.url, paginateTags: true });
  });
  afterAll(async () => {
    await proxy.stop();
    await registry.stop();
  });
  const get = (path: string, init: RequestInit = {}) =>
    fetch(`${proxy.url}${path}`, { headers: { accept: MANIFEST_ACCEPT }, ...init });
  const drain = async (res: Promise<Response>) => (await (await res).arrayBuffer(), (await res).status);

  it('counts requests by kind and logs them', async () => {
    proxy.reset();
    const paths = ['/v2/', '/v2/app/manifests/v1', '/v2/app/tags/list', '/v2/_catalog'];
    paths.push(`/v2/app/blobs/${image.configDigests['linux/amd64']}`, `/v2/app/referrers/${image.digest}`);
    await drain(get('/v2/app/manifests/v1', { method: 'HEAD' }));
    for (const path of paths) await drain(get(path));
    expect(proxy.countsByKind()).toEqual({
      ...{ ping: 1, token: 0, tags: 1, 'manifest-head': 1, 'manifest-get': 1, 'manifest-put': 0 },
      ...{ 'blob-head': 0, 'blob-get': 1, 'blob-upload': 0, referrers: 1, catalog: 1, other: 0 },
    });
    expect(proxy.requests().map((r) => [r.kindOf, r.status])).toEqual([
      ['manifest-head', 200],
      ['ping', 200],
      ['manifest-get', 200],
      ['tags', 200],
      ['catalog', 200],
      ['blob-get', 200],
      ['referrers', 404], // distribution 2.8 has no referrers API
    ]);
  });

  it('adds fixed and per-request delay', async () => {
    const slow = await startFaultProxy({ target: registry.url, delayMs: 120 });
    try {
      const timed = async () => {
        const start = performance.now();
        expect((await fetch(`${slow.url}/v2/`)).status).toBe(200);
        return performance.now() - start;
      };
      expect(await timed()).toBeGreaterThanOrEqual(115);
      slow.setFault((r) => (r.kind === 'ping' ? { kind: 'delay', ms: 200 } : undefined));
      expect(await timed()).toBeGreaterThanOrEqual(315);
    } finally {
      await slow.stop();
    }
  });

  it('injects a status on the nth request of a kind, with headers and body', async () => {
    proxy.reset();
    const body = '{"errors":[{"code":"TOOMANYREQUESTS"}]}';
    proxy.setFault((r) =>
      r.kind === 'manifest-get' && r.count === 2
        ? { kind: 'status', status: 429, headers: { 'retry-after': '1' }, body }
        : undefined,
    );
    const responses = [await get('/v2/app/manifests/v1'), await get('/v2/app/manifests/v1')];
    await drain(get('/v2/app/manifests/v1'));
    expect(responses.map((r) => r.status)).toEqual([200, 429]);
    expect([responses[1]!.headers.get('retry-after'), await responses[1]!.text()]).toEqual(['1', body]);
    expect(proxy.requests().map((r) => [r.status, r.fault])).toEqual([
      [200, null],
      [429, 'status'],
      [200, null],
    ]);
  });

  it('truncates a body after N bytes with the original Content-Length', async () => {
    const data = randomBytes(200_000);
    const digest = await seed.pushBlob({ url: registry.url }, 'app', data);
    proxy.setFault((r) => (r.kind === 'blob-get' ? { kind: 'truncate', bytes: 1000 } : undefined));
    const res = await get(`/v2/app/blobs/${digest}`);
    expect([res.status, res.headers.get('content-length')]).toEqual([200, String(data.length)]);
    await expect(res.arrayBuffer()).rejects.toThrow();
  });

  it('replaces a body with garbage but keeps the registry headers', async () => {
    proxy.setFault((r) =>
      r.kind === 'manifest-get' ? { kind: 'garbage', body: '<html>portal</html>' } : undefined,
    );
    const res = await get('/v2/app/manifests/v1');
    expect([res.status, res.headers.get('docker-content-digest')]).toEqual([200, image.digest]);
    expect(await res.text()).toBe('<html>portal</html>');
  });

  it('resets the connection without a response', async () => {
    proxy.setFault(() => ({ kind: 'reset' }));
    await expect(get('/v2/')).rejects.toThrow();
    expect(proxy.requests().at(-1)).toMatchObject({ kindOf: 'ping', status: 0, fault: 'reset' });
  });

  it('streams a 5 MB blob both ways and rewrites upload Locations to the proxy', async () => {
    proxy.reset();
    const data = randomBytes(5 * 1024 * 1024);
    const start = await get('/v2/big/blobs/uploads/', { method: 'POST' });
    expect(start.status).toBe(202);
    expect(start.headers.get('location')).toMatch(new RegExp(`^${proxy.url}/v2/big/blobs/uploads/`));
    expect(await seed.pushBlob({ url: proxy.url }, 'big', data)).toBe(sha256(data));
    const res = await get(`/v2/big/blobs/${sha256(data)}`);
    expect(res.headers.get('docker-content-digest')).toBe(sha256(data));
    expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(sha256(data));
    expect(proxy.countsByKind()).toMatchObject({ 'blob-upload': 3, 'blob-head': 1, 'blob-get': 1 });
  });

  it('keeps client connections alive', async () => {
    const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });
    const reused: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest(`${proxy.url}/v2/`, { agent }, (res) => {
          reused.push(req.reusedSocket);
          res.resume().on('end', resolve);
        });
        req.on('error', reject).end();
      });
    }
    agent.destroy();
    expect(reused).toEqual([false, true, true]);
  });

  it('paginates tags/list like the OCI spec (distribution 2.8.2 itself ignores n; its catalog paginates)', async () => {
    await seed.pushTags({ url: registry.url }, 'many', ['c', 'a', 'e', 'b', 'd']);
    const raw = await fetch(`${registry.url}/v2/many/tags/list?n=2`);
    expect(nextLink(raw)).toBeNull();
    expect((await readJson<{ tags: string[] }>(raw)).tags).toHaveLength(5);
    expect(nextLink(await fetch(`${registry.url}/v2/_catalog?n=1`))).toBe('/v2/_catalog?last=app&n=1');
    const pages: string[][] = [];
    for (let next: string | null = '/v2/many/tags/list?n=2'; next;) {
      const res = await get(next);
      next = nextLink(res);
      pages.push((await readJson<{ tags: string[] }>(res)).tags);
    }
    expect(pages).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('fronts a token-auth registry and its token server', async () => {
    const tokenRegistry = await startRegistry({ auth: 'token' });
    const front = await startFaultProxy({ target: tokenRegistry.url });
    const tokenFront = await startFaultProxy({ target: tokenRegistry.tokenServer!.url });
    try {
      await seed.pushImage({ url: front.url, auth: tester }, 'via/proxy', 'v1');
      expect(front.countsByKind()).toMatchObject({ 'manifest-put': 1, 'blob-upload': 4 });
      const res = await fetch(
        `${tokenFront.url}/token?service=${TOKEN_SERVICE}&scope=repository:via/proxy:pull`,
      );
      expect(res.status).toBe(200);
      expect(tokenFront.countsByKind().token).toBe(1);
    } finally {
      await Promise.all([front.stop(), tokenFront.stop()]);
      await tokenRegistry.stop();
    }
  });
});

describe('seed', () => {
  let registry: RunningRegistry;
  const target = () => ({ url: registry.url, auth: tester });
  beforeAll(async () => {
    registry = await startRegistry({ auth: 'basic', users: [tester] });
  });
  afterAll(() => registry.stop());
  const raw = (path: string) =>
    fetch(`${registry.url}${path}`, {
      headers: { authorization: basicAuth(tester), accept: MANIFEST_ACCEPT },
    });

  it('pushImage makes a multi-arch index with attestations readable by raw GET', async () => {
    const image = await seed.pushImage(target(), 'team/web', '2.0', {
      platforms: [
        { os: 'linux', architecture: 'amd64' },
        { os: 'linux', architecture: 'arm64', variant: 'v8' },
      ],
      labels: { 'org.opencontainers.image.version': '2.0' },
      created: '2024-05-01T00:00:00Z',
      attestations: true,
    });
    const res = await raw('/v2/team/web/manifests/2.0');
    expect([res.headers.get('content-type'), res.headers.get('docker-content-digest')]).toEqual([
      SeedMediaTypes.ociIndex,
      image.digest,
    ]);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes).toEqual(image.bytes);
    const index = JSON.parse(new TextDecoder().decode(bytes)) as Index;
    const platforms = index.manifests.map((m) => `${m.platform.os}/${m.platform.architecture}`);
    expect(platforms).toEqual(['linux/amd64', 'linux/arm64', 'unknown/unknown', 'unknown/unknown']);
    expect(index.manifests[2]!.annotations).toEqual({
      'vnd.docker.reference.digest': image.platformDigests['linux/amd64'],
      'vnd.docker.reference.type': 'attestation-manifest',
    });
    const arm = await readJson<{ config: { digest: string }; layers: { digest: string }[] }>(
      raw(`/v2/team/web/manifests/${image.platformDigests['linux/arm64/v8']}`),
    );
    expect(arm.config.digest).toBe(image.configDigests['linux/arm64/v8']);
    const config = await readJson<{ rootfs: { diff_ids: string[] } }>(
      raw(`/v2/team/web/blobs/${arm.config.digest}`),
    );
    expect(config).toMatchObject({
      architecture: 'arm64',
      variant: 'v8',
      os: 'linux',
      created: '2024-05-01T00:00:00Z',
    });
    expect(config).toMatchObject({ config: { Labels: { 'org.opencontainers.image.version': '2.0' } } });
    const layer = await (await raw(`/v2/team/web/blobs/${arm.layers[0]!.digest}`)).arrayBuffer();
    const tar = gunzipSync(new Uint8Array(layer));
    expect(new TextDecoder().decode(tar.subarray(257, 262))).toBe('ustar');
    expect(config.rootfs.diff_ids).toEqual([sha256(tar)]);
  });

  it('pushImage with docker media types and one platform makes a schema 2 manifest', async () => {
    const image = await seed.pushImage(target(), 'team/old', 'latest', { mediaTypes: 'docker' });
    expect(image.mediaType).toBe(SeedMediaTypes.dockerManifest);
    const res = await raw('/v2/team/old/manifests/latest');
    expect(res.headers.get('content-type')).toBe(SeedMediaTypes.dockerManifest);
    expect(res.headers.get('docker-content-digest')).toBe(image.platformDigests['linux/amd64']);
  });

  it('pushReferrerArtifact adds artifacts with subject and maintains the fallback tag', async () => {
    const { digest } = await seed.pushImage(target(), 'team/signed', 'v1');
    const sigType = 'application/vnd.dev.cosign.artifact.sig.v1+json';
    const sig = await seed.pushReferrerArtifact(target(), 'team/signed', digest, sigType);
    const sbom = await seed.pushReferrerArtifact(target(), 'team/signed', digest, 'application/spdx+json', {
      annotations: { kind: 'sbom' },
    });
    const artifact = await readJson<{ subject: { digest: string } }>(raw(`/v2/team/signed/manifests/${sig}`));
    expect(artifact).toMatchObject({ artifactType: sigType, subject: { digest } });
    type Fallback = {
      manifests: { digest: string; artifactType: string; annotations: Record<string, string> }[];
    };
    const fallback = await readJson<Fallback>(raw(`/v2/team/signed/manifests/${digest.replace(':', '-')}`));
    expect(fallback.manifests.map((m) => [m.digest, m.artifactType])).toEqual([
      [sig, sigType],
      [sbom, 'application/spdx+json'],
    ]);
    expect(fallback.manifests[1]!.annotations['kind']).toBe('sbom');
  });

  it('pushTags pushes many tags with distinct or shared digests', async () => {
    const tags = Array.from({ length: 200 }, (_, i) => `1.${i}.0`);
    const distinct = await seed.pushTags(target(), 'team/many', tags, { concurrency: 16 });
    expect(new Set(Object.values(distinct)).size).toBe(200);
    const shared = await seed.pushTags(target(), 'team/same', ['a', 'b', 'c'], { sameManifest: true });
    expect(new Set(Object.values(shared)).size).toBe(1);
    const list = await readJson<{ tags: string[] }>(raw('/v2/team/many/tags/list'));
    expect(list.tags.sort()).toEqual([...tags].sort());
  });

  it('pushTags with dataDir writes the storage layout the registry serves', async () => {
    const tags = Array.from({ length: 300 }, (_, i) => `2.${i}.0`);
    const digests = await seed.pushTags(target(), 'team/fast', tags, { dataDir: registry.dataDir });
    const list = await readJson<{ tags: string[] }>(raw('/v2/team/fast/tags/list'));
    expect(list.tags.sort()).toEqual([...tags].sort());
    const res = await raw('/v2/team/fast/manifests/2.299.0');
    expect([res.status, res.headers.get('content-type')]).toEqual([200, SeedMediaTypes.ociManifest]);
    expect(res.headers.get('docker-content-digest')).toBe(digests['2.299.0']);
    expect(sha256(new Uint8Array(await res.arrayBuffer()))).toBe(digests['2.299.0']);
  });
});
