/**
 * One container rollout, phase by phase (core/rollout/machine). Every phase is recorded in the history
 * store before it acts, with the old container's full inspect document, so nothing is ever lost:
 * the old container is only stopped and renamed (`<name>-shipshape-old-<ts>`) until the new one passed
 * its gate, and any failure puts it back (rollout-restore.ts).
 */
import { isShipshapeError } from '../core/errors.js';
import type { GateSpec } from '../core/rollout/gate.js';
import { nextPhase, type RolloutEvent } from '../core/rollout/machine.js';
import { keptName, preflightName, previousRepository, previousTagNumber } from '../core/rollout/names.js';
import type { ContainerOperationState } from '../core/rollout/recovery.js';
import type { RolloutSettings } from '../core/rollout/settings.js';
import type { ImageVersionRef, RolloutPhase, RolloutResult, RolloutStatus } from '../core/rollout/types.js';
import { splitImageRef } from '../core/rewrite/index.js';
import type { ContainerInspect } from '../ports/container-engine.js';
import type { RolloutDeps } from './rollout-deps.js';
import { runGate, runPreflight } from './rollout-gate.js';
import { restoreContainer } from './rollout-restore.js';
import { errorMessage, registryAuth, StepLog, withEngineRetry } from './rollout-steps.js';
import { rewriteComposeFiles } from './update-compose.js';

/** Where the candidate image comes from: pulled by digest, or already local (offline rollback). */
export type CandidateSource =
  { readonly kind: 'pull'; readonly ref: string } | { readonly kind: 'local'; readonly ref: string };

export interface ContainerPlan {
  readonly action: 'update' | 'rollback';
  readonly host: string;
  readonly name: string;
  readonly inspect: ContainerInspect;
  readonly from: ImageVersionRef;
  /** `image` is what the new container is created from (its Config.Image). */
  readonly to: ImageVersionRef;
  readonly source: CandidateSource;
  readonly settings: RolloutSettings;
  readonly preflight: boolean;
  /** Whether the old container runs (a rollback may target a stopped or crash-looping one). */
  readonly wasRunning: boolean;
  /** How many `shipshape-previous/<name>:<n>` tags to keep. */
  readonly keepPrevious: number;
}

/** Pulls (by digest) or finds the candidate, then names it as the new container will. */
async function obtainImage(deps: RolloutDeps, plan: ContainerPlan): Promise<string> {
  const { source, to } = plan;
  if (source.kind === 'pull') {
    const auth = await registryAuth(deps.credentials, source.ref);
    await deps.engine.pullImage(source.ref, auth);
  }
  const image = await deps.engine.inspectImage(source.ref);
  if (image === null) throw new Error(`image ${source.ref} is not available locally`);
  const split = splitImageRef(to.image);
  if (
    to.image !== source.ref &&
    split.ok &&
    split.parts.tag !== undefined &&
    split.parts.digest === undefined
  )
    await deps.engine.tagImage(image.id, split.parts.name, split.parts.tag);
  return image.id;
}

/** The next `shipshape-previous/<name>:<n>` number: one more than any recorded. */
async function nextPreviousNumber(deps: RolloutDeps, host: string, name: string): Promise<number> {
  let max = 0;
  for (const e of await deps.history.list({ host, target: name }))
    max = Math.max(max, e.previousTag === null ? 0 : (previousTagNumber(e.previousTag) ?? 0));
  return max + 1;
}

/** Keeps the newest `keep` previous-image tags of successful rollouts, untags the rest. */
async function prunePreviousTags(
  deps: RolloutDeps,
  host: string,
  name: string,
  keep: number,
  current: string | null,
): Promise<void> {
  const entries = await deps.history.list({ host, target: name });
  const tags = [current, ...entries.filter((e) => e.status === 'updated').map((e) => e.previousTag)].filter(
    (t): t is string => t !== null,
  );
  for (const tag of [...new Set(tags)].slice(Math.max(keep, 0))) {
    await deps.engine.removeImage(tag).catch(() => undefined);
  }
}

