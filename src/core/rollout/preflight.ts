/**
 * The inspect document a pre-flight copy is created from (pure): the same configuration, made safe to
 * run next to the live container — no restart policy, every mount read-only (it must not write the
 * live data), no static IPs, MAC address or network aliases (it must neither clash with the live
 * container's addresses nor receive its traffic). Published ports are dropped by the engine override.
 */
import type { ContainerInspect } from '../../ports/container-engine.js';

type Json = Record<string, unknown>;

const record = (v: unknown): Json | null =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : null;

/** "src:/dst" → "src:/dst:ro"; "src:/dst:rw,z" → "src:/dst:ro,z". */
export function readOnlyBind(bind: string): string {
  const parts = bind.split(':');
  if (parts.length < 2) return bind;
  if (parts.length === 2) return `${bind}:ro`;
  const options = (parts.pop() ?? '').split(',').filter((o) => o !== 'rw' && o !== 'ro' && o !== '');
  return `${parts.join(':')}:${['ro', ...options].join(',')}`;
}

export function preflightSnapshot(source: ContainerInspect): ContainerInspect {
  const doc = structuredClone<ContainerInspect & Json>(source);
  const host = doc.HostConfig as Json;
  host['RestartPolicy'] = { Name: 'no', MaximumRetryCount: 0 };
  host['AutoRemove'] = false;
  if (Array.isArray(host['Binds'])) host['Binds'] = (host['Binds'] as string[]).map(readOnlyBind);
  if (Array.isArray(host['Mounts']))
    host['Mounts'] = (host['Mounts'] as unknown[]).map((m) => ({ ...(record(m) ?? {}), ReadOnly: true }));
  if (Array.isArray(doc['Mounts']))
    (doc as Json)['Mounts'] = (doc['Mounts'] as unknown[]).map((m) => ({ ...(record(m) ?? {}), RW: false }));
  delete (doc.Config as Json)['MacAddress'];
  const networks = record(doc.NetworkSettings['Networks']);
  if (networks !== null) {
    for (const ep of Object.values(networks)) {
      const e = record(ep);
      if (e === null) continue;
      e['IPAMConfig'] = null;
      e['Aliases'] = null;
      e['MacAddress'] = '';
    }
  }
  return doc;
}
