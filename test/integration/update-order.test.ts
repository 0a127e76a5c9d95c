/**
 * Order of a multi-container update against the real engine: canary first per candidate image (a
 * failed canary stops the wave), dependencies before dependents (shipshape.depends-on and compose's
 * depends_on label), `parallel` for the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUpdate } from '../../src/app/update.js';
import {
  buildCandidates,
  type BuiltCandidate,
  type CandidateKind,
} from '../harness/docker-images/candidates.js';
import { DockerResources, dockerSkipReason, testDocker, testPrefix } from '../harness/docker/index.js';
import { startRegistry, type RunningRegistry } from '../harness/registry-server.js';
import {
  docker,
  inspectJson,
  request,
  rolloutHarness,
  type Harness,
  cleanupRollout,
} from './update-fixtures.js';

const skip = dockerSkipReason();

describe.skipIf(skip !== null)('update order (real engine)', () => {
  const res = new DockerResources(testDocker(), testPrefix());
  let registry: RunningRegistry;
  let images: Record<CandidateKind, BuiltCandidate>;
  let h: Harness;

  function run(suffix: string, labels: Record<string, string> = {}): string {
    const name = res.name(suffix);
    // prettier-ignore
    docker(
      'run', '-d', '-q', '--name', name, '--stop-timeout', '1', '--label', 'shipshape.stable=1s',
      ...Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
      images.base.ref,
    );
    return name;
  }
  const imageOf = (name: string): string => inspectJson<{ Config: { Image: string } }>(name).Config.Image;

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

  it('stops the wave when the canary fails, then rolls a good candidate canary-first', async () => {
    const names = [run('c1'), run('c2'), run('c3')];

    const bad = await runUpdate(h.deps, request({ names, to: images.exits.ref, parallel: 3 }));
    expect(bad.results.map((r) => [r.target, r.status, r.reason])).toEqual([
      [names[0], 'rolled-back', expect.stringContaining('exit code 3')],
      [names[1], 'skipped', `canary "${names[0]}" was not updated (rolled-back)`],
      [names[2], 'skipped', `canary "${names[0]}" was not updated (rolled-back)`],
    ]);
    for (const n of names) expect(imageOf(n)).toBe(images.base.ref);

    // A dry run puts the canary alone in the first step.
    const preview = await runUpdate(
      h.deps,
      request({ names, to: images.good2.ref, parallel: 3, dryRun: true }),
    );
    expect(preview.results.map((r) => r.reason)).toEqual([
      'dry run: would update in step 1 of 2',
      'dry run: would update in step 2 of 2',
      'dry run: would update in step 2 of 2',
    ]);
    for (const n of names) expect(imageOf(n)).toBe(images.base.ref);

    const good = await runUpdate(h.deps, request({ names, to: images.good2.ref, parallel: 3 }));
    expect(good.results.map((r) => r.status)).toEqual(['updated', 'updated', 'updated']);
    for (const n of names) expect(imageOf(n)).toBe(images.good2.ref);
    const entries = await h.history.list();
    const at = (n: string): { startedAt: number; finishedAt: number } =>
      entries.find((e) => e.target === n && e.status === 'updated')!;
    // The rest start only after the canary passed its gate, then together.
    expect(at(names[1]!).startedAt).toBeGreaterThanOrEqual(at(names[0]!).finishedAt);
    expect(at(names[2]!).startedAt).toBeGreaterThanOrEqual(at(names[0]!).finishedAt);
    expect(at(names[2]!).startedAt).toBeLessThan(at(names[1]!).finishedAt);
  });

  it('updates dependencies first: shipshape.depends-on and compose depends_on', async () => {
    const compose = (service: string): Record<string, string> => ({
      'com.docker.compose.project': res.prefix,
      'com.docker.compose.service': service,
    });
    const db = run('db', compose('db'));
    const api = run('api', { ...compose('api'), 'shipshape.depends-on': db });
    const web = run('web', {
      ...compose('web'),
      'com.docker.compose.depends_on': 'api:service_started:false',
    });

    // A dry run shows the order and changes nothing.
    const preview = await runUpdate(
      h.deps,
      request({ names: [web, api, db], to: images.good2.ref, parallel: 3, dryRun: true }),
    );
    expect(preview.dryRun).toBe(true);
    expect(preview.results.map((r) => [r.target, r.status, r.reason, r.to?.image])).toEqual([
      [web, 'skipped', 'dry run: would update in step 3 of 3', images.good2.ref],
      [api, 'skipped', 'dry run: would update in step 2 of 3', images.good2.ref],
      [db, 'skipped', 'dry run: would update in step 1 of 3', images.good2.ref],
    ]);
    for (const n of [web, api, db]) expect(imageOf(n)).toBe(images.base.ref);
    expect((await h.history.list()).filter((e) => [web, api, db].includes(e.target))).toEqual([]);

    // Named in reverse order and allowed to run in parallel: the dependencies still come first.
    const report = await runUpdate(
      h.deps,
      request({ names: [web, api, db], to: images.good2.ref, parallel: 3 }),
    );
    expect(report.results.map((r) => [r.target, r.status])).toEqual([
      [web, 'updated'],
      [api, 'updated'],
      [db, 'updated'],
    ]);
    const entries = await h.history.list();
    const at = (n: string): { startedAt: number; finishedAt: number } => entries.find((e) => e.target === n)!;
    expect(at(api).startedAt).toBeGreaterThanOrEqual(at(db).finishedAt);
    expect(at(web).startedAt).toBeGreaterThanOrEqual(at(api).finishedAt);
  });

  it('skips what depends on a container whose update was rolled back', async () => {
    const base = run('base2');
    const dependent = run('dependent', { 'shipshape.depends-on': base });
    const report = await runUpdate(h.deps, request({ names: [dependent, base], to: images.exits.ref }));
    expect(report.results.map((r) => [r.target, r.status, r.reason])).toEqual([
      [dependent, 'skipped', `dependency "${base}" was not updated (rolled-back)`],
      [base, 'rolled-back', expect.stringContaining('exit code 3')],
    ]);
    expect(imageOf(dependent)).toBe(images.base.ref);
  });
});
