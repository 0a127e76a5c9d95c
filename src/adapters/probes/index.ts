import type { Probe } from '../../core/container/probe.js';
import type { ProbeOutcome } from '../../core/rollout/types.js';
import type { ContainerEngine } from '../../ports/container-engine.js';
import type { ProbeRoute, ProbeRunner } from '../../ports/probe.js';
import { httpDirect, tcpDirect } from './direct.js';
import { httpExec, tcpExec } from './exec.js';

/** The ProbeRunner for one engine: exec probes go through it, direct ones from this process. */
export class EngineProbeRunner implements ProbeRunner {
  constructor(private readonly engine: ContainerEngine) {}

  async run(probe: Probe, route: ProbeRoute, timeoutMs: number): Promise<ProbeOutcome> {
    try {
      if (route.kind === 'direct')
        return probe.kind === 'http'
          ? await httpDirect(probe, route.host, route.port, timeoutMs)
          : await tcpDirect(route.host, route.port, timeoutMs);
      return probe.kind === 'http'
        ? await httpExec(this.engine, route.containerId, probe, route.port, timeoutMs)
        : await tcpExec(this.engine, route.containerId, probe.host, route.port, timeoutMs);
    } catch (e) {
      // The engine failed to exec (container gone, connection lost): a failed attempt, not a crash.
      return { ok: false, detail: `probe could not run: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
}
