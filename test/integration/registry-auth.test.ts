/** Auth against real registries: token batching and reuse, every credential kind, secrets kept out of errors. */
import { createServer } from 'node:http';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OciRegistry } from '../../src/adapters/registry/index.js';
import { isShipshapeError } from '../../src/core/errors.js';
import type { Credential } from '../../src/ports/credentials.js';
import {
  postTokenForm,
  pushBlob,
  pushImage,
  readJson,
  requestToken,
  startFaultProxy,
  startRegistry,
  type FaultProxy,
  type RunningRegistry,
} from '../harness/index.js';
import { seedTarget, staticCredentials } from './registry-fixtures.js';

const PASSWORD = 's3cret-pw';

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

function expectNoSecret(error: Error, ...secrets: string[]): void {
  const renderings = [
    error.message,
    String(error),
    inspect(error, { depth: 10 }),
    JSON.stringify(error),
    error.stack ?? '',
  ];
  for (const secret of secrets) for (const text of renderings) expect(text).not.toContain(secret);
}

describe('token auth', () => {
  let registry: RunningRegistry;
  const repos = Array.from({ length: 12 }, (_, i) => `team/svc-${i}`);
  let creds: Record<string, Credential>;

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'token' });
    creds = { [registry.host]: { username: 'tester', password: PASSWORD } };
    for (const repo of repos) await pushImage(seedTarget(registry), repo, '1.0');
  });
  afterAll(() => registry?.stop());

  const tokenRequests = () => registry.tokenServer!.requests().filter((r) => r.status === 200);

  it('serves N concurrent repositories with one multi-scope token request', async () => {
    const client = new OciRegistry({ credentials: staticCredentials(creds) });
    try {
      registry.tokenServer!.reset();
      const tags = await Promise.all(
        repos.map((repository) => client.listTags({ registry: registry.host, repository })),
      );
      expect(tags.every((t) => t.includes('1.0'))).toBe(true);
      const issued = tokenRequests();
      expect(issued).toHaveLength(1);
      expect(issued[0]!.scopes.sort()).toEqual(repos.map((r) => `repository:${r}:pull`).sort());
      // …and the token is reused afterwards.
      await Promise.all(
        repos.map((repository) => client.resolve({ registry: registry.host, repository }, '1.0')),
      );
      expect(tokenRequests()).toHaveLength(1);
    } finally {
      await client.close();
    }
  });

  it('prefetchTokens asks once for all repositories; later sequential calls need no token request', async () => {
    const client = new OciRegistry({ credentials: staticCredentials(creds) });
    try {
      registry.tokenServer!.reset();
      await client.prefetchTokens(registry.host, repos);
      expect(tokenRequests()).toHaveLength(1);
      for (const repository of repos)
        await client.headManifest({ registry: registry.host, repository }, '1.0');
      expect(tokenRequests()).toHaveLength(1);
    } finally {
      await client.close();
    }
  });

  it('prefetches running side by side ask only for what the other does not cover', async () => {
    const client = new OciRegistry({ credentials: staticCredentials(creds) });
    try {
      registry.tokenServer!.reset();
      const [first, second] = [repos.slice(0, 8), repos.slice(4)];
      await Promise.all([
        client.prefetchTokens(registry.host, first),
        client.prefetchTokens(registry.host, second),
      ]);
      // The two token requests run side by side, so they may reach the token server in either order.
      const bySize = (a: string[], b: string[]) => b.length - a.length;
      const issued = tokenRequests()
        .map((r) => r.scopes.sort())
        .sort(bySize);
      expect(issued).toEqual([
        first.map((r) => `repository:${r}:pull`).sort(),
        repos
          .slice(8)
          .map((r) => `repository:${r}:pull`)
          .sort(),
      ]);
      for (const repository of repos)
        await client.headManifest({ registry: registry.host, repository }, '1.0');
      expect(tokenRequests()).toHaveLength(2);
    } finally {
      await client.close();
    }
  });

  it('splits a batch by maxScopesPerToken', async () => {
    const client = new OciRegistry({ credentials: staticCredentials(creds), maxScopesPerToken: 5 });
    try {
      registry.tokenServer!.reset();
      await client.prefetchTokens(registry.host, repos);
      // The three token requests run concurrently: their order is not fixed.
      expect(
        tokenRequests()
          .map((r) => r.scopes.length)
          .sort((a, b) => b - a),
      ).toEqual([5, 5, 2]);
    } finally {
      await client.close();
    }
  });

  it('fetches a new token once the cached one is past expires_in (injected clock)', async () => {
    let now = Date.now();
    const client = new OciRegistry({ credentials: staticCredentials(creds), now: () => now });
    const repo = { registry: registry.host, repository: repos[0]! };
    try {
      registry.tokenServer!.reset();
      await client.listTags(repo);
      now += 200_000; // token lifetime is 300 s: still reused
      await client.listTags(repo);
      expect(tokenRequests()).toHaveLength(1);
      now += 100_000;
      await client.listTags(repo);
      expect(tokenRequests()).toHaveLength(2);
    } finally {
      await client.close();
    }
  });

  it('exchanges an identity token (refresh_token grant) at the realm', async () => {
    const granted = await readJson<{ refresh_token: string }>(
      postTokenForm(registry.tokenServer!, {
        grant_type: 'password',
        username: 'tester',
        password: PASSWORD,
        access_type: 'offline',
        client_id: 'test',
      }),
    );
    const client = new OciRegistry({
      credentials: staticCredentials({ [registry.host]: { identityToken: granted.refresh_token } }),
    });
    try {
      registry.tokenServer!.reset();
      await client.copyImage(
        { registry: registry.host, repository: repos[1]! },
        '1.0',
        { registry: registry.host, repository: 'team/by-identity' },
        '1.0',
      );
      const used = registry.tokenServer!.requests();
      expect(used.length).toBeGreaterThan(0);
      expect(
        used.every((r) => r.grantType === 'refresh_token' && r.account === 'tester' && r.status === 200),
      ).toBe(true);
    } finally {
      await client.close();
    }
  });

  it('sends a registry token as it is, without token requests', async () => {
    const { token } = await readJson<{ token: string }>(
      requestToken(registry.tokenServer!, [`repository:${repos[2]}:pull`], {
        username: 'tester',
        password: PASSWORD,
      }),
    );
    const client = new OciRegistry({
      credentials: staticCredentials({ [registry.host]: { registryToken: token } }),
    });
    try {
      registry.tokenServer!.reset();
      expect(await client.listTags({ registry: registry.host, repository: repos[2]! })).toEqual(['1.0']);
      expect(registry.tokenServer!.requests()).toHaveLength(0);
      // The token does not cover other repositories: AUTH_FAILED, and the token is not in the error.
      const error = await failure(client.listTags({ registry: registry.host, repository: repos[3]! }));
      expect(error.code).toBe('AUTH_FAILED');
      expectNoSecret(error, token);
    } finally {
      await client.close();
    }
  });

  it('reads anonymously where the token server allows it, and fails pushes with AUTH_FAILED', async () => {
    const client = new OciRegistry({ credentials: staticCredentials({}) });
    const repo = { registry: registry.host, repository: repos[4]! };
    try {
      expect((await client.resolve(repo, '1.0')).digest).toMatch(/^sha256:/);
      const error = await failure(client.pushBlob(repo, `sha256:${'1'.repeat(64)}`, new Uint8Array([1])));
      expect(error.code).toBe('AUTH_FAILED');
      expect(error.message).toMatch(/^\[registry:127\.0\.0\.1:\d+\] /);
    } finally {
      await client.close();
    }
  });

  it('never hands a secret to the logger or onRequest', async () => {
    const lines: string[] = [];
    const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
      void lines.push(JSON.stringify([level, message, fields]));
    const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
    const tokens: string[] = [];
    const client = new OciRegistry({
      credentials: staticCredentials(creds),
      logger,
      onRequest: (e) => lines.push(JSON.stringify(e)),
      retryBaseMs: 1,
    });
    try {
      await client.copyImage(
        { registry: registry.host, repository: repos[5]! },
        '1.0',
        { registry: registry.host, repository: 'team/logged' },
        '1.0',
      );
      await client
        .listTags({ registry: registry.host, repository: 'team/does-not-exist' })
        .catch(() => undefined);
      for (const r of registry.tokenServer!.requests()) tokens.push(...r.scopes);
      expect(lines.length).toBeGreaterThan(5);
      const all = lines.join('\n');
      expect(all).not.toContain(PASSWORD);
      expect(all).not.toContain(Buffer.from(`tester:${PASSWORD}`).toString('base64'));
      expect(all).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // no JWT
    } finally {
      await client.close();
    }
  });

  it('keeps a wrong password out of every error rendering', async () => {
    const client = new OciRegistry({
      credentials: staticCredentials({
        [registry.host]: { username: 'tester', password: 'hunter2-wrong-pw' },
      }),
    });
    try {
      const error = await failure(client.listTags({ registry: registry.host, repository: repos[0]! }));
      expect(error.code).toBe('AUTH_FAILED');
      expectNoSecret(error, 'hunter2-wrong-pw', Buffer.from('tester:hunter2-wrong-pw').toString('base64'));
    } finally {
      await client.close();
    }
  });
});

