/**
 * `update` against the real engine: a good candidate is rolled out with everything about the container
 * preserved; each bad candidate (exits at once, never healthy, restart loop, HTTP 500 on the probe) is
 * rolled back to the very same container with its data, env, labels, networks, ports and restart
 * policy intact; `rollback` returns to the previous image from the local tag, offline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRollback } from '../../src/app/rollback.js';
import { runUpdate } from '../../src/app/update.js';
import {
  buildCandidates,
  type BuiltCandidate,
  type CandidateKind,
} from '../harness/docker-images/candidates.js';
import { DockerResources, dockerSkipReason, testDocker, testPrefix } from '../harness/docker/index.js';
import { freePort } from '../harness/net-util.js';
import { startRegistry, type RunningRegistry } from '../harness/registry-server.js';
import {
  docker,
  inspectJson,
  request,
  rolloutHarness,
  testSubnet,
  type Harness,
  cleanupRollout,
} from './update-fixtures.js';

interface Inspect {
  Id: string;
  Image: string;
  RestartCount: number;
  Config: { Image: string; Env: string[]; Labels: Record<string, string> };
  HostConfig: { PortBindings: unknown; RestartPolicy: unknown; Binds: string[] | null };
  NetworkSettings: { Networks: Record<string, { Aliases: string[] | null; IPAMConfig: unknown }> };
  Mounts: { Name?: string; Destination: string }[];
  State: { Running: boolean; StartedAt: string };
}

/** Everything the user configured, for before/after comparisons. */
function configOf(name: string): Record<string, unknown> {
  const c = inspectJson<Inspect>(name);
  const net = Object.fromEntries(
    Object.entries(c.NetworkSettings.Networks).map(([k, v]) => [
      k,
      { aliases: (v.Aliases ?? []).filter((a) => !c.Id.startsWith(a)).sort(), ipam: v.IPAMConfig },
    ]),
  );
  return {
    env: c.Config.Env.filter((e) => !e.startsWith('APP_VERSION=') && !e.startsWith('PATH=')).sort(),
    labels: c.Config.Labels,
    ports: c.HostConfig.PortBindings,
    restart: c.HostConfig.RestartPolicy,
    mounts: c.Mounts.map((m) => `${m.Name ?? ''}:${m.Destination}`).sort(),
    networks: net,
  };
}

const skip = dockerSkipReason();

