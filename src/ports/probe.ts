/**
 * Health probes of a rollout. A probe reaches the container only inside it (engine exec with the
 * image's wget/nc) or through a port published on the engine host's loopback — never through a
 * container bridge address. Implementation: adapters/probes.
 */
import type { Probe } from '../core/container/probe.js';
import type { ProbeOutcome } from '../core/rollout/types.js';

export type ProbeRoute =
  /** Inside the container: `wget`/`nc` against 127.0.0.1:port (or the probe's host) via engine exec. */
  | { readonly kind: 'exec'; readonly containerId: string; readonly port: number }
  /** From Shipshape: a published port on the loopback, host networking, or the host the probe names. */
  | { readonly kind: 'direct'; readonly host: string; readonly port: number };

export interface ProbeRunner {
  /** One attempt; never throws for a failing probe (ok: false with what happened). */
  run(probe: Probe, route: ProbeRoute, timeoutMs: number): Promise<ProbeOutcome>;
}