describe('token expiry enforced by the registry', () => {
  it('refetches transparently when the registry rejects a cached token', async () => {
    const registry = await startRegistry({ auth: 'token', tokenTtlSeconds: 1, exactTokenExpiry: true });
    const client = new OciRegistry({
      credentials: staticCredentials({ [registry.host]: { username: 'tester', password: PASSWORD } }),
    });
    try {
      await pushImage(seedTarget(registry), 'team/short', '1');
      const repo = { registry: registry.host, repository: 'team/short' };
      await client.listTags(repo);
      await new Promise((r) => setTimeout(r, 1500));
      registry.tokenServer!.reset();
      expect(await client.listTags(repo)).toEqual(['1']); // our cache says 60 s; the registry says 1 s
      expect(registry.tokenServer!.requests()).toHaveLength(1);
    } finally {
      await client.close();
      await registry.stop();
    }
  });
});

describe('multi-scope token rejected', () => {
  let registry: RunningRegistry;
  let proxy: FaultProxy;
  beforeAll(async () => {
    registry = await startRegistry({ auth: 'token' });
    proxy = await startFaultProxy({ target: registry.url });
    for (const r of ['team/a', 'team/b']) await pushImage(seedTarget(registry), r, '1');
  });
  afterAll(async () => {
    await proxy?.stop();
    await registry?.stop();
  });

  it('falls back to one token per repository', async () => {
    const tokenServer = registry.tokenServer!;
    const client = new OciRegistry({
      credentials: staticCredentials({ [proxy.host]: { username: 'tester', password: PASSWORD } }),
    });
    let rejected = false;
    // Like a registry that only honours the first scope of a token: refuse team/b's first authorized request.
    proxy.setFault((r) => {
      if (rejected || !r.path.startsWith('/v2/team/b/')) return undefined;
      if (tokenServer.requests().length === 0) return undefined; // the unauthenticated probe
      rejected = true;
      return {
        kind: 'status',
        status: 401,
        headers: {
          'www-authenticate': `Bearer realm="${tokenServer.realm}",service="${tokenServer.service}",scope="repository:team/b:pull",error="insufficient_scope"`,
        },
        body: JSON.stringify({
          errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }],
        }),
      };
    });
    try {
      tokenServer.reset();
      const [a, b] = await Promise.all(
        ['team/a', 'team/b'].map((repository) => client.listTags({ registry: proxy.host, repository })),
      );
      expect([a, b]).toEqual([['1'], ['1']]);
      expect(rejected).toBe(true);
      expect(tokenServer.requests().map((r) => r.scopes.sort())).toEqual([
        ['repository:team/a:pull', 'repository:team/b:pull'],
        ['repository:team/b:pull'],
      ]);
    } finally {
      await client.close();
    }
  });
});

