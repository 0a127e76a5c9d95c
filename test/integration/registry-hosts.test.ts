/** Host configuration against real registries: TLS with a private CA, plain HTTP, pull-through mirrors. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OciRegistry } from '../../src/adapters/registry/index.js';
import { isShipshapeError } from '../../src/core/errors.js';
import {
  pushImage,
  startFaultProxy,
  startRegistry,
  type FaultProxy,
  type RunningRegistry,
} from '../harness/index.js';
import { staticCredentials } from './registry-fixtures.js';

/** A TLS-terminating front for a registry, with a throwaway self-signed certificate for localhost. */
async function startTlsFront(
  target: string,
): Promise<{ port: number; ca: string; requests: () => number; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-tls-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
  ], { stdio: 'ignore' }); // prettier-ignore
  const ca = readFileSync(join(dir, 'cert.pem'), 'utf8');
  const upstream = new URL(target);
  let count = 0;
  const server: Server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: ca }, (req, res) => {
    count++;
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    ca,
    requests: () => count,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('TLS with a per-host CA bundle', () => {
  let registry: RunningRegistry;
  let tls: Awaited<ReturnType<typeof startTlsFront>>;
  beforeAll(async () => {
    registry = await startRegistry();
    tls = await startTlsFront(registry.url);
    await pushImage({ url: registry.url }, 'team/app', '1');
  });
  afterAll(async () => {
    await tls?.stop();
    await registry?.stop();
  });

  it('trusts the configured CA for that host only', async () => {
    const host = `localhost:${tls.port}`;
    const client = new OciRegistry({ credentials: staticCredentials({}), hosts: { [host]: { ca: tls.ca } } });
    try {
      expect(await client.listTags({ registry: host, repository: 'team/app' })).toEqual(['1']);
      expect(tls.requests()).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it('fails with a non-retryable REGISTRY_UNAVAILABLE naming the CA when the certificate is not trusted', async () => {
    const host = `localhost:${tls.port}`;
    const client = new OciRegistry({
      credentials: staticCredentials({}),
      hosts: { [host]: { insecure: false } },
    });
    try {
      const error = await client
        .listTags({ registry: host, repository: 'team/app' })
        .catch((e: unknown) => e);
      expect(isShipshapeError(error, 'REGISTRY_UNAVAILABLE')).toBe(true);
      expect((error as { retryable: boolean }).retryable).toBe(false);
      expect((error as Error).message).toMatch(/TLS failure .*CA bundle/);
    } finally {
      await client.close();
    }
  });
});

describe('pull-through mirror', () => {
  let upstream: RunningRegistry;
  let mirror: RunningRegistry;
  let mirrorProxy: FaultProxy;
  beforeAll(async () => {
    [upstream, mirror] = await Promise.all([startRegistry(), startRegistry()]);
    mirrorProxy = await startFaultProxy({ target: mirror.url });
    const cached = await pushImage({ url: upstream.url }, 'library/app', 'cached');
    await pushImage({ url: mirror.url }, 'library/app', 'cached', { created: '2020-01-01T00:00:00Z' });
    await pushImage({ url: upstream.url }, 'library/app', 'fresh');
    void cached;
  });
  afterAll(async () => {
    await mirrorProxy?.stop();
    await Promise.all([upstream?.stop(), mirror?.stop()]);
  });

  it('reads from the mirror, falls back to the registry, and writes to the registry', async () => {
    const client = new OciRegistry({
      credentials: staticCredentials({}),
      hosts: { [upstream.host]: { mirror: mirrorProxy.url } },
    });
    const repo = { registry: upstream.host, repository: 'library/app' };
    try {
      // The mirror has its own copy of "cached" (an older build): it is what we read.
      expect((await client.getImageConfig(repo, 'cached')).created).toBe('2020-01-01T00:00:00Z');
      expect(mirrorProxy.countsByKind()['manifest-get']).toBe(1);
      // "fresh" is not on the mirror: 404 there, then the registry answers.
      expect((await client.resolve(repo, 'fresh')).digest).toMatch(/^sha256:/);
      expect(mirrorProxy.countsByKind()['manifest-head']).toBe(1);
      // Writes never go to the mirror.
      mirrorProxy.reset();
      await client.copyImage(repo, 'fresh', { ...repo, repository: 'library/copy' }, 'fresh');
      expect(mirrorProxy.requests().filter((r) => r.method !== 'GET' && r.method !== 'HEAD')).toEqual([]);
      expect(await client.listTags({ registry: mirror.host, repository: 'library/app' })).toEqual(['cached']);
    } finally {
      await client.close();
    }
  });
});