describe.skipIf(skip !== null)('update --docker (real engine)', () => {
  const res = new DockerResources(testDocker(), testPrefix());
  const net = res.name('net');
  const { subnet, ip } = testSubnet();
  let registry: RunningRegistry;
  let images: Record<CandidateKind, BuiltCandidate>;
  let h: Harness;

  /** A container on the base image, the way people run them. */
  async function run(
    suffix: string,
    n: number,
    labels: Record<string, string> = {},
  ): Promise<{ name: string; port: number }> {
    const name = res.name(suffix);
    const port = await freePort();
    // prettier-ignore
    docker(
      'run', '-d', '-q', '--name', name, '--stop-timeout', '1',
      '--network', net, '--network-alias', `${suffix}-alias`, '--ip', ip(n),
      '-p', `127.0.0.1:${port}:8080`,
      '-v', `${res.name(suffix)}-data:/data`, '-v', '/anon',
      '-e', 'FOO=bar', '-e', 'APP_MODE=prod',
      '--label', 'team=core', '--label', 'shipshape.stable=2s',
      ...Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
      '--restart', 'unless-stopped',
      images.base.ref,
    );
    docker('exec', name, 'sh', '-c', 'echo precious > /data/keep && echo anonymous > /anon/keep');
    return { name, port };
  }

  const leftovers = (name: string): string =>
    docker('ps', '-a', '--filter', `name=${name}-shipshape`, '--format', '{{.Names}}');

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'none' });
    // prettier-ignore
    images = await buildCandidates(res.docker, registry.host, `${res.prefix}/app`, [
      'base',
      'good',
      'exits',
      'unhealthy',
      'crashloop',
      'http500',
    ]);
    for (const i of Object.values(images)) res.trackImage(i.ref);
    docker('network', 'create', '--subnet', subnet, net);
    h = rolloutHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await cleanupRollout(res);
    await registry?.stop();
  }, 60_000);

  it('rolls a good candidate out, keeping data, env, labels, networks, ports and restart policy', async () => {
    const { name, port } = await run('web', 10);
    const before = configOf(name);
    const { Id: oldId, Image: oldImage } = inspectJson<Inspect>(name);

    const report = await runUpdate(h.deps, request({ names: [name], to: images.good.ref }));

    expect(report.results).toHaveLength(1);
    const r = report.results[0]!;
    expect(r).toMatchObject({
      target: name,
      kind: 'container',
      host: 'local',
      from: { image: images.base.ref, digest: images.base.digest },
      to: { image: images.good.ref, digest: images.good.digest },
      status: 'updated',
      reason: null,
    });
    expect(r.steps.map((s) => s.step)).toEqual([
      'pull',
      'record',
      'stop-old',
      'start-new',
      'verify',
      'cleanup',
    ]);
    expect(r.steps.every((s) => s.ok && s.ms >= 0)).toBe(true);

    const now = inspectJson<Inspect>(name);
    expect(now.Id).not.toBe(oldId);
    expect(now.State.Running).toBe(true);
    expect(now.Config.Image).toBe(images.good.ref);
    // The new image's own defaults apply; what the user set is kept.
    expect(now.Config.Env).toContain('APP_VERSION=1.1.0');
    expect(configOf(name)).toEqual(before);
    expect(docker('exec', name, 'cat', '/data/keep')).toBe('precious');
    expect(docker('exec', name, 'cat', '/anon/keep')).toBe('anonymous');
    const body = await (await fetch(`http://127.0.0.1:${port}/`)).text();
    expect(body).toContain('good');
    expect(leftovers(name)).toBe('');

    const [entry] = await h.history.list({ target: name });
    expect(entry).toMatchObject({
      action: 'update',
      status: 'updated',
      previousTag: expect.stringMatching(/^shipshape-previous\/.+:1$/),
    });
    expect(inspectJson<{ Id: string }>(entry!.previousTag!).Id).toBe(oldImage);
  });

  const BAD: [CandidateKind, RegExp][] = [
    // Polling may see it down (exit code 3) or already running again after a restart (exit code reset).
    [
      'exits',
      /^the container ((exited|is restarting|restarted).*exit code 3|restarted \(RestartCount 0 → \d+\)$)/,
    ],
    ['unhealthy', /^the HEALTHCHECK reported unhealthy$/],
    ['crashloop', /^the container (restarted|is restarting|exited)/],
    ['http500', /^the probe did not pass within 5 seconds \(last: HTTP 500\)$/],
  ];

  describe('bad candidates roll back to the very same container', () => {
    let name: string;
    let port: number;
    beforeAll(async () => {
      ({ name, port } = await run('bad', 20, {
        'shipshape.probe': 'http://:8080/cgi-bin/health',
        'shipshape.probe-timeout': '5s',
      }));
    });

    it.each(BAD)('%s', async (kind, reason) => {
      const before = configOf(name);
      const old = inspectJson<Inspect>(name);

      const report = await runUpdate(h.deps, request({ names: [name], to: images[kind].ref }));

      const r = report.results[0]!;
      expect(r.status).toBe('rolled-back');
      expect(r.reason).toMatch(reason);
      expect(r.steps.map((s) => [s.step, s.ok])).toEqual([
        ['pull', true],
        ['record', true],
        ['stop-old', true],
        ['start-new', true],
        ['verify', false],
        ['rollback', true],
      ]);
      const now = inspectJson<Inspect>(name);
      expect(now.Id).toBe(old.Id);
      expect(now.Image).toBe(old.Image);
      expect(now.State.Running).toBe(true);
      expect(configOf(name)).toEqual(before);
      expect(docker('exec', name, 'cat', '/data/keep')).toBe('precious');
      expect(await (await fetch(`http://127.0.0.1:${port}/cgi-bin/health`)).text()).toContain('base');
      expect(leftovers(name)).toBe('');
      const [entry] = await h.history.list({ target: name });
      expect(entry).toMatchObject({
        status: 'rolled-back',
        reason: r.reason,
        to: { digest: images[kind].digest },
      });
    });
  });

  it('rolls back to the previous image offline, from the local shipshape-previous tag', async () => {
    const name = res.name('web');
    await registry.stop();
    const report = await runRollback(h.deps, {
      host: 'local',
      target: name,
      to: null,
      keepPrevious: 3,
      defaults: request({}).defaults,
      labelsOptIn: false,
    });
    const r = report.results[0]!;
    expect(r).toMatchObject({
      status: 'updated',
      from: { image: images.good.ref, digest: images.good.digest },
      to: { image: images.base.ref, digest: images.base.digest },
    });
    expect(r.steps[0]).toMatchObject({
      step: 'pull',
      ok: true,
      detail: expect.stringMatching(/^shipshape-previous\//),
    });
    expect(inspectJson<Inspect>(name).Config.Image).toBe(images.base.ref);
    expect(docker('exec', name, 'cat', '/data/keep')).toBe('precious');
    const [entry] = await h.history.list({ target: name });
    expect(entry).toMatchObject({ action: 'rollback', status: 'updated' });
  });
});
