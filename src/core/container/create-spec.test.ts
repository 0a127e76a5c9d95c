import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContainerInspect } from '../../ports/container-engine.js';
import { buildCreateSpec, type CreateSpec } from './create-spec.js';

/** Inspect documents captured from dockerd 20.10 by test/harness/docker/capture-fixtures.ts. */
interface Fixture {
  readonly command: string[];
  readonly container: ContainerInspect;
  readonly image: { Config: Record<string, unknown> };
}

const fixture = (name: string): Fixture =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8')) as Fixture;

const spec = (f: Fixture, overrides: Partial<Parameters<typeof buildCreateSpec>[2]> = {}): CreateSpec =>
  buildCreateSpec(f.container, f.image.Config, { name: 'copy', ...overrides });

const hostConfig = (s: CreateSpec): Record<string, unknown> =>
  s.body['HostConfig'] as Record<string, unknown>;

describe('buildCreateSpec: docker create with no options', () => {
  const f = fixture('plain');
  const s = spec(f);

  it('leaves out everything that came from the image, so another image brings its own defaults', () => {
    expect(s.body['Env']).toEqual([]);
    expect(s.body['Cmd']).toBeNull();
    expect(s.body['Entrypoint']).toBeNull();
    expect(s.body['Labels']).toEqual({});
    expect(s.body['ExposedPorts']).toEqual({});
    expect(s.body['Volumes']).toEqual({});
    expect(s.body).not.toHaveProperty('WorkingDir');
    expect(s.body).not.toHaveProperty('OnBuild');
  });

  it('drops the default hostname (the old id prefix)', () => {
    expect(f.container.Config['Hostname']).toBe(f.container.Id.slice(0, 12));
    expect(s.body).not.toHaveProperty('Hostname');
  });

  it('reattaches the anonymous volume of the image VOLUME by name', () => {
    const volume = (f.container['Mounts'] as { Name: string; Destination: string }[])[0]!;
    expect(hostConfig(s)['Mounts']).toEqual([{ Type: 'volume', Source: volume.Name, Target: '/data' }]);
  });

  it('creates on the default bridge and connects nothing else', () => {
    expect(hostConfig(s)['NetworkMode']).toBe('default');
    expect(s.body['NetworkingConfig']).toEqual({ EndpointsConfig: { bridge: {} } });
    expect(s.connect).toEqual([]);
    expect(s.body['Image']).toBe(f.container.Config.Image);
    expect(s.name).toBe('copy');
  });

  it('keeps everything literally when the image config is unknown', () => {
    const literal = buildCreateSpec(f.container, null, { name: 'copy' });
    expect(literal.body['Env']).toEqual(f.container.Config['Env']);
    expect(literal.body['Cmd']).toEqual(['sleep', '3600']);
    expect(literal.body['WorkingDir']).toBe('/www');
    expect(literal.body['Labels']).toEqual(f.container.Config.Labels);
  });
});

describe('buildCreateSpec: docker create with every option', () => {
  const f = fixture('full');
  const s = spec(f);
  const source = f.container;

  it('keeps what the user set and drops what the image set', () => {
    expect(s.body['Env']).toEqual(['APP_MODE=dev', 'A=1']);
    expect(s.body['Entrypoint']).toEqual(['sh']);
    expect(s.body['Cmd']).toEqual(['-c', 'sleep 3600']);
    expect(s.body['WorkingDir']).toBe('/tmp');
    expect(s.body['User']).toBe('nobody');
    expect(s.body['Hostname']).toBe('custom-host');
    expect(s.body['Labels']).toEqual({ 'com.docker.compose.project': 'demo', 'shipshape.update': 'minor' });
    expect(s.body['Healthcheck']).toEqual(source.Config['Healthcheck']);
    expect(s.body['StopSignal']).toBe('SIGINT');
    expect(s.body['StopTimeout']).toBe(5);
    expect(s.body['Volumes']).toEqual({});
  });

  it('exposes the published ports, as docker run -p does, even those the image exposes', () => {
    expect(s.body['ExposedPorts']).toEqual({ '80/tcp': {}, '81/udp': {} });
  });

  it('carries every HostConfig field over unchanged but the anonymous --mount volume it names', () => {
    const host = hostConfig(s);
    for (const [key, value] of Object.entries(source.HostConfig)) {
      if (key === 'Mounts') continue;
      expect.soft(host[key], key).toEqual(value);
    }
    const cache = (source['Mounts'] as { Name: string; Destination: string }[]).find(
      (m) => m.Destination === '/cache',
    )!;
    expect(host['Mounts']).toEqual([{ Type: 'volume', Target: '/cache', Source: cache.Name }]);
    expect(host['PortBindings']).toEqual({
      '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '18080' }],
      '81/udp': [{ HostIp: '127.0.0.1', HostPort: '' }],
    });
    expect(host['RestartPolicy']).toEqual({ Name: 'on-failure', MaximumRetryCount: 3 });
  });

  it('creates on the NetworkMode network with its static IP and aliases, connects the other before start', () => {
    const front = String(source.HostConfig['NetworkMode']);
    expect(s.body['NetworkingConfig']).toEqual({
      EndpointsConfig: { [front]: { IPAMConfig: { IPv4Address: '172.30.77.10' }, Aliases: ['web', 'www'] } },
    });
    expect(s.connect).toEqual([
      {
        network: front.replace(/-front$/, '-back'),
        // Docker added the id prefix and the hostname to the aliases itself: not carried over.
        endpoint: { IPAMConfig: { IPv4Address: '172.30.78.20' }, Aliases: ['api'] },
      },
    ]);
  });

  it('applies overrides: image, labels, no ports, no addresses', () => {
    const o = spec(f, {
      image: 'registry.example/app:2',
      labels: { 'shipshape.previous': 'x', 'shipshape.update': 'major' },
      dropPorts: true,
      dropAddresses: true,
    });
    expect(o.body['Image']).toBe('registry.example/app:2');
    expect(o.body['Labels']).toEqual({
      'com.docker.compose.project': 'demo',
      'shipshape.update': 'major',
      'shipshape.previous': 'x',
    });
    expect(hostConfig(o)['PortBindings']).toEqual({});
    expect(hostConfig(o)['PublishAllPorts']).toBe(false);
    const front = String(source.HostConfig['NetworkMode']);
    expect(o.body['NetworkingConfig']).toEqual({ EndpointsConfig: { [front]: {} } });
    expect(o.connect.map((c) => c.endpoint)).toEqual([{}]);
  });

  it('does not modify the inspect document', () => {
    const before = JSON.stringify(source);
    spec(f, { labels: { a: 'b' }, dropPorts: true });
    expect(JSON.stringify(source)).toBe(before);
  });
});

