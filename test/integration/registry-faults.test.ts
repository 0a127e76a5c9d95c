/**
 * Transport behaviour through the fault proxy in front of a real registry: request counts (HEAD before GET,
 * dedupe, pagination), retries, Retry-After, timeouts, truncated and garbage bodies, rate-limit headers.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OciRegistry, type OciRegistryOptions } from '../../src/adapters/registry/index.js';
import { isShipshapeError } from '../../src/core/errors.js';
import { MediaTypes } from '../../src/ports/registry.js';
import {
  pushBlob,
  pushImage,
  pushTags,
  startFaultProxy,
  startRegistry,
  type FaultProxy,
  type RunningRegistry,
  type SeededImage,
} from '../harness/index.js';
import { staticCredentials } from './registry-fixtures.js';

let registry: RunningRegistry;
let proxy: FaultProxy;
let single: SeededImage;
let multi: SeededImage;
let bigBlob: { digest: string; bytes: Uint8Array };
const clients: OciRegistry[] = [];

function client(options: Partial<OciRegistryOptions> = {}): OciRegistry {
  const c = new OciRegistry({ credentials: staticCredentials({}), retryBaseMs: 10, ...options });
  clients.push(c);
  return c;
}

async function failure(promise: Promise<unknown>): Promise<Error & { code: string }> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  expect(isShipshapeError(error), String(error)).toBe(true);
  return error as Error & { code: string };
}

const repo = () => ({ registry: proxy.host, repository: 'team/app' });
const count = (kind: string) => proxy.requests().filter((r) => r.kindOf === kind).length;

beforeAll(async () => {
  registry = await startRegistry();
  proxy = await startFaultProxy({ target: registry.url, paginateTags: true });
  single = await pushImage({ url: registry.url }, 'team/app', 'single', { mediaTypes: 'docker' });
  multi = await pushImage({ url: registry.url }, 'team/app', 'multi', {
    platforms: [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64' },
    ],
    attestations: true,
  });
  const bytes = randomBytes(200_000);
  bigBlob = { bytes, digest: await pushBlob({ url: registry.url }, 'team/app', bytes) };
});
// Removing a registry holding 12,500 tags (≈50k small files) takes a while on a busy machine.
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await proxy?.stop();
  await registry?.stop();
}, 180_000);
beforeEach(() => proxy.reset());

describe('request economy', () => {
  it('resolves a single-platform tag with exactly one request (HEAD)', async () => {
    const resolved = await client().resolve(repo(), 'single');
    expect(resolved).toEqual({
      digest: single.digest,
      mediaType: MediaTypes.dockerManifest,
      platformDigest: single.digest,
    });
    expect(proxy.requests().map((r) => `${r.method} ${r.kindOf}`)).toEqual(['HEAD manifest-head']);
  });

  it('resolves a multi-platform tag with HEAD + one GET of the index; the index is cached by digest', async () => {
    const c = client({ platform: { os: 'linux', architecture: 'arm64' } });
    expect((await c.resolve(repo(), 'multi')).platformDigest).toBe(multi.platformDigests['linux/arm64']);
    expect(proxy.countsByKind()).toMatchObject({ 'manifest-head': 1, 'manifest-get': 1 });
    expect((await c.resolve(repo(), 'multi')).platformDigest).toBe(multi.platformDigests['linux/arm64']);
    expect(proxy.countsByKind()).toMatchObject({ 'manifest-head': 2, 'manifest-get': 1 });
  });

  it('reports every request, and cache hits, to onRequest', async () => {
    const events: { kind: string; method: string; status: number; fromCache?: boolean }[] = [];
    const c = client({
      onRequest: ({ kind, method, status, fromCache }) =>
        events.push({ kind, method, status, ...(fromCache ? { fromCache } : {}) }),
    });
    await c.resolve(repo(), 'multi');
    await c.headManifest(repo(), multi.digest);
    proxy.setFault((r) =>
      r.kind === 'manifest-head' && r.count === 2 ? { kind: 'status', status: 502 } : undefined,
    );
    await c.resolve(repo(), 'single');
    expect(events).toEqual([
      { kind: 'manifest', method: 'HEAD', status: 200 },
      { kind: 'manifest', method: 'GET', status: 200 },
      { kind: 'manifest', method: 'GET', status: 200, fromCache: true },
      { kind: 'manifest', method: 'HEAD', status: 502 },
      { kind: 'manifest', method: 'HEAD', status: 200 },
    ]);
  });

  it('shares identical in-flight requests: 10 concurrent resolves → 1 request', async () => {
    const c = client();
    const results = await Promise.all(Array.from({ length: 10 }, () => c.resolve(repo(), 'single')));
    expect(new Set(results.map((r) => r.digest))).toEqual(new Set([single.digest]));
    expect(proxy.requests()).toHaveLength(1);
  });

  it('hashes a GET when HEAD carries no Docker-Content-Digest', async () => {
    proxy.setFault((r) =>
      r.kind === 'manifest-head'
        ? { kind: 'status', status: 200, headers: { 'content-type': MediaTypes.dockerManifest } }
        : undefined,
    );
    expect(await client().headManifest(repo(), 'single')).toEqual({
      digest: single.digest,
      mediaType: MediaTypes.dockerManifest,
      size: single.bytes.length,
    });
    expect(proxy.countsByKind()).toMatchObject({ 'manifest-head': 1, 'manifest-get': 1 });
  });

  it('pages through 2,500 tags following Link, in big pages', async () => {
    const tags = Array.from({ length: 2500 }, (_, i) => `t${String(i).padStart(5, '0')}`);
    await pushTags({ url: registry.url }, 'team/many', tags, {
      dataDir: registry.dataDir,
      sameManifest: true,
    });
    const listed = await client().listTags({ registry: proxy.host, repository: 'team/many' });
    expect(listed).toEqual(tags); // the proxy pages in sorted order
    expect(proxy.requests().map((r) => r.path)).toEqual([
      '/v2/team/many/tags/list?n=1000',
      '/v2/team/many/tags/list?n=1000&last=t00999',
      '/v2/team/many/tags/list?n=1000&last=t01999',
    ]);
    proxy.reset();
    expect(
      await client({ tagPageSize: 100 }).listTags({ registry: proxy.host, repository: 'team/many' }),
    ).toEqual(tags);
    expect(count('tags')).toBe(25);
  });

  it('lists 10,000 tags in linear time, also from a registry that ignores n (no Link)', async () => {
    const tags = Array.from({ length: 10_000 }, (_, i) => `v${i}`);
    await pushTags({ url: registry.url }, 'team/huge', tags, {
      dataDir: registry.dataDir,
      sameManifest: true,
    });
    const started = Date.now();
    const paged = await client().listTags({ registry: proxy.host, repository: 'team/huge' });
    expect(paged).toHaveLength(10_000);
    expect(count('tags')).toBe(10);
    const direct = await client().listTags({ registry: registry.host, repository: 'team/huge' }); // 2.8 ignores n
    expect([...direct].sort()).toEqual([...tags].sort());
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('uploads streamed blobs in chunks: POST, one PATCH per chunk, PUT', async () => {
    const bytes = randomBytes(250_000);
    const { createHash } = await import('node:crypto');
    const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    async function* stream() {
      for (let i = 0; i < bytes.length; i += 7_000) yield bytes.subarray(i, i + 7_000);
    }
    expect(
      await client().pushBlob({ registry: proxy.host, repository: 'team/up' }, digest, stream(), {
        chunkSize: 100_000,
      }),
    ).toBe('uploaded');
    expect(proxy.requests().map((r) => `${r.method} ${r.kindOf}`)).toEqual([
      'HEAD blob-head',
      'POST blob-upload',
      'PATCH blob-upload',
      'PATCH blob-upload',
      'PATCH blob-upload',
      'PUT blob-upload',
    ]);
    proxy.reset();
    expect(await client().pushBlob({ registry: proxy.host, repository: 'team/up' }, digest, bytes)).toBe(
      'skipped',
    );
    expect(proxy.requests()).toHaveLength(1);
  });
});

describe('faults', () => {
  it('retries a 500 and succeeds', async () => {
    proxy.setFault((r) =>
      r.kind === 'manifest-head' && r.count === 1 ? { kind: 'status', status: 500 } : undefined,
    );
    expect((await client().resolve(repo(), 'single')).digest).toBe(single.digest);
    expect(proxy.requests().map((r) => r.status)).toEqual([500, 200]);
  });

  it('waits for Retry-After (seconds) on 429, then succeeds', async () => {
    proxy.setFault((r) =>
      r.kind === 'manifest-head' && r.count === 1
        ? { kind: 'status', status: 429, headers: { 'retry-after': '1' } }
        : undefined,
    );
    const started = Date.now();
    expect((await client().resolve(repo(), 'single')).digest).toBe(single.digest);
    const log = proxy.requests();
    expect(log.map((r) => r.status)).toEqual([429, 200]);
    expect(log[1]!.at - log[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('gives up at once when Retry-After is beyond maxRetryAfterMs', async () => {
    proxy.setFault((r) =>
      r.kind === 'manifest-head'
        ? { kind: 'status', status: 429, headers: { 'retry-after': '3600' } }
        : undefined,
    );
    const error = await failure(client().resolve(repo(), 'single'));
    expect(error.code).toBe('REGISTRY_UNAVAILABLE');
    expect(error.message).toMatch(/retry after 3600 s/);
    expect(count('manifest-head')).toBe(1);
  });

  it('turns persistent 503s into REGISTRY_UNAVAILABLE after the retries, with the registry error text', async () => {
    const body = JSON.stringify({ errors: [{ code: 'UNAVAILABLE', message: 'maintenance window' }] });
    proxy.setFault((r) => (r.kind === 'manifest-head' ? { kind: 'status', status: 503, body } : undefined));
    const error = await failure(client({ retries: 2 }).headManifest(repo(), 'single'));
    expect(error.code).toBe('REGISTRY_UNAVAILABLE');
    expect((error as unknown as { retryable: boolean }).retryable).toBe(true);
    expect(error.message).toMatch(
      /^\[registry:127\.0\.0\.1:\d+\] manifest team\/app:single: HTTP 503.*after 3 attempts/,
    );
    expect(count('manifest-head')).toBe(3);
    proxy.setFault((r) => (r.kind === 'manifest-get' ? { kind: 'status', status: 503, body } : undefined));
    expect((await failure(client({ retries: 0 }).getManifest(repo(), 'single'))).message).toMatch(
      /UNAVAILABLE: maintenance window/,
    );
  });

  it('times out a slow response: REGISTRY_UNAVAILABLE', async () => {
    proxy.setFault((r) => (r.kind === 'manifest-head' ? { kind: 'delay', ms: 2_000 } : undefined));
    const started = Date.now();
    const error = await failure(client({ timeoutMs: 300, retries: 1 }).resolve(repo(), 'single'));
    expect(error.code).toBe('REGISTRY_UNAVAILABLE');
    expect(error.message).toMatch(/timed out/);
    expect(Date.now() - started).toBeLessThan(1_900);
    expect(count('manifest-head')).toBe(2);
  });

  it('retries a truncated manifest body, and reports MALFORMED_RESPONSE when it stays truncated', async () => {
    proxy.setFault((r) =>
      r.kind === 'manifest-get' && r.count === 1 ? { kind: 'truncate', bytes: 20 } : undefined,
    );
    expect((await client().getManifest(repo(), 'single')).digest).toBe(single.digest);
    expect(count('manifest-get')).toBe(2);
    proxy.reset();
    proxy.setFault((r) => (r.kind === 'manifest-get' ? { kind: 'truncate', bytes: 20 } : undefined));
    const error = await failure(client({ retries: 1 }).getManifest(repo(), 'single'));
    expect(error.code).toBe('MALFORMED_RESPONSE');
    expect(error.message).toMatch(/truncated/);
  });

  it('reports garbage JSON as MALFORMED_RESPONSE', async () => {
    proxy.setFault((r) =>
      r.kind === 'manifest-get' || r.kind === 'tags'
        ? { kind: 'garbage', body: '{"schemaVersion": 2, "lay' }
        : undefined,
    );
    const manifest = await failure(client().getManifest(repo(), 'single'));
    expect(manifest.code).toBe('MALFORMED_RESPONSE');
    expect(manifest.message).toMatch(/not valid JSON|does not match Docker-Content-Digest/);
    expect((await failure(client().listTags(repo()))).code).toBe('MALFORMED_RESPONSE');
    // Valid JSON that is not the requested digest's content is caught too.
    proxy.setFault((r) =>
      r.kind === 'manifest-get' ? { kind: 'garbage', body: '{"schemaVersion":2,"manifests":[]}' } : undefined,
    );
    expect((await failure(client().getManifest(repo(), multi.digest))).message).toMatch(
      /not the requested digest/,
    );
  });

  it('retries a connection reset, and gives up with REGISTRY_UNAVAILABLE', async () => {
    proxy.setFault((r) => (r.kind === 'manifest-head' && r.count <= 2 ? { kind: 'reset' } : undefined));
    expect((await client().resolve(repo(), 'single')).digest).toBe(single.digest);
    expect(count('manifest-head')).toBe(3);
    proxy.reset();
    proxy.setFault(() => ({ kind: 'reset' }));
    const error = await failure(client({ retries: 2 }).ping(proxy.host));
    expect(error.code).toBe('REGISTRY_UNAVAILABLE');
    expect(count('ping')).toBe(3);
  });

  it('fails a blob stream that keeps breaking with MALFORMED_RESPONSE instead of short data', async () => {
    proxy.setFault((r) => (r.kind === 'blob-get' ? { kind: 'truncate', bytes: 20_000 } : undefined));
    const stream = await client().getBlob(repo(), bigBlob.digest);
    let received = 0;
    const error = await failure(
      (async () => {
        for await (const chunk of stream) received += chunk.length;
      })(),
    );
    expect(error.code).toBe('MALFORMED_RESPONSE');
    expect(error.message).toMatch(/after 80000 bytes \(3 resumed downloads\)/);
    // The first request and three resumes, each from where the last one broke.
    expect(proxy.requests().map((r) => r.range)).toEqual([
      null,
      'bytes=20000-',
      'bytes=40000-',
      'bytes=60000-',
    ]);
    expect(received).toBe(80_000);
  });

  it('resumes a broken blob download with a Range request; the digest covers the whole blob', async () => {
    proxy.setFault((r) =>
      r.kind === 'blob-get' && r.count === 1 ? { kind: 'truncate', bytes: 50_000 } : undefined,
    );
    const chunks: Uint8Array[] = [];
    for await (const chunk of await client().getBlob(repo(), bigBlob.digest)) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(Buffer.from(bigBlob.bytes))).toBe(true);
    // (A response cut short never finishes: the proxy logs status 0 for it.)
    expect(proxy.requests().map((r) => [r.range, r.fault, r.status])).toEqual([
      [null, 'truncate', 0],
      ['bytes=50000-', null, 206],
    ]);
  });

  it('resumes from a registry that ignores Range by skipping what it already has', async () => {
    proxy.setFault((r) =>
      r.kind !== 'blob-get'
        ? undefined
        : r.count === 1
          ? { kind: 'truncate', bytes: 50_000 }
          : { kind: 'ignore-range' },
    );
    const chunks: Uint8Array[] = [];
    for await (const chunk of await client().getBlob(repo(), bigBlob.digest)) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(Buffer.from(bigBlob.bytes))).toBe(true);
    expect(proxy.requests().map((r) => [r.range, r.fault, r.status])).toEqual([
      [null, 'truncate', 0],
      ['bytes=50000-', 'ignore-range', 200],
    ]);
  });

  it('fails a blob whose bytes do not match the digest', async () => {
    proxy.setFault((r) => (r.kind === 'blob-get' ? { kind: 'garbage', body: 'not the blob' } : undefined));
    const error = await failure(
      (async () => {
        for await (const _ of await client().getBlob(repo(), bigBlob.digest)) void _;
      })(),
    );
    expect(error.code).toBe('MALFORMED_RESPONSE');
    expect(error.message).toMatch(/does not match its digest/);
  });

  it('reads RateLimit-Limit / RateLimit-Remaining', async () => {
    const c = client();
    expect(c.rateLimit(proxy.host)).toBeNull();
    proxy.setFault((r) =>
      r.kind === 'ping'
        ? {
            kind: 'status',
            status: 200,
            headers: { 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '76;w=21600' },
          }
        : undefined,
    );
    await c.ping(proxy.host);
    expect(c.rateLimit(proxy.host)).toMatchObject({ limit: 100, remaining: 76, windowSeconds: 21600 });
  });
});
