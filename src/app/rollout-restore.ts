/**
 * Puts a container back the way it was (or finishes a rollout whose gate had passed): shared by the
 * rollback after a failed gate and by recovery of interrupted runs. Observes the engine, lets the pure
 * planner decide (core/rollout/recovery), then acts with retries while the engine is unreachable.
 */
import { containerName } from '../core/container/inspect.js';
import { isShipshapeError } from '../core/errors.js';
import {
  planRecovery,
  type ContainerOperationState,
  type ObservedContainer,
  type RecoveryPlan,
} from '../core/rollout/recovery.js';
import type { RolloutPhase } from '../core/rollout/types.js';
import { splitImageRef } from '../core/rewrite/index.js';
import type { ContainerInspect } from '../ports/container-engine.js';
import type { RolloutDeps } from './rollout-deps.js';
import { withEngineRetry } from './rollout-steps.js';

export interface RestoreResult {
  readonly plan: RecoveryPlan;
  /** The container now at the target name (old, recreated, or the new one when completed). */
  readonly containerId: string | null;
}

async function observe(deps: RolloutDeps, idOrName: string | null): Promise<ObservedContainer | null> {
  if (idOrName === null) return null;
  try {
    const c = await withEngineRetry(deps, () => deps.engine.inspectContainer(idOrName));
    const state = c['State'] as { Running?: unknown } | undefined;
    return { id: c.Id, name: containerName(c), running: state?.Running === true, image: c.Config.Image };
  } catch (e) {
    if (isShipshapeError(e, 'NOT_FOUND')) return null;
    throw e;
  }
}

/** Points the old container's tag back at its image when a rollout moved it (`app:latest`). */
async function retagOld(deps: RolloutDeps, snapshot: ContainerInspect): Promise<void> {
  const split = splitImageRef(snapshot.Config.Image);
  if (!split.ok || split.parts.tag === undefined || split.parts.digest !== undefined) return;
  try {
    await withEngineRetry(deps, () =>
      deps.engine.tagImage(snapshot.Image, split.parts.name, split.parts.tag!),
    );
  } catch (e) {
    deps.logger.warn(`could not point ${snapshot.Config.Image} back at the previous image`, {
      error: e instanceof Error ? e.message : String(e),
    });
  }
}

export async function restoreContainer(
  deps: RolloutDeps,
  phase: RolloutPhase,
  op: ContainerOperationState,
  snapshot: ContainerInspect,
): Promise<RestoreResult> {
  const [old, atName, preflight, newById] = await Promise.all([
    observe(deps, op.oldId),
    observe(deps, op.name),
    observe(deps, op.preflightName),
    observe(deps, op.newId),
  ]);
  const plan = planRecovery(phase, op, { old, atName, preflight, newById });
  if (plan.outcome !== 'updated') await retagOld(deps, snapshot);
  let containerId: string | null =
    plan.outcome === 'updated' ? (newById?.id ?? atName?.id ?? null) : (old?.id ?? null);
  const retry = <T>(fn: () => Promise<T>): Promise<T> => withEngineRetry(deps, fn);
  for (const step of plan.steps) {
    switch (step.kind) {
      case 'remove':
        await retry(() => deps.engine.remove(step.id, { force: true }));
        break;
      case 'rename':
        await retry(() => deps.engine.rename(step.id, step.to));
        break;
      case 'start':
        await retry(() => deps.engine.start(step.id));
        break;
      case 'recreate-old': {
        const id = await retry(() => deps.engine.createFromInspect(snapshot, { name: op.name }));
        containerId = id;
        if (step.start) await retry(() => deps.engine.start(id));
        break;
      }
    }
  }
  return { plan, containerId };
}
