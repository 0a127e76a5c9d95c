/**
 * Use case `recover` (also the first thing `update` and `rollback` do): finish or undo operations an
 * earlier run left in flight — Shipshape killed, the engine connection lost — so that no container
 * stays renamed, stopped or missing. Operations whose process still runs are left alone.
 */
import type { ContainerOperationState } from '../core/rollout/recovery.js';
import type { RolloutResult, StepRecord } from '../core/rollout/types.js';
import type { ContainerInspect } from '../ports/container-engine.js';
import type { InFlightOperation } from '../ports/history.js';
import type { RolloutDeps } from './rollout-deps.js';
import { runGate } from './rollout-gate.js';
import { restoreContainer } from './rollout-restore.js';
import { errorMessage } from './rollout-steps.js';

export interface RecoverOptions {
  readonly host: string;
  /** Only this target. */
  readonly target?: string;
  /** Also operations whose process looks alive (another host's, or a reused pid). */
  readonly force?: boolean;
}

const VERIFY_STABLE_MS = 3000;

async function recoverOne(deps: RolloutDeps, op: InFlightOperation): Promise<RolloutResult> {
  const t0 = deps.clock.now();
  const base = { target: op.target, kind: op.kind, host: op.host, from: op.from, to: op.to };
  const steps: StepRecord[] = [...op.steps];
  if (op.kind !== 'container') {
    // Swarm keeps its own rollback state; nothing of ours to undo.
    await deps.history.finish({
      ...base,
      id: op.id,
      action: 'recover',
      status: 'failed',
      reason: `interrupted while ${op.phase}; check the service with \`docker service ps ${op.target}\``,
      startedAt: op.startedAt,
      finishedAt: deps.clock.now(),
      steps,
      previousTag: null,
    });
    return { ...base, status: 'failed', reason: `interrupted while ${op.phase}`, steps };
  }
  const state = op.state as unknown as ContainerOperationState;
  try {
    const restored = await restoreContainer(deps, op.phase, state, op.snapshot as ContainerInspect);
    let reason = restored.plan.note;
    let status = restored.plan.outcome;
    if (status !== 'updated' && restored.containerId !== null) {
      const gate = await runGate(
        deps,
        restored.containerId,
        { probe: false, healthTimeoutMs: 120_000, probeTimeoutMs: 0, stableMs: VERIFY_STABLE_MS },
        null,
      );
      if (!gate.ok) {
        status = 'failed';
        reason += `; the previous container is back but not healthy: ${gate.reason}`;
      }
    }
    steps.push({
      step: 'recover',
      ok: status !== 'failed',
      ms: deps.clock.now() - t0,
      detail: restored.plan.note,
    });
    if (status !== 'updated' && state.previousTag)
      await deps.engine.removeImage(state.previousTag).catch(() => undefined);
    await deps.history.finish({
      ...base,
      id: op.id,
      action: 'recover',
      status,
      reason,
      startedAt: op.startedAt,
      finishedAt: deps.clock.now(),
      steps,
      previousTag: status === 'updated' ? state.previousTag : null,
    });
    return { ...base, status, reason, steps };
  } catch (e) {
    steps.push({ step: 'recover', ok: false, ms: deps.clock.now() - t0, detail: errorMessage(e) });
    return { ...base, status: 'failed', reason: `recovery did not complete: ${errorMessage(e)}`, steps };
  }
}

/** Recovers the stale in-flight operations of one engine host; returns one result per operation. */
export async function recoverOperations(
  deps: RolloutDeps,
  options: RecoverOptions,
): Promise<RolloutResult[]> {
  const ops = await deps.history.inFlight({
    host: options.host,
    ...(options.target !== undefined ? { target: options.target } : {}),
  });
  const results: RolloutResult[] = [];
  for (const op of ops) {
    if (!options.force && deps.ownerAlive(op.owner)) {
      results.push({
        target: op.target,
        kind: op.kind,
        host: op.host,
        from: op.from,
        to: op.to,
        status: 'skipped',
        reason: `in progress (${op.action} by pid ${op.owner.pid} on ${op.owner.hostname}, ${op.phase})`,
        steps: [],
      });
      continue;
    }
    deps.logger.warn(`recovering an interrupted ${op.action} of ${op.target} (${op.phase})`);
    results.push(await recoverOne(deps, op));
  }
  return results;
}
