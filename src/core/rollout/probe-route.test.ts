import { describe, expect, it } from 'vitest';
import type { ContainerInspect } from '../../ports/container-engine.js';
import { parseProbe, type Probe } from '../container/probe.js';
import { probeRoute } from './probe-route.js';

const probe = (text: string): Probe => {
  const p = parseProbe(text);
  if (!p.ok) throw new Error(p.error);
  return p.probe;
};
const inspect = (host: Record<string, unknown>, ports: unknown): ContainerInspect => ({
  Id: 'c1',
  Name: '/web',
  Image: 'sha256:1',
  Config: { Image: 'app:1' },
  HostConfig: host,
  NetworkSettings: { Ports: ports, Networks: { bridge: { IPAddress: '172.17.0.5' } } },
});

describe('probeRoute', () => {
  const local = { engineIsLocal: true };
  it('uses a port published on the loopback or on all addresses', () => {
    const c = inspect({}, { '8080/tcp': [{ HostIp: '127.0.0.1', HostPort: '18080' }] });
    expect(probeRoute(probe('http://:8080/health'), c, local)).toEqual({
      kind: 'direct',
      host: '127.0.0.1',
      port: 18080,
    });
    const all = inspect({}, { '8080/tcp': [{ HostIp: '0.0.0.0', HostPort: '8081' }] });
    expect(probeRoute(probe('tcp://:8080'), all, local)).toEqual({
      kind: 'direct',
      host: '127.0.0.1',
      port: 8081,
    });
  });

  it('probes inside the container otherwise, never at its bridge address', () => {
    const unpublished = inspect({}, { '8080/tcp': null });
    expect(probeRoute(probe('http://:8080/'), unpublished, local)).toEqual({
      kind: 'exec',
      containerId: 'c1',
      port: 8080,
    });
    const elsewhere = inspect({}, { '8080/tcp': [{ HostIp: '192.168.1.9', HostPort: '80' }] });
    expect(probeRoute(probe('http://:8080/'), elsewhere, local).kind).toBe('exec');
    const published = inspect({}, { '8080/tcp': [{ HostIp: '', HostPort: '80' }] });
    expect(probeRoute(probe('http://:8080/'), published, { engineIsLocal: false }).kind).toBe('exec');
  });

  it('goes to the loopback with host networking, and where the probe says', () => {
    expect(probeRoute(probe('http://:9000/'), inspect({ NetworkMode: 'host' }, {}), local)).toEqual({
      kind: 'direct',
      host: '127.0.0.1',
      port: 9000,
    });
    expect(probeRoute(probe('http://localhost:9000/'), inspect({}, {}), local)).toEqual({
      kind: 'direct',
      host: 'localhost',
      port: 9000,
    });
  });
});
