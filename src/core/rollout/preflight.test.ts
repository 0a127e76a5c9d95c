import { describe, expect, it } from 'vitest';
import type { ContainerInspect } from '../../ports/container-engine.js';
import { preflightSnapshot, readOnlyBind } from './preflight.js';

describe('preflightSnapshot', () => {
  it('makes mounts read-only and drops restart policy and addresses, leaving the source alone', () => {
    const source: ContainerInspect = {
      Id: 'c1',
      Name: '/web',
      Image: 'sha256:1',
      Config: { Image: 'app:1', MacAddress: '02:42:ac:11:00:02' },
      HostConfig: {
        RestartPolicy: { Name: 'always', MaximumRetryCount: 0 },
        Binds: ['/srv/data:/data', 'vol:/cache:rw,z', '/etc/x:/etc/x:ro'],
        Mounts: [{ Type: 'volume', Source: 'v', Target: '/v' }],
      },
      Mounts: [{ Type: 'volume', Name: 'anon', Destination: '/anon', RW: true }],
      NetworkSettings: {
        Networks: {
          front: { IPAMConfig: { IPv4Address: '172.30.0.10' }, Aliases: ['api', 'abc123'], MacAddress: 'x' },
        },
      },
    };
    const copy = preflightSnapshot(source);
    expect(copy.HostConfig).toEqual({
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      AutoRemove: false,
      Binds: ['/srv/data:/data:ro', 'vol:/cache:ro,z', '/etc/x:/etc/x:ro'],
      Mounts: [{ Type: 'volume', Source: 'v', Target: '/v', ReadOnly: true }],
    });
    expect(copy['Mounts']).toEqual([{ Type: 'volume', Name: 'anon', Destination: '/anon', RW: false }]);
    expect(copy.NetworkSettings['Networks']).toEqual({
      front: { IPAMConfig: null, Aliases: null, MacAddress: '' },
    });
    expect(copy.Config).toEqual({ Image: 'app:1' });
    expect(source.HostConfig['RestartPolicy']).toEqual({ Name: 'always', MaximumRetryCount: 0 });
  });

  it('handles bind forms', () => {
    expect(readOnlyBind('/a:/b')).toBe('/a:/b:ro');
    expect(readOnlyBind('/a:/b:z')).toBe('/a:/b:ro,z');
    expect(readOnlyBind('nocolon')).toBe('nocolon');
  });
});