export async function rolloutContainer(deps: RolloutDeps, plan: ContainerPlan): Promise<RolloutResult> {
  const log = new StepLog(deps.clock);
  const startedAt = deps.clock.now();
  const { name, host, settings } = plan;
  const result = (status: RolloutStatus, reason: string | null): RolloutResult => ({
    target: name,
    kind: 'container',
    host,
    from: plan.from,
    to: plan.to,
    status,
    reason,
    steps: log.steps,
  });
  const record = async (
    id: string,
    status: RolloutStatus,
    reason: string | null,
    previousTag: string | null,
  ): Promise<RolloutResult> => {
    await deps.history.finish({
      id,
      host,
      target: name,
      kind: 'container',
      action: plan.action,
      status,
      from: plan.from,
      to: plan.to,
      reason,
      startedAt,
      finishedAt: deps.clock.now(),
      steps: log.steps,
      previousTag,
    });
    return result(status, reason);
  };

  let phase: RolloutPhase = 'pending';
  const move = (event: RolloutEvent): RolloutPhase => (phase = nextPhase(phase, event));
  const opId = deps.newId();

  // pulling
  move({ type: 'ok' });
  try {
    await log.run(
      'pull',
      () => obtainImage(deps, plan),
      (id) => `${plan.source.ref} (${id.slice(0, 19)})`,
    );
  } catch (e) {
    return record(opId, 'failed', `pull failed: ${errorMessage(e)}`, null);
  }

  // recording: the operation and the old container's full inspect document, before anything is touched
  move({ type: 'ok' });
  const now = deps.clock.now();
  const n = await nextPreviousNumber(deps, host, name);
  const previousRepo = previousRepository(name);
  const state: { -readonly [K in keyof ContainerOperationState]: ContainerOperationState[K] } = {
    name,
    oldId: plan.inspect.Id,
    oldName: keptName(name, now),
    preflightName: plan.preflight ? preflightName(name, now) : null,
    newId: null,
    candidateImage: plan.to.image,
    wasRunning: plan.wasRunning,
    previousTag: `${previousRepo}:${n}`,
  };
  try {
    await log.run('record', async () => {
      const r = await deps.history.begin({
        id: opId,
        host,
        target: name,
        kind: 'container',
        action: plan.action,
        phase: 'recording',
        owner: deps.owner,
        from: plan.from,
        to: plan.to,
        startedAt,
        updatedAt: now,
        state: { ...state },
        snapshot: plan.inspect,
        steps: log.steps,
      });
      if (!r.ok)
        throw new Error(
          `another operation on ${name} is in flight (${r.existing.action} by pid ${r.existing.owner.pid} on ${r.existing.owner.hostname}, ${r.existing.phase}); if that run died, run \`shipshape recover\``,
        );
      await deps.engine.tagImage(plan.inspect.Image, previousRepo, String(n));
    });
  } catch (e) {
    // Nothing was touched; a failed begin leaves no record to drop (finish only adds the entry).
    return record(opId, 'failed', errorMessage(e), null);
  }
  const advance = (extra: Partial<ContainerOperationState> = {}): Promise<void> =>
    withEngineRetry(deps, () =>
      deps.history.advance(opId, { phase, state: extra, steps: log.steps, updatedAt: deps.clock.now() }),
    );

  const gateSpec: GateSpec = {
    probe: settings.probe !== null,
    healthTimeoutMs: settings.healthTimeoutMs,
    probeTimeoutMs: settings.probeTimeoutMs,
    stableMs: settings.stableMs,
  };

  // preflight
  if (plan.preflight) {
    move({ type: 'ok' });
    await advance();
    const t0 = deps.clock.now();
    const pre = await runPreflight(deps, {
      source: plan.inspect,
      image: plan.to.image,
      name: state.preflightName!,
      spec: { ...gateSpec, stableMs: Math.min(gateSpec.stableMs, 5000) },
      probe: settings.probe,
      test: settings.test,
      testTimeoutMs: settings.healthTimeoutMs,
    });
    log.add('preflight', pre.ok, deps.clock.now() - t0, pre.ok ? pre.detail : pre.reason);
    if (!pre.ok) {
      move({ type: 'fail' });
      await deps.engine.removeImage(state.previousTag!).catch(() => undefined);
      return record(opId, 'rolled-back', `pre-flight failed: ${pre.reason}`, null);
    }
    move({ type: 'ok' });
  } else {
    move({ type: 'skip-preflight' });
  }

  const rollBack = async (reason: string): Promise<RolloutResult> => {
    move({ type: 'fail' });
    const t0 = deps.clock.now();
    try {
      await advance();
      const restored = await restoreContainer(deps, phase, state, plan.inspect);
      const verify = !plan.wasRunning
        ? ({ ok: true, detail: 'left stopped, as it was' } as const)
        : restored.containerId === null
          ? ({ ok: false, reason: 'no container to verify' } as const)
          : await runGate(
              deps,
              restored.containerId,
              { ...gateSpec, probe: false, stableMs: Math.min(gateSpec.stableMs, 3000) },
              null,
            );
      log.add(
        'rollback',
        verify.ok,
        deps.clock.now() - t0,
        verify.ok ? `previous container ${verify.detail}` : verify.reason,
      );
      move({ type: 'ok' });
      await deps.engine.removeImage(state.previousTag!).catch(() => undefined);
      const note = verify.ok ? '' : `; the previous container is back but not healthy: ${verify.reason}`;
      return record(opId, verify.ok ? 'rolled-back' : 'failed', `${reason}${note}`, null);
    } catch (e) {
      // The record stays in flight: the next run (or `shipshape recover`) finishes the rollback.
      log.add('rollback', false, deps.clock.now() - t0, errorMessage(e));
      return result(
        'failed',
        `${reason}; the rollback did not complete (${errorMessage(e)}): run \`shipshape recover\``,
      );
    }
  };

  // stopping-old
  await advance();
  try {
    await log.run(
      'stop-old',
      async () => {
        const timeout =
          settings.stopTimeoutMs === null ? undefined : Math.ceil(settings.stopTimeoutMs / 1000);
        await deps.engine.stop(state.oldId, timeout);
        await deps.engine.rename(state.oldId, state.oldName);
      },
      () => `kept as ${state.oldName}`,
    );
  } catch (e) {
    return rollBack(`stopping the old container failed: ${errorMessage(e)}`);
  }

  // starting-new
  move({ type: 'ok' });
  await advance();
  let newId: string;
  try {
    newId = await log.run('start-new', async () => {
      const id = await deps.engine.createFromInspect(plan.inspect, { image: plan.to.image, name });
      state.newId = id;
      await advance({ newId: id });
      await deps.engine.start(id);
      return id;
    });
  } catch (e) {
    return rollBack(`starting the new container failed: ${errorMessage(e)}`);
  }

  // verifying
  move({ type: 'ok' });
  await advance();
  const t0 = deps.clock.now();
  const gate = await runGate(deps, newId, gateSpec, settings.probe);
  log.add('verify', gate.ok, deps.clock.now() - t0, gate.ok ? gate.detail : gate.reason);
  if (!gate.ok) return rollBack(gate.reason);

  // done: the old container goes, the previous image stays tagged for offline rollback
  move({ type: 'ok' });
  await advance();
  try {
    await log.run(
      'cleanup',
      async () => {
        await withEngineRetry(deps, () => deps.engine.remove(state.oldId, { force: true }));
        await prunePreviousTags(deps, host, name, plan.keepPrevious, state.previousTag);
      },
      () => `removed ${state.oldName}; previous image kept as ${state.previousTag}`,
    );
  } catch (e) {
    if (!isShipshapeError(e, 'NOT_FOUND'))
      deps.logger.warn(`clean-up after updating ${name} failed`, { error: errorMessage(e) });
  }
  const compose = deps.compose ? await rewriteComposeFiles(deps, log, plan.inspect, plan.to) : null;
  return record(opId, 'updated', compose, state.previousTag);
}