describe('buildCreateSpec: network modes', () => {
  it('--privileged --network host: no hostname (the host name), no endpoints', () => {
    const f = fixture('privileged-host');
    const s = spec(f);
    expect(s.body).not.toHaveProperty('Hostname');
    expect(hostConfig(s)['Privileged']).toBe(true);
    expect(hostConfig(s)['NetworkMode']).toBe('host');
    expect(s.body).not.toHaveProperty('NetworkingConfig');
    expect(s.connect).toEqual([]);
  });

  it('--network none --publish-all: kept, and dropped with dropPorts', () => {
    const f = fixture('network-none');
    expect(hostConfig(spec(f))['PublishAllPorts']).toBe(true);
    expect(hostConfig(spec(f, { dropPorts: true }))['PublishAllPorts']).toBe(false);
    expect(spec(f).body).not.toHaveProperty('NetworkingConfig');
  });

  it('--network container:…: leaves out what Docker refuses with a shared network namespace', () => {
    const f = fixture('network-container');
    const s = spec(f);
    expect(hostConfig(s)['NetworkMode']).toMatch(/^container:[0-9a-f]{64}$/);
    for (const k of ['Hostname', 'ExposedPorts', 'NetworkingConfig']) expect(s.body).not.toHaveProperty(k);
    // Empty as Docker stored them; anything else Docker would refuse.
    expect(hostConfig(s)).toMatchObject({
      PortBindings: {},
      PublishAllPorts: false,
      Dns: [],
      ExtraHosts: null,
    });
    const odd = buildCreateSpec(
      {
        ...f.container,
        HostConfig: { ...f.container.HostConfig, Dns: ['1.1.1.1'], PortBindings: { '80/tcp': [] } },
      },
      null,
      { name: 'x' },
    );
    expect(hostConfig(odd)).toMatchObject({ Dns: [], PortBindings: {} });
    expect(odd.body).not.toHaveProperty('ExposedPorts');
  });
});

describe('buildCreateSpec: details', () => {
  const base = fixture('plain');
  const withConfig = (
    config: Record<string, unknown>,
    host: Record<string, unknown> = {},
  ): ContainerInspect => ({
    ...base.container,
    Config: { ...base.container.Config, ...config },
    HostConfig: { ...base.container.HostConfig, ...host },
  });

  it('keeps a user command with the image entrypoint, and the image entrypoint stays the image’s', () => {
    const s = buildCreateSpec(
      withConfig({ Cmd: ['sleep', '10'] }),
      { ...base.image.Config, Entrypoint: null },
      {
        name: 'x',
      },
    );
    expect(s.body['Entrypoint']).toBeNull();
    expect(s.body['Cmd']).toEqual(['sleep', '10']);
  });

  it('keeps a user entrypoint and its command even when the command equals the image’s', () => {
    const s = buildCreateSpec(
      withConfig({ Entrypoint: ['/bin/sh'], Cmd: ['sleep', '3600'] }),
      base.image.Config,
      {
        name: 'x',
      },
    );
    expect(s.body['Entrypoint']).toEqual(['/bin/sh']);
    expect(s.body['Cmd']).toEqual(['sleep', '3600']);
  });

  it('rewrites legacy links from the inspect form to the create form', () => {
    const s = buildCreateSpec(withConfig({}, { Links: ['/db:/web/database', '/cache:/web/cache'] }), null, {
      name: 'x',
    });
    expect(hostConfig(s)['Links']).toEqual(['db:database', 'cache:cache']);
  });

  it('keeps a read-only anonymous volume read-only', () => {
    const c = { ...base.container, Mounts: [{ Type: 'volume', Name: 'abc', Destination: '/ro', RW: false }] };
    expect(hostConfig(buildCreateSpec(c, null, { name: 'x' }))['Mounts']).toEqual([
      { Type: 'volume', Source: 'abc', Target: '/ro', ReadOnly: true },
    ]);
  });

  it('does not duplicate volumes that binds already mount', () => {
    const c = {
      ...withConfig({}, { Binds: ['data:/data'] }),
      Mounts: [{ Type: 'volume', Name: 'data', Destination: '/data', RW: true }],
    };
    expect(hostConfig(buildCreateSpec(c, null, { name: 'x' }))['Mounts']).toBeUndefined();
  });
});