describe('Basic auth', () => {
  let registry: RunningRegistry;
  let proxy: FaultProxy;
  beforeAll(async () => {
    registry = await startRegistry({ auth: 'basic' });
    proxy = await startFaultProxy({ target: registry.url });
    await pushImage(seedTarget(registry), 'team/app', '1');
  });
  afterAll(async () => {
    await proxy?.stop();
    await registry?.stop();
  });

  it('answers the first challenge, then sends Basic preemptively', async () => {
    const client = new OciRegistry({
      credentials: staticCredentials({ [proxy.host]: { username: 'tester', password: PASSWORD } }),
    });
    const repo = { registry: proxy.host, repository: 'team/app' };
    try {
      proxy.reset();
      await client.listTags(repo);
      await client.resolve(repo, '1');
      await client.getImageConfig(repo, '1');
      const statuses = proxy.requests().map((r) => r.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(1);
      expect(statuses[0]).toBe(401);
    } finally {
      await client.close();
    }
  });

  it('fails with AUTH_FAILED without credentials or with a wrong password, never showing it', async () => {
    const anonymous = new OciRegistry({ credentials: staticCredentials({}) });
    const wrong = new OciRegistry({
      credentials: staticCredentials({
        [registry.host]: { username: 'tester', password: 'wrong-horse-battery' },
      }),
    });
    try {
      expect(
        (await failure(anonymous.listTags({ registry: registry.host, repository: 'team/app' }))).code,
      ).toBe('AUTH_FAILED');
      const error = await failure(wrong.resolve({ registry: registry.host, repository: 'team/app' }, '1'));
      expect(error.code).toBe('AUTH_FAILED');
      expectNoSecret(
        error,
        'wrong-horse-battery',
        Buffer.from('tester:wrong-horse-battery').toString('base64'),
      );
    } finally {
      await anonymous.close();
      await wrong.close();
    }
  });

  it('follows a blob redirect to another host without sending credentials there', async () => {
    const blob = new TextEncoder().encode('layer bytes served by object storage');
    const digest = await pushBlob(seedTarget(registry), 'team/app', blob);
    const seen: (string | undefined)[] = [];
    const storage = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-length': blob.length });
      res.end(blob);
    });
    await new Promise<void>((r) => storage.listen(0, '127.0.0.1', r));
    const port = (storage.address() as { port: number }).port;
    const client = new OciRegistry({
      credentials: staticCredentials({ [proxy.host]: { username: 'tester', password: PASSWORD } }),
    });
    try {
      proxy.setFault((r) =>
        r.kind === 'blob-get'
          ? {
              kind: 'status',
              status: 307,
              headers: { location: `http://localhost:${port}/bucket/blob?X-Amz-Signature=abc` },
            }
          : undefined,
      );
      const chunks: Uint8Array[] = [];
      for await (const chunk of await client.getBlob(
        { registry: proxy.host, repository: 'team/app' },
        digest,
      ))
        chunks.push(chunk);
      expect(Buffer.concat(chunks).toString()).toBe('layer bytes served by object storage');
      expect(seen).toEqual([undefined]);
      // The registry itself did get credentials (its blob GET was authorized).
      expect(proxy.requests().some((r) => r.kindOf === 'blob-get' && r.status === 307)).toBe(true);
    } finally {
      proxy.setFault(null);
      await client.close();
      await new Promise((r) => storage.close(r));
    }
  });
});
