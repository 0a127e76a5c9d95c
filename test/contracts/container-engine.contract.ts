/**
 * Every ContainerEngine implementation runs this suite against a real engine. The fixture pushes images to
 * registries the engine can pull from and creates source containers the way users do (the docker CLI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isShipshapeError } from '../../src/core/errors.js';
import type { ContainerEngine, ContainerInspect, RegistryAuth } from '../../src/ports/container-engine.js';

export interface EngineImage {
  /** "host:port/path/name" */
  readonly repository: string;
  readonly tag: string;
  /** repository:tag */
  readonly ref: string;
  readonly digest: string;
}

export interface ContainerEngineFixture {
  readonly engine: ContainerEngine;
  /** Every container, network and volume name a test makes starts with this. */
  readonly prefix: string;
  /** Pushed, not present in the engine yet. */
  readonly image: EngineImage;
  /** Another image (other content, `ENV VERSION=2`) in the same repository, under another tag; not present yet. */
  readonly image2: EngineImage;
  /** Needs `auth` to pull. */
  readonly privateImage: EngineImage & { readonly auth: RegistryAuth };
  /** A reference the registry does not have. */
  readonly missing: string;
  /** `docker create --name <prefix>-<name> …args`; returns the id. */
  createContainer(name: string, args: readonly string[]): Promise<string>;
  /** A user-defined network with a /24 subnet; `ip(n)` is an address in it. */
  createNetwork(name: string): Promise<{ readonly name: string; ip(n: number): string }>;
  createVolume(name: string): Promise<string>;
  /** `docker network connect …args network container`. */
  connect(network: string, container: string, args: readonly string[]): Promise<void>;
  cleanup(): Promise<void>;
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

async function until<T>(
  what: string,
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

/** What must survive recreation, in a form two inspect documents can be compared by. */
export function preserved(doc: ContainerInspect): Record<string, unknown> {
  const config = { ...doc.Config } as Record<string, unknown>;
  delete config['Image'];
  if (config['Hostname'] === doc.Id.slice(0, 12)) delete config['Hostname'];
  const networks = (doc.NetworkSettings['Networks'] ?? {}) as Record<string, Record<string, unknown>>;
  const hostname = doc.Config['Hostname'];
  const mounts = ((doc['Mounts'] ?? []) as Record<string, unknown>[]).map((m) => ({
    Type: m['Type'],
    Name: m['Name'],
    Source: m['Type'] === 'bind' ? m['Source'] : undefined,
    Destination: m['Destination'],
    RW: m['RW'],
  }));
  return {
    Config: config,
    HostConfig: doc.HostConfig,
    Mounts: mounts.sort((a, b) => String(a.Destination).localeCompare(String(b.Destination))),
    Networks: Object.fromEntries(
      Object.entries(networks).map(([name, n]) => [
        name,
        {
          IPAMConfig: n['IPAMConfig'] ?? null,
          Aliases: ((n['Aliases'] ?? []) as string[])
            .filter((a) => a !== doc.Id.slice(0, 12) && a !== hostname)
            .sort(),
          DriverOpts: Object.keys(n['DriverOpts'] ?? {}).length > 0 ? n['DriverOpts'] : null,
        },
      ]),
    ),
  };
}

export function runContainerEngineContract(name: string, setup: () => Promise<ContainerEngineFixture>): void {
  describe(`ContainerEngine contract: ${name}`, () => {
    let f: ContainerEngineFixture;
    let engine: ContainerEngine;
    const source = (): string => `docker:${engine.host}`;

    beforeAll(async () => {
      f = await setup();
      engine = f.engine;
    }, 120_000);
    afterAll(async () => {
      await f?.cleanup();
    }, 120_000);

    it('pings the engine', async () => {
      await expect(engine.ping()).resolves.toBeUndefined();
      expect(engine.host).toMatch(/\S/);
    });

    describe('images', () => {
      it('pulls by digest, inspects, tags and removes', async () => {
        const byDigest = `${f.image.repository}@${f.image.digest}`;
        expect(await engine.inspectImage(byDigest)).toBeNull();
        await engine.pullImage(byDigest);
        const info = await engine.inspectImage(byDigest);
        expect(info).not.toBeNull();
        expect(info!.id).toMatch(/^sha256:[0-9a-f]{64}$/);
        expect(info!.repoDigests).toContain(byDigest);
        expect(info!.repoTags).toEqual([]);
        expect(info!.os).toBe('linux');
        expect(info!.architecture).toMatch(/\S/);
        expect(info!.healthcheck).toBe(false);

        const listedOf = async () => (await engine.listImages()).find((i) => i.id === info!.id);
        expect(await listedOf()).toEqual({ id: info!.id, repoTags: [], repoDigests: info!.repoDigests });

        await engine.tagImage(byDigest, f.image.repository, f.image.tag);
        expect((await engine.inspectImage(f.image.ref))!.id).toBe(info!.id);
        expect((await engine.inspectImage(byDigest))!.repoTags).toEqual([f.image.ref]);
        expect((await listedOf())?.repoTags).toEqual([f.image.ref]);

        // Pulling the tag again is a no-op that keeps the same image.
        await engine.pullImage(f.image.ref);
        expect((await engine.inspectImage(f.image.ref))!.id).toBe(info!.id);

        await engine.tagImage(f.image.ref, f.image.repository, 'extra');
        await engine.removeImage(`${f.image.repository}:extra`);
        expect(await engine.inspectImage(`${f.image.repository}:extra`)).toBeNull();
        expect(await engine.inspectImage(f.image.ref)).not.toBeNull();
      });

      it('pulls a tagless reference as :latest, never every tag', async () => {
        const e = await rejection(engine.pullImage(f.image.repository));
        expect(isShipshapeError(e, 'NOT_FOUND')).toBe(true);
        expect((e as Error).message).toContain(':latest');
      });

      it('reports a missing image as NOT_FOUND, prefixed with the host', async () => {
        const e = await rejection(engine.pullImage(f.missing));
        expect(isShipshapeError(e, 'NOT_FOUND')).toBe(true);
        expect((e as Error).message.startsWith(`[${source()}] pull ${f.missing}: `)).toBe(true);
        const r = await rejection(engine.removeImage(f.missing));
        expect(isShipshapeError(r, 'NOT_FOUND')).toBe(true);
      });

      it('needs credentials for a private registry: AUTH_FAILED without, pulled with', async () => {
        const e = await rejection(engine.pullImage(f.privateImage.ref));
        expect(isShipshapeError(e, 'AUTH_FAILED')).toBe(true);
        expect((e as Error).message.startsWith(`[${source()}] pull `)).toBe(true);
        const wrong = await rejection(
          engine.pullImage(f.privateImage.ref, { ...f.privateImage.auth, password: 'nope' }),
        );
        expect(isShipshapeError(wrong, 'AUTH_FAILED')).toBe(true);
        await engine.pullImage(f.privateImage.ref, f.privateImage.auth);
        expect((await engine.inspectImage(f.privateImage.ref))!.repoDigests).toContain(
          `${f.privateImage.repository}@${f.privateImage.digest}`,
        );
      });
    });

    describe('containers', () => {
      beforeAll(async () => {
        await engine.pullImage(f.image.ref);
        await engine.pullImage(f.image2.ref);
      });

      it('lists, starts, execs, stops, renames and removes', async () => {
        const id = await f.createContainer('life', [
          '--label',
          'team=a',
          '--env',
          'GREETING=hi',
          f.image.ref,
          'sleep',
          '600',
        ]);
        const name = `${f.prefix}-life`;
        const all = await engine.listContainers({ all: true });
        const summary = all.find((c) => c.id === id);
        expect(summary).toMatchObject({ name, image: f.image.ref, state: 'created', labels: { team: 'a' } });
        expect(summary!.imageId).toMatch(/^sha256:/);
        expect((await engine.listContainers()).some((c) => c.id === id)).toBe(false);
        expect(await engine.containerState(id)).toMatchObject({
          status: 'created',
          running: false,
          startedAt: null,
        });

        await engine.start(id);
        await engine.start(id); // already started: fine
        const running = await engine.containerState(name);
        expect(running).toMatchObject({
          status: 'running',
          running: true,
          restarting: false,
          health: 'none',
          restartCount: 0,
          oomKilled: false,
        });
        expect(running.startedAt).toMatch(/^\d{4}-/);
        expect((await engine.listContainers()).some((c) => c.id === id)).toBe(true);

        expect(await engine.exec(id, ['sh', '-c', 'echo "$GREETING out"; echo err >&2; exit 3'])).toEqual({
          exitCode: 3,
          stdout: 'hi out\n',
          stderr: 'err\n',
        });
        expect(await engine.exec(id, ['cat', '/etc/marker'])).toMatchObject({ exitCode: 0 });
        const timeout = await rejection(engine.exec(id, ['sleep', '5'], { timeoutMs: 300 }));
        expect(isShipshapeError(timeout, 'IO_FAILED')).toBe(true);
        expect((timeout as Error).message).toMatch(/timed out after 300 ms/);

        await engine.stop(id, 1);
        await engine.stop(id, 1); // already stopped: fine
        expect(await engine.containerState(id)).toMatchObject({ status: 'exited', running: false });
        const exec = await rejection(engine.exec(id, ['true']));
        expect(isShipshapeError(exec)).toBe(true);

        await engine.rename(id, `${name}-renamed`);
        expect((await engine.inspectContainer(`${name}-renamed`)).Id).toBe(id);
        await engine.remove(id);
        const gone = await rejection(engine.inspectContainer(id));
        expect(isShipshapeError(gone, 'NOT_FOUND')).toBe(true);
        expect((gone as Error).message.startsWith(`[${source()}] `)).toBe(true);
      });

      it('remove with force stops a running container', async () => {
        const id = await f.createContainer('forced', [f.image.ref]);
        await engine.start(id);
        await expect(engine.remove(id)).rejects.toThrow(`[${source()}]`);
        await engine.remove(id, { force: true });
        expect((await engine.listContainers({ all: true })).some((c) => c.id === id)).toBe(false);
      });

      it('lists the image name a container was created from even after the tag moved', async () => {
        const local = `${f.image.repository}:moving`;
        await engine.tagImage(f.image.ref, f.image.repository, 'moving');
        const id = await f.createContainer('moved', [local]);
        await engine.tagImage(f.image2.ref, f.image.repository, 'moving');
        const summary = (await engine.listContainers({ all: true })).find((c) => c.id === id);
        expect(summary?.image).toBe(local);
        expect(summary?.imageId).toBe((await engine.inspectImage(f.image.ref))!.id);
        await engine.remove(id);
        await engine.removeImage(local);
      });

      it('maps health, restart count and exit code', async () => {
        const healthy = await f.createContainer('healthy', [
          '--health-cmd',
          'true',
          '--health-interval',
          '1s',
          f.image.ref,
        ]);
        await engine.start(healthy);
        await until(
          'healthy',
          () => engine.containerState(healthy),
          (s) => s.health === 'healthy',
        );
        const crashing = await f.createContainer('crashing', [
          '--restart',
          'on-failure:2',
          f.image.ref,
          'sh',
          '-c',
          'exit 7',
        ]);
        await engine.start(crashing);
        const state = await until(
          'two restarts',
          () => engine.containerState(crashing),
          (s) => s.restartCount === 2 && s.status === 'exited',
        );
        expect(state).toMatchObject({ exitCode: 7, running: false, oomKilled: false, health: 'none' });
        await engine.remove(healthy, { force: true });
        await engine.remove(crashing, { force: true });
      });

      it('recreates a container with everything preserved, on another image', async () => {
        const front = await f.createNetwork('front');
        const back = await f.createNetwork('back');
        const volume = await f.createVolume('data');
        const id = await f.createContainer('orig', [
          '--env',
          'A=1',
          '--label',
          'shipshape.update=minor',
          '--network',
          front.name,
          '--network-alias',
          'web',
          '--ip',
          front.ip(10),
          '-p',
          '127.0.0.1::8080',
          '--restart',
          'unless-stopped',
          '--memory',
          '64m',
          '--health-cmd',
          'true',
          '--user',
          'nobody',
          '--workdir',
          '/tmp',
          '--hostname',
          'orig-host',
          '--log-opt',
          'max-size=1m',
          '--cap-drop',
          'MKNOD',
          '--security-opt',
          'no-new-privileges',
          '--stop-signal',
          'SIGINT',
          '--stop-timeout',
          '3',
          '--tmpfs',
          '/run:size=1m',
          '--add-host',
          'db.local:10.0.0.5',
          '--dns',
          '10.0.0.53',
          '--init',
          '--ulimit',
          'nofile=1024:2048',
          '--read-only',
          '--shm-size',
          '16m',
          '-v',
          `${volume}:/data`,
          '-v',
          '/anon',
          '-v',
          '/etc/hostname:/mnt/host-name:ro',
          '--mount',
          'type=volume,target=/cache',
          '--cap-add',
          'NET_ADMIN',
          '--cpus',
          '0.5',
          '--pids-limit',
          '64',
          '--device',
          '/dev/null:/dev/mynull:rwm',
          '--sysctl',
          'net.ipv4.tcp_keepalive_time=600',
          '--dns-search',
          'example.test',
          '--entrypoint',
          'sh',
          f.image.ref,
          '-c',
          'sleep 600',
        ]);
        // The second network is connected the way users do: docker network connect.
        await f.connect(back.name, id, ['--alias', 'api', '--ip', back.ip(20)]);
        await engine.start(id);
        const original = await engine.inspectContainer(id);

        // A pre-flight copy next to the running original: no ports, no addresses.
        const preflight = await engine.createFromInspect(original, {
          name: `${f.prefix}-preflight`,
          image: f.image2.ref,
          dropPorts: true,
          dropAddresses: true,
          labels: { 'shipshape.role': 'preflight' },
        });
        await engine.start(preflight);
        expect(await engine.containerState(preflight)).toMatchObject({ running: true });
        const pre = await engine.inspectContainer(preflight);
        expect(pre.HostConfig['PortBindings']).toEqual({});
        expect(pre.Config.Labels).toMatchObject({
          'shipshape.update': 'minor',
          'shipshape.role': 'preflight',
        });
        await engine.remove(preflight, { force: true });

        // The real replacement, once the original is stopped: everything preserved.
        await engine.stop(id, 5);
        const compare = (recreated: ContainerInspect, extraEnv: readonly string[]): void => {
          const want = preserved(original);
          const got = preserved(recreated);
          const wantConfig = want.Config as Record<string, unknown>;
          const gotConfig = got.Config as Record<string, unknown>;
          // The new image's own defaults apply; what the user set is kept.
          expect(gotConfig['Env']).toEqual([...(wantConfig['Env'] as string[]), ...extraEnv]);
          for (const key of Object.keys(wantConfig))
            if (key !== 'Env') expect.soft(gotConfig[key], `Config.${key}`).toEqual(wantConfig[key]);
          expect(Object.keys(gotConfig).sort()).toEqual(Object.keys(wantConfig).sort());
          // HostConfig.Mounts now names the anonymous volumes it reattaches; the Mounts comparison below covers it.
          for (const [key, value] of Object.entries(want.HostConfig as object))
            if (key !== 'Mounts')
              expect
                .soft((got.HostConfig as Record<string, unknown>)[key], `HostConfig.${key}`)
                .toEqual(value);
          expect(got.Mounts).toEqual(want.Mounts); // the same named and anonymous volumes
          expect(got.Networks).toEqual(want.Networks);
          const networks = recreated.NetworkSettings['Networks'] as Record<string, { IPAddress: string }>;
          expect(networks[front.name]!.IPAddress).toBe(front.ip(10));
          expect(networks[back.name]!.IPAddress).toBe(back.ip(20));
        };
        const copy = await engine.createFromInspect(original, {
          name: `${f.prefix}-copy`,
          image: f.image2.ref,
        });
        await engine.start(copy);
        const updated = await engine.inspectContainer(copy);
        expect(updated.Config.Image).toBe(f.image2.ref);
        expect(updated.Image).not.toBe(original.Image);
        compare(updated, ['VERSION=2']);
        await engine.remove(copy, { force: true });

        // Rolling back: the same image again gives the same container.
        const back2 = await engine.createFromInspect(original, { name: `${f.prefix}-rollback` });
        await engine.start(back2);
        const rolledBack = await engine.inspectContainer(back2);
        expect(rolledBack.Image).toBe(original.Image);
        compare(rolledBack, []);
        await engine.remove(back2, { force: true });
        await engine.remove(id, { force: true });
      });

      it('recreates privileged, host-network containers and those sharing another container’s network', async () => {
        const host = await f.createContainer('host-net', ['--privileged', '--network', 'host', f.image.ref]);
        const peer = await f.createContainer('peer', [f.image.ref]);
        const side = await f.createContainer('side', [
          '--network',
          `container:${peer}`,
          '--restart',
          'on-failure:2',
          f.image.ref,
        ]);
        await engine.start(peer);
        for (const [id, copyName] of [
          [host, 'host-net-copy'],
          [side, 'side-copy'],
        ] as const) {
          const original = await engine.inspectContainer(id);
          const copy = await engine.createFromInspect(original, { name: `${f.prefix}-${copyName}` });
          const recreated = await engine.inspectContainer(copy);
          for (const [key, value] of Object.entries(original.HostConfig))
            expect.soft(recreated.HostConfig[key], `${copyName} HostConfig.${key}`).toEqual(value);
          // The host's name with host networking; its own id prefix (the default) in another's namespace.
          expect(recreated.Config['Hostname']).toBe(
            id === host ? original.Config['Hostname'] : copy.slice(0, 12),
          );
          // Privileged containers cannot start where the engine itself runs unprivileged (as in CI).
          if (id === side) {
            await engine.start(copy);
            expect((await engine.containerState(copy)).running).toBe(true);
          }
          await engine.remove(copy, { force: true });
        }
        for (const id of [host, side, peer]) await engine.remove(id, { force: true });
      });

      it('createFromInspect fails with a typed error and leaves nothing behind', async () => {
        const id = await f.createContainer('dup', [f.image.ref]);
        const doc = await engine.inspectContainer(id);
        const e = await rejection(engine.createFromInspect(doc, { name: `${f.prefix}-dup` }));
        expect(isShipshapeError(e)).toBe(true);
        expect(
          (e as Error).message.startsWith(`[${source()}] create ${f.prefix}-dup from ${f.prefix}-dup: `),
        ).toBe(true);
        await engine.remove(id);
      });
    });
  });
}
