/**
 * The rollout commands end to end through the CLI against the real engine: the JSON contract and exit
 * codes of `update`, `rollback`, `history` and `recover`; `kill -9` of Shipshape while it verifies a
 * new container, recovered by `shipshape recover` and by the next `update`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteHistory } from '../../src/adapters/store/sqlite/sqlite-history.js';
import { runCliCaptured } from '../harness/cli.js';
import {
  buildCandidates,
  type BuiltCandidate,
  type CandidateKind,
} from '../harness/docker-images/candidates.js';
import { DockerResources, dockerSkipReason, testDocker, testPrefix } from '../harness/docker/index.js';
import { startRegistry, type RunningRegistry } from '../harness/registry-server.js';
import { docker, inspectJson, cleanupRollout } from './update-fixtures.js';
import { parseReport } from '../harness/schemas.js';
import type { UpdateReport } from '../../src/core/rollout/types.js';
import type { HistoryReport } from '../../src/app/history.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = ['--import', 'tsx', join(ROOT, 'src/cli/bin.ts')];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const skip = dockerSkipReason();

describe.skipIf(skip !== null)('rollout commands (CLI, real engine)', () => {
  const res = new DockerResources(testDocker(), testPrefix());
  let registry: RunningRegistry;
  let images: Record<CandidateKind, BuiltCandidate>;
  let dir: string;
  let config: string;

  const start = (...args: string[]): ChildProcess =>
    spawn(process.execPath, [...BIN, '--config', config, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  /** In process (fast); `start` spawns the real CLI for the kill -9 tests. */
  const cli = async (...args: string[]): Promise<Run> => {
    return runCliCaptured(['--config', config, ...args], { cwd: dir, extraEnv: { NO_COLOR: '1' } });
  };
  const run = (suffix: string, stable = '2s'): string => {
    const name = res.name(suffix);
    // prettier-ignore
    docker('run', '-d', '-q', '--name', name, '--stop-timeout', '1', '--restart', 'unless-stopped',
      '--label', `shipshape.stable=${stable}`, '-v', `${name}:/data`, images.base.ref);
    return name;
  };
  const leftovers = (name: string): string =>
    docker('ps', '-a', '--filter', `name=${name}-shipshape`, '--format', '{{.Names}}');

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'none' });
    images = await buildCandidates(res.docker, registry.host, `${res.prefix}/app`, ['base', 'good', 'exits']);
    for (const i of Object.values(images)) res.trackImage(i.ref);
    dir = mkdtempSync(join(tmpdir(), 'shipshape-update-cli-'));
    config = join(dir, 'shipshape.yaml');
    writeFileSync(config, 'store:\n  path: ./state.db\n');
  }, 120_000);

  afterAll(async () => {
    await cleanupRollout(res);
    await registry?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('prints the JSON contract and exits 0, 4, 3 or 2', async () => {
    const name = run('web');
    const ok = await cli('update', '--docker', name, '--to', images.good.ref, '--format', 'json');
    expect(ok.code).toBe(0);
    const report = parseReport<UpdateReport>('rollout-report', ok.stdout);
    expect(Object.keys(report)).toEqual(['schemaVersion', 'results']);
    expect(report.schemaVersion).toBe(1);
    const r = report.results[0]!;
    expect(Object.keys(r)).toEqual(['target', 'kind', 'host', 'from', 'to', 'status', 'reason', 'steps']);
    expect(r).toEqual({
      target: name,
      kind: 'container',
      host: 'local',
      from: { image: images.base.ref, digest: images.base.digest },
      to: { image: images.good.ref, digest: images.good.digest },
      status: 'updated',
      reason: null,
      steps: expect.arrayContaining([
        expect.objectContaining({ step: 'pull', ok: true, ms: expect.any(Number) }),
      ]),
    });

    const bad = await cli('update', '--docker', name, '--to', images.exits.ref, '--format', 'json');
    expect(bad.code).toBe(4);
    expect(parseReport('rollout-report', bad.stdout)).toMatchObject({ results: [{ status: 'rolled-back' }] });

    const missing = await cli(
      'update',
      '--docker',
      name,
      '--to',
      `${registry.host}/${res.prefix}/app:0.0.404`,
    );
    expect(missing.code).toBe(3);
    expect(missing.stdout).toMatch(/✗ .* failed/);

    expect((await cli('update', name, '--to', images.good.ref)).code).toBe(2);
    expect((await cli('update', '--docker', '--to', images.good.ref)).code).toBe(2);
    expect((await cli('update', '--docker', name, '--parallel', '0')).code).toBe(2);

    const back = await cli('rollback', name, '--format', 'json');
    expect(back.code).toBe(0);
    expect(parseReport('rollout-report', back.stdout)).toMatchObject({
      results: [{ status: 'updated', to: { image: images.base.ref, digest: images.base.digest } }],
    });

    const history = await cli('history', name, '--format', 'json');
    expect(history.code).toBe(0);
    const entries = parseReport<HistoryReport>('history-report', history.stdout).entries;
    expect(entries.map((e) => [e.action, e.status])).toEqual([
      ['rollback', 'updated'],
      ['update', 'failed'],
      ['update', 'rolled-back'],
      ['update', 'updated'],
    ]);
    const table = await cli('history', name);
    expect(table.stdout).toContain(`${name}  update rolled-back  ${images.good.ref} → ${images.exits.ref}`);
  });

  it('chooses the candidate the way check --docker does when no --to is given', async () => {
    const name = run('checked', '1s');
    // --dry-run names the same candidate, with its digest, and changes nothing.
    const preview = await cli('update', '--docker', name, '--dry-run', '--format', 'json');
    expect(preview.code).toBe(0);
    expect(parseReport('rollout-report', preview.stdout)).toEqual({
      schemaVersion: 1,
      dryRun: true,
      results: [
        {
          target: name,
          kind: 'container',
          host: 'local',
          from: { image: images.base.ref, digest: images.base.digest },
          to: { image: images.good.ref, digest: images.good.digest },
          status: 'skipped',
          reason: 'dry run: would update in step 1 of 1',
          steps: [],
        },
      ],
    });
    expect(inspectJson<{ Config: { Image: string } }>(name).Config.Image).toBe(images.base.ref);
    expect(
      parseReport<HistoryReport>('history-report', (await cli('history', name, '--format', 'json')).stdout)
        .entries,
    ).toEqual([]);

    const report = await cli('update', '--docker', name, '--format', 'json');
    expect(report.code).toBe(0);
    // 1.0.0 → 1.1.0 is the most conservative update; 2.0.0-exit is another variant of the tag.
    expect(parseReport('rollout-report', report.stdout)).toMatchObject({
      results: [
        {
          target: name,
          status: 'updated',
          from: { image: images.base.ref, digest: images.base.digest },
          to: { image: images.good.ref, digest: images.good.digest },
        },
      ],
    });
    const again = await cli('update', '--docker', name, '--format', 'json');
    expect(parseReport('rollout-report', again.stdout)).toMatchObject({
      results: [{ target: name, status: 'skipped', reason: 'up to date' }],
    });
  });

  /** Starts an update that stays in `verifying` for 30 s and kills Shipshape there. */
  async function killWhileVerifying(name: string): Promise<void> {
    const child = start('update', '--docker', name, '--to', images.good.ref);
    const history = new SqliteHistory(join(dir, 'state.db'));
    try {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const [op] = await history.inFlight({ target: name });
        if (op?.phase === 'verifying') break;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`never saw ${name} verifying`);
        await new Promise((r) => setTimeout(r, 100));
      }
      child.kill('SIGKILL');
      await new Promise((r) => child.once('close', r));
      // Left behind: the old container stopped under another name, the new one at the name.
      expect(leftovers(name)).toMatch(new RegExp(`^${name}-shipshape-old-\\d{8}T\\d{6}$`));
      expect(inspectJson<{ Config: { Image: string } }>(name).Config.Image).toBe(images.good.ref);
      expect(await history.inFlight({ target: name })).toHaveLength(1);
    } finally {
      await history.close();
    }
  }

  it('recovers a kill -9 during verifying with `shipshape recover`', async () => {
    const name = run('killed', '30s');
    const original = inspectJson<{ Id: string }>(name).Id;
    docker('exec', name, 'sh', '-c', 'echo precious > /data/keep');
    await killWhileVerifying(name);

    const recovered = await cli('recover', '--format', 'json');
    expect(recovered.code).toBe(4);
    expect(parseReport('rollout-report', recovered.stdout)).toMatchObject({
      results: [
        {
          target: name,
          status: 'rolled-back',
          reason: expect.stringContaining('interrupted while verifying'),
        },
      ],
    });
    const now = inspectJson<{ Id: string; State: { Running: boolean }; Config: { Image: string } }>(name);
    expect(now).toMatchObject({ Id: original, State: { Running: true }, Config: { Image: images.base.ref } });
    expect(leftovers(name)).toBe('');
    expect(docker('exec', name, 'cat', '/data/keep')).toBe('precious');
    expect((await cli('recover')).stdout).toBe('Nothing to recover.\n');
  });

  it('recovers a kill -9 during verifying in the next `update` (of any container), which then proceeds', async () => {
    const name = run('killed2', '30s');
    const other = run('other', '1s');
    await killWhileVerifying(name);
    // A dry run only says what it would recover.
    const dry = await cli('update', '--docker', other, '--to', images.good.ref, '--dry-run');
    expect(dry.stderr).toContain(`dry run: 1 interrupted operation(s) (${name}) would be recovered first`);
    expect(dry.stdout).toContain('Dry run: nothing was pulled, stopped or recorded.');
    expect(leftovers(name)).toMatch(new RegExp(`^${name}-shipshape-old-`));

    const next = await cli('update', '--docker', other, '--to', images.good.ref, '--format', 'json');
    expect(next.stderr).toContain(`recovered ${name}: rolled-back`);
    expect(parseReport('rollout-report', next.stdout)).toMatchObject({
      results: [{ target: other, status: 'updated' }],
    });
    expect(inspectJson<{ Config: { Image: string } }>(name).Config.Image).toBe(images.base.ref);
    expect(leftovers(name)).toBe('');
    const entries = parseReport<HistoryReport>(
      'history-report',
      (await cli('history', '--format', 'json')).stdout,
    );
    expect(entries.entries.slice(0, 2).map((e) => [e.target, e.action, e.status])).toEqual([
      [other, 'update', 'updated'],
      [name, 'recover', 'rolled-back'],
    ]);
  });
});
