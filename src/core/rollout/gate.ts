/**
 * The health gate, evaluated from observations only (no I/O): the app polls the engine (and runs a
 * probe when asked), appends an observation, and asks for a verdict.
 *
 * A candidate passes when
 *  1. it becomes ready: `healthy` when it has a HEALTHCHECK (within `healthTimeoutMs`) and the probe,
 *     when configured, answers as expected (within `probeTimeoutMs`); and then
 *  2. it stays up for the stability window: no exit, no OOM kill, no restart (RestartCount rising),
 *     never `unhealthy`, and the probe still passes at the end of the window.
 * Any exit, OOM kill, restart or `unhealthy` fails it at once, even without a HEALTHCHECK.
 */
import { formatDuration } from '../policy/duration.js';
import type { ObservedState, ProbeOutcome } from './types.js';

export interface GateSpec {
  /** Whether a probe is configured (the app runs it when a verdict asks for one). */
  readonly probe: boolean;
  readonly healthTimeoutMs: number;
  readonly probeTimeoutMs: number;
  readonly stableMs: number;
}

export interface GateObservation {
  /** Milliseconds since the epoch. */
  readonly at: number;
  readonly state: ObservedState;
  /** The probe's answer when one was run for this observation. */
  readonly probe?: ProbeOutcome;
}

export type GateVerdict =
  | { readonly kind: 'pass'; readonly detail: string }
  | { readonly kind: 'fail'; readonly reason: string }
  /** Observe again; run the probe for the next observation when `probe` is true. */
  | { readonly kind: 'wait'; readonly probe: boolean };

const secs = (ms: number): string => (ms % 1000 === 0 ? formatDuration(ms) : `${(ms / 1000).toFixed(1)} s`);

function instantFailure(state: ObservedState, baselineRestarts: number): string | null {
  if (state.oomKilled) return 'the container was OOM-killed';
  if (state.restartCount > baselineRestarts) {
    // A running container's exit code is 0 again; it is only the last one while it is down.
    const exit = state.running ? '' : `, last exit code ${state.exitCode}`;
    return `the container restarted (RestartCount ${baselineRestarts} → ${state.restartCount}${exit})`;
  }
  if (state.restarting) return `the container is restarting (last exit code ${state.exitCode})`;
  if (!state.running) return `the container exited (status ${state.status}, exit code ${state.exitCode})`;
  if (state.health === 'unhealthy') return 'the HEALTHCHECK reported unhealthy';
  return null;
}

/**
 * The verdict after `observations` (oldest first) of a container started at `startedAt`.
 * Whether the container has a HEALTHCHECK is read from the observations (health is not `none`).
 */
export function evaluateGate(
  spec: GateSpec,
  startedAt: number,
  observations: readonly GateObservation[],
): GateVerdict {
  const first = observations[0];
  if (first === undefined) return { kind: 'wait', probe: spec.probe };
  const baseline = first.state.restartCount;
  const hasHealthcheck = observations.some((o) => o.state.health !== 'none');

  let healthyAt: number | null = hasHealthcheck ? null : startedAt;
  let probeOkAt: number | null = spec.probe ? null : startedAt;
  let lastProbe: ProbeOutcome | null = null;
  for (const o of observations) {
    const failure = instantFailure(o.state, baseline);
    if (failure !== null) return { kind: 'fail', reason: failure };
    if (healthyAt === null && o.state.health === 'healthy') healthyAt = o.at;
    if (o.probe) {
      lastProbe = o.probe;
      const ready = healthyAt !== null && probeOkAt !== null;
      // After readiness every probe must pass; before it, failures are retried until the timeout.
      if (ready && !o.probe.ok)
        return { kind: 'fail', reason: `the probe failed after passing: ${o.probe.detail}` };
      if (probeOkAt === null && o.probe.ok) probeOkAt = o.at;
    }
  }

  const last = observations[observations.length - 1]!;
  const elapsed = last.at - startedAt;
  if (healthyAt === null) {
    if (elapsed >= spec.healthTimeoutMs)
      return {
        kind: 'fail',
        reason: `not healthy within ${secs(spec.healthTimeoutMs)} (health: ${last.state.health})`,
      };
    return { kind: 'wait', probe: false };
  }
  if (probeOkAt === null) {
    if (elapsed >= spec.probeTimeoutMs)
      return {
        kind: 'fail',
        reason: `the probe did not pass within ${secs(spec.probeTimeoutMs)} (last: ${lastProbe?.detail ?? 'no answer'})`,
      };
    return { kind: 'wait', probe: true };
  }

  const readyAt = Math.max(healthyAt, probeOkAt);
  if (last.at - readyAt < spec.stableMs) return { kind: 'wait', probe: false };
  if (spec.probe && !(last.probe?.ok === true && last.at - readyAt >= spec.stableMs))
    return { kind: 'wait', probe: true };
  const what = [hasHealthcheck ? 'healthy' : 'running', spec.probe ? 'probe passed' : null]
    .filter((s) => s !== null)
    .join(', ');
  return { kind: 'pass', detail: `${what}; stable for ${secs(last.at - readyAt)}` };
}
