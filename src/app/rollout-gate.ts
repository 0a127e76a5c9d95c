/**
 * Runs the health gate against a live container: polls the engine, runs the probe when the pure gate
 * asks for it, and returns the verdict. Also the pre-flight: a temporary copy of the container on the
 * candidate image, gated and tested (`shipshape.test`), then removed whatever happened.
 */
import type { Probe } from '../core/container/probe.js';
import type { TestCommand } from '../core/container/labels.js';
import { evaluateGate, type GateObservation, type GateSpec } from '../core/rollout/gate.js';
import { preflightSnapshot } from '../core/rollout/preflight.js';
import { probeRoute } from '../core/rollout/probe-route.js';
import type { ProbeOutcome } from '../core/rollout/types.js';
import type { ContainerInspect } from '../ports/container-engine.js';
import type { RolloutDeps } from './rollout-deps.js';
import { errorMessage, withEngineRetry } from './rollout-steps.js';

export type GateResult =
  { readonly ok: true; readonly detail: string } | { readonly ok: false; readonly reason: string };

const PROBE_ATTEMPT_MS = 5000;

export async function runGate(
  deps: RolloutDeps,
  containerId: string,
  spec: GateSpec,
  probe: Probe | null,
): Promise<GateResult> {
  const startedAt = deps.clock.now();
  const observations: GateObservation[] = [];
  let wantProbe = false;
  let route: ReturnType<typeof probeRoute> | null = null;
  for (;;) {
    let state;
    try {
      state = await withEngineRetry(
        deps,
        () => deps.engine.containerState(containerId),
        Math.min(deps.engineRetryMs ?? 10_000, 10_000),
      );
    } catch (e) {
      return { ok: false, reason: `cannot observe the container: ${errorMessage(e)}` };
    }
    let outcome: ProbeOutcome | undefined;
    if (wantProbe && probe !== null && state.running) {
      // Published ports are known once the container runs.
      route ??= probeRoute(probe, await deps.engine.inspectContainer(containerId), {
        engineIsLocal: deps.engineIsLocal,
      });
      outcome = await deps.probes.run(probe, route, PROBE_ATTEMPT_MS);
    }
    observations.push({ at: deps.clock.now(), state, ...(outcome ? { probe: outcome } : {}) });
    const verdict = evaluateGate(spec, startedAt, observations);
    if (verdict.kind === 'pass') return { ok: true, detail: verdict.detail };
    if (verdict.kind === 'fail') return { ok: false, reason: verdict.reason };
    wantProbe = verdict.probe;
    await deps.sleep(deps.pollMs ?? 500);
  }
}

export interface PreflightPlan {
  readonly source: ContainerInspect;
  readonly image: string;
  readonly name: string;
  readonly spec: GateSpec;
  readonly probe: Probe | null;
  readonly test: TestCommand | null;
  readonly testTimeoutMs: number;
}

/** Starts the candidate as a temporary copy (no published ports, read-only mounts), gates and tests it. */
export async function runPreflight(deps: RolloutDeps, plan: PreflightPlan): Promise<GateResult> {
  let id: string | null = null;
  try {
    id = await deps.engine.createFromInspect(preflightSnapshot(plan.source), {
      image: plan.image,
      name: plan.name,
      dropPorts: true,
    });
    await deps.engine.start(id);
    // Inside the copy, probes can only go through exec: it publishes nothing.
    const gate = await runGate({ ...deps, engineIsLocal: false }, id, plan.spec, plan.probe);
    if (!gate.ok) return gate;
    if (plan.test === null) return gate;
    const r = await deps.engine.exec(id, plan.test.argv, { timeoutMs: plan.testTimeoutMs });
    if (r.exitCode !== 0) {
      const out = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-3).join(' | ');
      return {
        ok: false,
        reason: `shipshape.test "${plan.test.text}" exited with ${r.exitCode}${out ? `: ${out}` : ''}`,
      };
    }
    return { ok: true, detail: `${gate.detail}; shipshape.test passed` };
  } catch (e) {
    return { ok: false, reason: errorMessage(e) };
  } finally {
    const toRemove = id ?? plan.name;
    await withEngineRetry(deps, () => deps.engine.remove(toRemove, { force: true })).catch((e: unknown) => {
      if (id !== null)
        deps.logger.warn(`could not remove the pre-flight container ${plan.name}`, {
          error: errorMessage(e),
        });
    });
  }
}
