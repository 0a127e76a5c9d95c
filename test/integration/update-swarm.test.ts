/**
 * Swarm services (single-node `docker swarm init`, left again when this test initialized it): the
 * image is updated by digest with an update_config under which Swarm gates and rolls back by itself;
 * a bad candidate comes back as rolled-back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerodeSwarm } from '../../src/adapters/docker/swarm/dockerode-swarm.js';
import { runRollback } from '../../src/app/rollback.js';
import { runUpdate } from '../../src/app/update.js';
import { checkServiceCandidates } from '../../src/app/update-candidates.js';
import { MemoryStore } from '../../src/adapters/store/memory/memory-store.js';
import { DEFAULT_POLICY_SETTINGS } from '../../src/core/policy/index.js';
import { silentLogger } from '../../src/ports/logger.js';
import {
  buildCandidates,
  type BuiltCandidate,
  type CandidateKind,
} from '../harness/docker-images/candidates.js';
import { DockerResources, dockerSkipReason, testDocker, testPrefix } from '../harness/docker/index.js';
import { startRegistry, type RunningRegistry } from '../harness/registry-server.js';
import { docker, request, rolloutHarness, type Harness, cleanupRollout } from './update-fixtures.js';

const skip = dockerSkipReason();

interface Service {
  Spec: { TaskTemplate: { ContainerSpec: { Image: string } }; UpdateConfig: Record<string, unknown> };
  UpdateStatus?: { State: string };
}

describe.skipIf(skip !== null)('update of Swarm services (real engine)', () => {
  const res = new DockerResources(testDocker(), testPrefix());
  const service = res.name('svc');
  let registry: RunningRegistry;
  let images: Record<CandidateKind, BuiltCandidate>;
  let h: Harness;
  let initialized = false;

  const inspect = (): Service => (JSON.parse(docker('service', 'inspect', service)) as Service[])[0]!;
  const runningImages = (): string[] =>
    docker(
      'service',
      'ps',
      service,
      '--filter',
      'desired-state=running',
      '--format',
      '{{.Image}}|{{.CurrentState}}',
    )
      .split('\n')
      .filter(Boolean);

  beforeAll(async () => {
    if (docker('info', '--format', '{{.Swarm.LocalNodeState}}') !== 'active') {
      docker('swarm', 'init', '--advertise-addr', '127.0.0.1');
      initialized = true;
    }
    registry = await startRegistry({ auth: 'none' });
    images = await buildCandidates(res.docker, registry.host, `${res.prefix}/app`, [
      'base',
      'good2',
      'exits',
    ]);
    for (const i of Object.values(images)) res.trackImage(i.ref);
    // prettier-ignore
    docker('service', 'create', '-q', '--name', service, '--replicas', '1', '--stop-grace-period', '1s',
      '--label', 'shipshape.stable=2s', images.base.ref);
    h = rolloutHarness({
      swarm: new DockerodeSwarm({ host: 'local', url: 'unix:///var/run/docker.sock', tls: null }),
    });
  }, 180_000);

  afterAll(async () => {
    try {
      docker('service', 'rm', service);
    } catch {
      // not created
    }
    if (initialized) docker('swarm', 'leave', '--force');
    await h?.close();
    await cleanupRollout(res);
    await registry?.stop();
  }, 60_000);

  it('updates the service by digest and waits for convergence', async () => {
    expect(inspect().Spec.TaskTemplate.ContainerSpec.Image).toBe(`${images.base.ref}@${images.base.digest}`);
    const report = await runUpdate(h.deps, request({ names: [service], to: images.good2.ref }));
    expect(report.results).toEqual([
      {
        target: service,
        kind: 'service',
        host: 'local',
        from: { image: images.base.ref, digest: images.base.digest },
        to: { image: images.good2.ref, digest: images.good2.digest },
        status: 'updated',
        reason: null,
        steps: [
          expect.objectContaining({ step: 'record', ok: true }),
          expect.objectContaining({ step: 'service-update', ok: true }),
          expect.objectContaining({ step: 'verify', ok: true }),
        ],
      },
    ]);
    const now = inspect();
    expect(now.Spec.TaskTemplate.ContainerSpec.Image).toBe(`${images.good2.ref}@${images.good2.digest}`);
    expect(now.Spec.UpdateConfig).toMatchObject({ FailureAction: 'rollback', Monitor: 2_000_000_000 });
    expect(runningImages()).toEqual([
      expect.stringMatching(new RegExp(`^${images.good2.ref}(@\\S+)?\\|Running`)),
    ]);
  });

  it('reports the Swarm-side rollback of a bad candidate as rolled-back', async () => {
    const report = await runUpdate(h.deps, request({ names: [service], to: images.exits.ref }));
    const r = report.results[0]!;
    expect(r).toMatchObject({ kind: 'service', status: 'rolled-back' });
    expect(r.reason).toMatch(/roll/i);
    const now = inspect();
    expect(now.UpdateStatus?.State).toBe('rollback_completed');
    expect(now.Spec.TaskTemplate.ContainerSpec.Image).toBe(`${images.good2.ref}@${images.good2.digest}`);
    const [entry] = await h.history.list({ target: service });
    expect(entry).toMatchObject({ kind: 'service', status: 'rolled-back' });
  });

  it('rolls the service back to the image before its last update', async () => {
    const report = await runRollback(h.deps, {
      host: 'local',
      target: service,
      to: null,
      keepPrevious: 3,
      defaults: request({}).defaults,
      labelsOptIn: false,
    });
    expect(report.results[0]).toMatchObject({
      kind: 'service',
      status: 'updated',
      to: { image: images.base.ref, digest: images.base.digest },
    });
    expect(inspect().Spec.TaskTemplate.ContainerSpec.Image).toBe(`${images.base.ref}@${images.base.digest}`);
  });

  it('chooses the candidate of a service the way check does when no --to is given', async () => {
    const findServiceCandidates = checkServiceCandidates(
      { registry: h.deps.registry, store: new MemoryStore(), clock: h.deps.clock, logger: silentLogger },
      {
        policy: { defaults: DEFAULT_POLICY_SETTINGS, rules: [], ignore: [] },
        cacheTtlMs: 0,
        refresh: true,
        concurrency: 4,
      },
    );
    // The service runs 1.0.0 again; 1.2.0 is the newest of its kind (2.0.0-exit is another variant).
    const report = await runUpdate(h.deps, request({ names: [service], findServiceCandidates }));
    expect(report.results[0]).toMatchObject({
      kind: 'service',
      status: 'updated',
      to: { image: images.good2.ref, digest: images.good2.digest },
    });
    expect(inspect().Spec.TaskTemplate.ContainerSpec.Image).toBe(
      `${images.good2.ref}@${images.good2.digest}`,
    );
  });
});
