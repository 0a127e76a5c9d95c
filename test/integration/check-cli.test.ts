/**
 * `shipshape check` end to end, in-process through runCli, against a real registry behind the fault proxy
 * (which counts requests by kind).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../harness/cli.js';
import type { CheckReport } from '../../src/core/plan/report.js';
import { startFaultProxy, type FaultProxy } from '../harness/fault-proxy.js';
import { startRegistry, type RunningRegistry } from '../harness/registry-server.js';
import { pushImage, pushTags } from '../harness/seed.js';
import { parseReport } from '../harness/schemas.js';

let registry: RunningRegistry;
let proxy: FaultProxy;
let root: string;
let host: string;
let digests: Record<string, string>;

function write(rel: string, text: string): void {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCliCaptured(argv, { cwd: root });
}

beforeAll(async () => {
  registry = await startRegistry();
  proxy = await startFaultProxy({ target: registry.url });
  host = proxy.host;
  const t = { url: registry.url };
  await pushTags(t, 'library/nginx', [
    '1.21.1-alpine',
    '1.21.6-alpine',
    '1.27.5-alpine',
    '1.27.5',
    '1.27.5-alpine3.20',
    '2.0.0-alpine',
    'latest',
  ]);
  await pushTags(t, 'acme/api', ['v1.4.2', 'v1.4.3', 'v1.5.0', 'v2.0.0', 'v2.1.0-rc.1']);
  digests = await pushTags(t, 'acme/worker', ['1.0', '1.1', '2.0']);
  await pushImage(t, 'acme/multi', 'stable', {
    platforms: [
      { os: 'linux', architecture: 'amd64' },
      { os: 'linux', architecture: 'arm64', variant: 'v8' },
    ],
    attestations: true,
  });
  root = mkdtempSync(join(tmpdir(), 'shipshape-check-'));
  write(
    'svc1/Dockerfile',
    `# base image\nARG TAG=1.21.1-alpine\nFROM ${host}/library/nginx:\${TAG} AS web\nFROM ${host}/acme/worker:1.0@${digests['1.0']}\n`,
  );
  write(
    'svc1/docker-compose.yml',
    `services:\n  api:\n    image: "${host}/acme/api:v1.4.2"\n  gone:\n    image: ${host}/acme/missing:1.0.0\n  unresolved:\n    image: ${host}/acme/api:\${NOPE}\n`,
  );
  write(
    'k8s/deploy.yaml',
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: m }\nspec:\n  template:\n    spec:\n      containers:\n        - name: m\n          image: ${host}/acme/multi:stable\n`,
  );
  write('broken/compose.yaml', 'services:\n  web:\n    image: [unclosed\n');
});

afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('shipshape check', () => {
  it('prints one JSON document with the contract fields and exits 3 when some references could not be resolved', async () => {
    proxy.reset();
    const { code, stdout } = await cli(['check', '.', '--format', 'json', '--no-store']);
    expect(code).toBe(3);
    const report = parseReport<CheckReport>('check-report', stdout);
    expect(report.schemaVersion).toBe(1);
    const byImage = new Map(report.references.map((r) => [`${r.file}:${r.line}`, r]));

    expect(byImage.get('svc1/Dockerfile:3')).toMatchObject({
      kind: 'dockerfile',
      image: `${host}/library/nginx:1.21.1-alpine`,
      registry: host,
      repository: 'library/nginx',
      tag: '1.21.1-alpine',
      digest: null,
      status: 'update-available',
      error: null,
    });
    expect(byImage.get('svc1/Dockerfile:3')!.updates.map((u) => [u.type, u.tag])).toEqual([
      ['patch', '1.21.6-alpine'],
      ['minor', '1.27.5-alpine'],
      ['major', '2.0.0-alpine'],
    ]);
    // A pinned reference: candidates come with their digests, as the registry serves them.
    const worker = byImage.get('svc1/Dockerfile:4')!;
    expect(worker.digest).toBe(digests['1.0']);
    expect(worker.updates).toEqual([
      { type: 'minor', tag: '1.1', digest: digests['1.1'], reasons: [] },
      { type: 'major', tag: '2.0', digest: digests['2.0'], reasons: [] },
    ]);
    expect(byImage.get('svc1/docker-compose.yml:3')!.updates.map((u) => u.tag)).toEqual([
      'v1.4.3',
      'v1.5.0',
      'v2.0.0',
    ]);
    expect(byImage.get('svc1/docker-compose.yml:5')).toMatchObject({ status: 'error', updates: [] });
    expect(byImage.get('svc1/docker-compose.yml:5')!.error).toMatch(/acme\/missing/);
    expect(byImage.get('svc1/docker-compose.yml:7')).toMatchObject({ status: 'skipped' });
    expect(byImage.get('k8s/deploy.yaml:9')).toMatchObject({ kind: 'kubernetes', status: 'skipped' });
    expect(report.problems?.[0]).toMatchObject({
      file: 'broken/compose.yaml',
      line: expect.any(Number) as number,
    });
    expect(report.summary).toEqual({ references: 6, updateAvailable: 3, upToDate: 0, skipped: 2, errors: 1 });

    // One tag listing per distinct repository (nginx, worker, api, missing), digests only for the pinned one.
    const counts = proxy.countsByKind();
    expect(counts.tags).toBe(4);
    expect(counts['manifest-head'] + counts['manifest-get']).toBeLessThanOrEqual(3);
  });

  it('exits 1 with --fail-on updates only when updates exist and 0 otherwise', async () => {
    const onlyApi = await cli([
      'check',
      'svc1',
      '--format',
      'json',
      '--no-store',
      '--fail-on',
      'major',
      '--config',
      writeConfig('policy:\n  ignore: []\n'),
    ]);
    expect(onlyApi.code).toBe(3); // acme/missing is still unresolved in svc1
    write('up/compose.yaml', `services:\n  a:\n    image: ${host}/acme/api:v2.0.0\n`);
    const upToDate = await cli(['check', 'up', '--fail-on', 'updates', '--no-store']);
    expect(upToDate.code).toBe(0);
    expect(upToDate.stdout).toMatch(/1 references: 0 with updates, 1 up to date/);
    write('old/compose.yaml', `services:\n  a:\n    image: ${host}/acme/api:v1.5.0\n`);
    const old = await cli(['check', 'old', '--fail-on', 'updates', '--no-store']);
    expect(old.code).toBe(1);
    expect((await cli(['check', 'old', '--fail-on', 'major', '--no-store'])).code).toBe(1);
    expect((await cli(['check', 'old', '--no-store'])).code).toBe(0);
  });

  it('pins mutable tags of multi-arch images to the index digest when pinDigests is on', async () => {
    const cfg = writeConfig('policy:\n  pinDigests: true\n');
    const { stdout } = await cli(['check', 'k8s', '--format', 'json', '--no-store', '--config', cfg]);
    const report = parseReport<CheckReport>('check-report', stdout);
    const r = report.references[0]!;
    expect(r.status).toBe('update-available');
    expect(r.updates).toHaveLength(1);
    expect(r.updates[0]).toMatchObject({ type: 'pin', tag: 'stable' });
    expect(r.updates[0]!.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('caches registry answers in the store and bypasses them with --refresh', async () => {
    const cfg = writeConfig(`store:\n  path: ${join(root, 'state', 'state.db')}\n`);
    proxy.reset();
    await cli(['check', 'old', '--config', cfg]);
    expect(proxy.countsByKind().tags).toBe(1);
    proxy.reset();
    await cli(['check', 'old', '--config', cfg]);
    expect(proxy.countsByKind().tags).toBe(0);
    proxy.reset();
    await cli(['check', 'old', '--config', cfg, '--refresh']);
    expect(proxy.countsByKind().tags).toBe(1);
  });

  it('exits 2 with a message naming the file, line and key for a bad config', async () => {
    const cfg = writeConfig('policy:\n  updateTypes: [mjaor]\n');
    const { code, stderr, stdout } = await cli(['check', 'old', '--config', cfg]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/shipshape\.yaml:2:\d+: policy\.updateTypes\[0\]: invalid value "mjaor"/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 2 for bad usage', async () => {
    const missing = await cli(['check', 'no-such-dir']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('path "no-such-dir" does not exist');
    expect((await cli(['check', '--format', 'xml'])).code).toBe(2);
    expect((await cli(['check', '--fail-on', 'sometimes'])).code).toBe(2);
    expect((await cli(['nonsense'])).code).toBe(2);
  });

  it('prints a table grouped by file and a markdown table', async () => {
    const table = await cli(['check', 'old', '--no-store']);
    expect(table.stdout).toContain('compose.yaml\n');
    expect(table.stdout).toMatch(/↑ :3 +\S+acme\/api:v1\.5\.0 +major v2\.0\.0/);
    const md = await cli(['check', 'old', '--no-store', '--format', 'markdown']);
    expect(md.stdout).toContain('| File | Line | Image | Status | Updates |');
    expect(md.stdout).toContain(
      `| compose.yaml | 3 | \`${host}/acme/api:v1.5.0\` | update-available | major v2.0.0 |`,
    );
  });
});

let configs = 0;
function writeConfig(text: string): string {
  const path = join(root, `cfg${++configs}`, 'shipshape.yaml');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

describe('shipshape check against a token-auth registry', () => {
  it('gets one token for all repositories of a registry', async () => {
    const tokenRegistry = await startRegistry({ auth: 'token' });
    try {
      const target = { url: tokenRegistry.url, auth: tokenRegistry.users[0]! };
      const names = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => `team/${n}`);
      for (const n of names) await pushTags(target, n, ['1.0.0', '1.1.0']);
      const dir = join(root, 'token-tree');
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'compose.yaml'),
        `services:\n${names.map((n, i) => `  s${i}:\n    image: ${tokenRegistry.host}/${n}:1.0.0\n`).join('')}`,
      );
      tokenRegistry.tokenServer!.reset();
      // Sequential reads: without a prefetch each repository would need its own token.
      const { code, stdout } = await cli([
        '--concurrency',
        '1',
        'check',
        dir,
        '--format',
        'json',
        '--no-store',
      ]);
      expect(code).toBe(0);
      const report = parseReport<CheckReport>('check-report', stdout);
      expect(report.references.map((r) => r.updates[0]?.tag)).toEqual(names.map(() => '1.1.0'));
      const requests = tokenRegistry.tokenServer!.requests();
      expect(requests).toHaveLength(1);
      expect(requests[0]!.scopes).toHaveLength(names.length);
    } finally {
      await tokenRegistry.stop();
    }
  });
});
