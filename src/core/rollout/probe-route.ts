/**
 * Where a probe is sent for a container (pure): the host the probe names; 127.0.0.1 with host
 * networking; the loopback-published port when the engine is local; otherwise inside the container.
 * Never a container bridge address.
 */
import type { ContainerInspect } from '../../ports/container-engine.js';
import type { ProbeRoute } from '../../ports/probe.js';
import type { Probe } from '../container/probe.js';

const LOOPBACK_REACHABLE = new Set(['', '0.0.0.0', '127.0.0.1', '::', '[::]']);

export function probeRoute(
  probe: Probe,
  container: ContainerInspect,
  options: { readonly engineIsLocal: boolean },
): ProbeRoute {
  if (probe.host !== null) return { kind: 'direct', host: probe.host, port: probe.port };
  const host = container.HostConfig;
  if (host['NetworkMode'] === 'host' && options.engineIsLocal)
    return { kind: 'direct', host: '127.0.0.1', port: probe.port };
  if (options.engineIsLocal) {
    const ports = container.NetworkSettings['Ports'];
    const bindings =
      typeof ports === 'object' && ports !== null
        ? (ports as Record<string, unknown>)[`${probe.port}/tcp`]
        : undefined;
    if (Array.isArray(bindings)) {
      for (const b of bindings as { HostIp?: unknown; HostPort?: unknown }[]) {
        const ip = typeof b.HostIp === 'string' ? b.HostIp : '';
        const port = Number(b.HostPort);
        if (LOOPBACK_REACHABLE.has(ip) && Number.isInteger(port) && port > 0)
          return { kind: 'direct', host: '127.0.0.1', port };
      }
    }
  }
  return { kind: 'exec', containerId: container.Id, port: probe.port };
}
