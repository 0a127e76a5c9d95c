/**
 * Pre-flight and per-container failures against the real engine: a bad candidate caught in pre-flight
 * never touches the running container; invalid labels, missing images, registry auth failures, port
 * conflicts and unknown containers are clear per-container results while the rest proceed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recoverOperations } from '../../src/app/recover.js';
import { runUpdate } from '../../src/app/update.js';
import { ShipshapeError } from '../../src/core/errors.js';
import type { ContainerEngine } from '../../src/ports/container-engine.js';
import {
  buildCandidates,
  type BuiltCandidate,
  type CandidateKind,
} from '../harness/docker-images/candidates.js';
import { DockerResources, dockerSkipReason, testDocker, testPrefix } from '../harness/docker/index.js';
import { freePort } from '../harness/net-util.js';
import { DEFAULT_USER, startRegistry, type RunningRegistry } from '../harness/registry-server.js';
import {
  docker,
  inspectJson,
  request,
  rolloutHarness,
  type Harness,
  cleanupRollout,
} from './update-fixtures.js';

interface Inspect {
  Id: string;
  Config: { Image: string };
  State: { Running: boolean; StartedAt: string };
}

const skip = dockerSkipReason();

describe.skipIf(skip !== null)('update failures (real engine)', () => {
  const res = new DockerResources(testDocker(), testPrefix());
  let registry: RunningRegistry;
  let images: Record<CandidateKind, BuiltCandidate>;
  let h: Harness;

  function run(suffix: string, labels: Record<string, string> = {}, extra: string[] = []): string {
    const name = res.name(suffix);
    // prettier-ignore
    docker(
      'run', '-d', '-q', '--name', name, '--stop-timeout', '1', '--label', 'shipshape.stable=1s',
      ...Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
      ...extra,
      images.base.ref,
    );
    return name;
  }
  const leftovers = (name: string): string =>
    docker('ps', '-a', '--filter', `name=${name}-shipshape`, '--format', '{{.Names}}');

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'none' });
    images = await buildCandidates(res.docker, registry.host, `${res.prefix}/app`, [
      'base',
      'good2',
      'exits',
    ]);
    for (const i of Object.values(images)) res.trackImage(i.ref);
    h = rolloutHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await cleanupRollout(res);
    await registry?.stop();
  }, 60_000);

  describe('pre-flight', () => {
    const labels = {
      'shipshape.preflight': 'true',
      'shipshape.probe': 'http://:8080/cgi-bin/health',
      'shipshape.test': 'wget -q -O- http://127.0.0.1:8080/cgi-bin/health',
    };

    it('rejects a bad candidate without touching the running container', async () => {
      const name = run('pre-bad', labels);
      const before = inspectJson<Inspect>(name);
      const report = await runUpdate(h.deps, request({ names: [name], to: images.exits.ref }));
      const r = report.results[0]!;
      expect(r.status).toBe('rolled-back');
      expect(r.reason).toMatch(/^pre-flight failed: the container (exited|is restarting).*exit code 3/);
      expect(r.steps.map((s) => [s.step, s.ok])).toEqual([
        ['pull', true],
        ['record', true],
        ['preflight', false],
      ]);
      const after = inspectJson<Inspect>(name);
      expect(after.Id).toBe(before.Id);
      expect(after.State.StartedAt).toBe(before.State.StartedAt);
      expect(leftovers(name)).toBe('');
    });

    it('runs the probe and shipshape.test in the pre-flight copy, then updates', async () => {
      const name = run('pre-good', labels, ['-v', `${res.name('pre-good')}:/data`]);
      const report = await runUpdate(h.deps, request({ names: [name], to: images.good2.ref }));
      const r = report.results[0]!;
      expect(r.status).toBe('updated');
      expect(r.steps.find((s) => s.step === 'preflight')).toMatchObject({
        ok: true,
        detail: expect.stringContaining('shipshape.test passed'),
      });
      expect(inspectJson<Inspect>(name).Config.Image).toBe(images.good2.ref);
      expect(leftovers(name)).toBe('');
    });

    it('rejects a candidate whose shipshape.test fails', async () => {
      const name = run('pre-test', { ...labels, 'shipshape.test': 'cat /etc/not-there' });
      const report = await runUpdate(h.deps, request({ names: [name], to: images.good2.ref }));
      expect(report.results[0]).toMatchObject({
        status: 'rolled-back',
        reason: expect.stringMatching(
          /^pre-flight failed: shipshape.test "cat \/etc\/not-there" exited with 1/,
        ),
      });
      expect(inspectJson<Inspect>(name).Config.Image).toBe(images.base.ref);
    });
  });

  it('reports invalid labels, stopped and unknown containers per container while the rest proceed', async () => {
    const badLabel = run('bad-label', { 'shipshape.stable': 'soon' });
    const ok = run('fine');
    const stopped = run('stopped');
    docker('stop', '-t', '1', stopped);
    const autoRemoved = run('rm', {}, ['--rm']);
    const report = await runUpdate(
      h.deps,
      request({ names: [badLabel, ok, stopped, res.name('nope'), autoRemoved], to: images.good2.ref }),
    );
    expect(report.results.map((r) => [r.target, r.status, r.reason])).toEqual([
      [badLabel, 'failed', expect.stringContaining('label shipshape.stable: invalid duration "soon"')],
      [ok, 'updated', null],
      [stopped, 'skipped', 'not running'],
      [res.name('nope'), 'failed', expect.stringMatching(/no such container/i)],
      [autoRemoved, 'skipped', expect.stringContaining('started with --rm')],
    ]);
  });

  it('fails cleanly on a candidate that does not exist', async () => {
    const name = run('missing');
    const report = await runUpdate(
      h.deps,
      request({ names: [name], to: `${registry.host}/${res.prefix}/app:9.9.9` }),
    );
    expect(report.results[0]).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^cannot resolve .*app:9\.9\.9: .*(not found|unknown|NOT_FOUND)/i),
      steps: [],
    });
    expect(inspectJson<Inspect>(name).Config.Image).toBe(images.base.ref);
  });

  it('pulls with registry credentials, and fails per container without them', async () => {
    const secured = await startRegistry({ auth: 'basic' });
    const config = mkdtempSync(join(tmpdir(), 'shipshape-docker-config-'));
    try {
      const ref = `${secured.host}/${res.prefix}/app:1.2.0`;
      docker('pull', '-q', images.good2.ref);
      docker('tag', images.good2.ref, ref);
      const cli = (...args: string[]): string => docker('--config', config, ...args);
      cli('login', '-u', DEFAULT_USER.username, '-p', DEFAULT_USER.password, secured.host);
      cli('push', '-q', ref);
      // Only the name goes (the image is in use): the pull below must come from the registry.
      docker('rmi', '-f', ref);

      const name = run('auth');
      const anonymous = await runUpdate(h.deps, request({ names: [name], to: ref }));
      expect(anonymous.results[0]).toMatchObject({
        status: 'failed',
        reason: expect.stringMatching(/auth|401|unauthorized/i),
      });

      const creds = { get: async (host: string) => (host === secured.host ? { ...DEFAULT_USER } : null) };
      const { OciRegistry } = await import('../../src/adapters/registry/index.js');
      const authed = new OciRegistry({ credentials: creds });
      try {
        const report = await runUpdate(
          { ...h.deps, registry: authed, credentials: creds },
          request({ names: [name], to: ref }),
        );
        expect(report.results[0]).toMatchObject({ status: 'updated' });
        expect(inspectJson<Inspect>(name).Config.Image).toBe(ref);
      } finally {
        await authed.close();
        res.trackImage(ref);
      }
    } finally {
      rmSync(config, { recursive: true, force: true });
      await secured.stop();
    }
  });

  it('rolls back when the new container cannot bind its port', async () => {
    const port = await freePort();
    const name = run('port', {}, ['-p', `127.0.0.1:${port}:8080`]);
    const oldId = inspectJson<Inspect>(name).Id;
    // Something else takes the port the moment the old container lets go of it.
    let squatter: Server | null = null;
    const engine = h.deps.engine;
    const racing = new Proxy(engine, {
      get(target, prop, receiver) {
        if (prop === 'stop')
          return async (id: string, t?: number) => {
            await target.stop(id, t);
            if (id === oldId) {
              squatter = createServer();
              await new Promise<void>((r) => squatter!.listen(port, '127.0.0.1', r));
            }
          };
        if (prop === 'remove')
          return async (id: string, o?: { force?: boolean }) => {
            await target.remove(id, o);
            if (id !== oldId && squatter) await new Promise((r) => squatter!.close(r));
          };
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    }) satisfies ContainerEngine;

    const report = await runUpdate(
      { ...h.deps, engine: racing },
      request({ names: [name], to: images.good2.ref }),
    );
    expect(report.results[0]).toMatchObject({
      status: 'rolled-back',
      reason: expect.stringMatching(
        /^starting the new container failed: .*(address already in use|port is already allocated)/,
      ),
    });
    const after = inspectJson<Inspect>(name);
    expect(after.Id).toBe(oldId);
    expect(after.State.Running).toBe(true);
    expect(leftovers(name)).toBe('');
  });

  /** The real engine behind a switch: while `down`, every call fails as an unreachable engine would. */
  function flaky(): { engine: ContainerEngine; down(on: boolean): void; downWhenStopped(ms: number): void } {
    const real = h.deps.engine;
    let down = false;
    let outageMs = 0;
    const engine = new Proxy(real, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver) as unknown;
        if (typeof v !== 'function') return v;
        return async (...args: unknown[]) => {
          if (down)
            throw new ShipshapeError(
              'REGISTRY_UNAVAILABLE',
              'docker:local',
              'cannot reach the engine (ECONNREFUSED)',
            );
          const result: unknown = await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          // The engine goes away the moment the gate sees the candidate fail.
          if (prop === 'containerState' && outageMs !== 0 && !(result as { running: boolean }).running) {
            down = true;
            if (outageMs > 0) setTimeout(() => (down = false), outageMs);
            outageMs = 0;
          }
          return result;
        };
      },
    }) satisfies ContainerEngine;
    return {
      engine,
      down: (on) => (down = on),
      downWhenStopped: (ms) => (outageMs = ms),
    };
  }

  it('finishes the rollback through a short engine outage', async () => {
    const name = run('outage');
    const oldId = inspectJson<Inspect>(name).Id;
    const f = flaky();
    f.downWhenStopped(1500);
    const report = await runUpdate(
      { ...h.deps, engine: f.engine, engineRetryMs: 8000 },
      request({ names: [name], to: images.exits.ref }),
    );
    expect(report.results[0]).toMatchObject({ status: 'rolled-back' });
    expect(inspectJson<Inspect>(name)).toMatchObject({ Id: oldId, State: { Running: true } });
    expect(leftovers(name)).toBe('');
  });

  it('leaves the operation in flight when the engine stays away, and recover completes it', async () => {
    const name = run('gone');
    const oldId = inspectJson<Inspect>(name).Id;
    const f = flaky();
    f.downWhenStopped(-1);
    const report = await runUpdate(
      { ...h.deps, engine: f.engine, engineRetryMs: 1000 },
      request({ names: [name], to: images.exits.ref }),
    );
    expect(report.results[0]).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(
        /the rollback did not complete .*cannot reach the engine.*run `shipshape recover`/,
      ),
    });
    expect(await h.history.inFlight({ target: name })).toHaveLength(1);

    f.down(false);
    const recovered = await recoverOperations(h.deps, { host: 'local' });
    expect(recovered).toMatchObject([{ target: name, status: 'rolled-back' }]);
    expect(inspectJson<Inspect>(name)).toMatchObject({ Id: oldId, State: { Running: true } });
    expect(leftovers(name)).toBe('');
    expect(await h.history.inFlight()).toEqual([]);
  });
});
