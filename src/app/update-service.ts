/**
 * One Swarm service rollout: the service's image is set by digest with an update_config that makes
 * Swarm itself gate and undo it (parallelism, delay, monitor = the stability window, failure_action:
 * rollback); then we wait for convergence and report Swarm's own rollback as rolled-back.
 */
import { repoRefOf, tryParseImageRef } from '../core/image-ref/index.js';
import { candidateImage } from '../core/rollout/candidate.js';
import { splitImageRef } from '../core/rewrite/index.js';
import { rolloutSettings, type RolloutDefaults, type RolloutSettings } from '../core/rollout/settings.js';
import type {
  CandidateChoice,
  ImageVersionRef,
  RolloutResult,
  RolloutStatus,
} from '../core/rollout/types.js';
import type { ServiceInspect, SwarmEngine } from '../ports/swarm.js';
import type { RolloutDeps } from './rollout-deps.js';
import { errorMessage, registryAuth, StepLog } from './rollout-steps.js';

export interface ServicePlan {
  readonly action: 'update' | 'rollback';
  readonly host: string;
  readonly name: string;
  readonly inspect: ServiceInspect;
  readonly from: ImageVersionRef;
  readonly to: ImageVersionRef;
  readonly settings: RolloutSettings;
}

export interface ServiceTarget {
  readonly name: string;
  readonly inspect: ServiceInspect;
  readonly from: ImageVersionRef;
  readonly settings: RolloutSettings;
}

type Json = Record<string, unknown>;
const record = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};

const result = (
  name: string,
  host: string,
  from: ImageVersionRef,
  status: RolloutStatus,
  reason: string,
  to: ImageVersionRef | null = null,
): RolloutResult => ({ target: name, kind: 'service', host, from, to, status, reason, steps: [] });

/** The named Swarm service as a target, or null when there is none (or no Swarm). */
export async function prepareService(
  deps: RolloutDeps,
  request: { readonly host: string; readonly defaults: RolloutDefaults; readonly labelsOptIn: boolean },
  name: string,
): Promise<
  | { readonly kind: 'result'; readonly result: RolloutResult }
  | { readonly kind: 'target'; readonly target: ServiceTarget }
  | null
> {
  if (!deps.swarm) return null;
  const inspect = await deps.swarm.inspectService(name).catch(() => null);
  if (inspect === null) return null;
  const from = serviceImage(inspect);
  const parsed = rolloutSettings(inspect.Spec.Labels ?? {}, request.defaults, { optIn: request.labelsOptIn });
  if (!parsed.ok)
    return { kind: 'result', result: result(name, request.host, from, 'failed', parsed.errors.join('; ')) };
  if (!parsed.settings.enabled)
    return {
      kind: 'result',
      result: result(
        name,
        request.host,
        from,
        'skipped',
        `disabled by ${parsed.settings.disabledBy ?? 'label'}`,
      ),
    };
  return { kind: 'target', target: { name: inspect.Spec.Name, inspect, from, settings: parsed.settings } };
}

/** Plans for the services: their candidate from `--to`, or from the check (`choose`). */
export async function planServices(
  deps: RolloutDeps,
  request: { readonly host: string },
  services: readonly ServiceTarget[],
  explicit: ImageVersionRef | { readonly error: string } | null,
  choose:
    ((host: string, services: readonly ServiceTarget[]) => Promise<Map<string, CandidateChoice>>) | null,
  results: Map<string, RolloutResult>,
): Promise<Map<string, ServicePlan>> {
  const plans = new Map<string, ServicePlan>();
  const set = (
    s: ServiceTarget,
    status: RolloutStatus,
    reason: string,
    to: ImageVersionRef | null = null,
  ): void => {
    results.set(s.name, result(s.name, request.host, s.from, status, reason, to));
  };
  const choices =
    explicit === null && choose !== null && services.length > 0 ? await choose(request.host, services) : null;
  for (const s of services) {
    let to: ImageVersionRef;
    if (explicit !== null) {
      if ('error' in explicit) {
        set(s, 'failed', explicit.error);
        continue;
      }
      to = explicit;
    } else {
      const choice = choices?.get(s.name) ?? null;
      if (choice === null) {
        set(s, 'skipped', 'name the candidate of a Swarm service with --to IMAGE');
        continue;
      }
      if (choice.kind !== 'update') {
        set(s, choice.kind === 'skip' && choice.failed ? 'failed' : 'skipped', choice.reason);
        continue;
      }
      const image = candidateImage(s.from.image, choice);
      if (image === null) {
        set(s, 'failed', `cannot name the candidate of ${s.from.image}`);
        continue;
      }
      let digest = choice.digest;
      if (digest === null) {
        const parsed = tryParseImageRef(image);
        try {
          if (!parsed.ok) throw new Error(parsed.error);
          digest = (await deps.registry.resolve(repoRefOf(parsed.ref), parsed.ref.tag ?? 'latest')).digest;
        } catch (e) {
          set(s, 'failed', `cannot resolve ${image}: ${errorMessage(e)}`);
          continue;
        }
      }
      to = {
        image,
        digest,
        ...(choice.vulnerabilities !== undefined ? { vulnerabilities: choice.vulnerabilities } : {}),
      };
    }
    if (to.digest !== null && to.digest === s.from.digest) {
      set(s, 'skipped', `already runs ${to.digest}`, to);
      continue;
    }
    plans.set(s.name, {
      action: 'update',
      host: request.host,
      name: s.name,
      inspect: s.inspect,
      from: s.from,
      to,
      settings: s.settings,
    });
  }
  return plans;
}

/** The image a service runs: `repo:tag@sha256:…` as Swarm pins it → image and digest apart. */
export function serviceImage(inspect: ServiceInspect): ImageVersionRef {
  const raw = record(inspect.Spec.TaskTemplate['ContainerSpec'])['Image'];
  const image = typeof raw === 'string' ? raw : '';
  const split = splitImageRef(image);
  if (!split.ok || split.parts.digest === undefined) return { image, digest: null };
  return {
    image: `${split.parts.name}${split.parts.tag === undefined ? '' : `:${split.parts.tag}`}`,
    digest: split.parts.digest,
  };
}

/** The spec to post: the candidate by digest, and an update_config under which Swarm rolls back. */
export function updatedSpec(inspect: ServiceInspect, to: ImageVersionRef, settings: RolloutSettings): Json {
  const spec = structuredClone(inspect.Spec) as Json;
  const task = record(spec['TaskTemplate']);
  const container = record(task['ContainerSpec']);
  const split = splitImageRef(to.image);
  const name = split.ok
    ? `${split.parts.name}${split.parts.tag === undefined ? '' : `:${split.parts.tag}`}`
    : to.image;
  container['Image'] = to.digest === null ? to.image : `${name}@${to.digest}`;
  task['ContainerSpec'] = container;
  // A new value makes Swarm start tasks even when only the digest changed.
  task['ForceUpdate'] = (typeof task['ForceUpdate'] === 'number' ? task['ForceUpdate'] : 0) + 1;
  spec['TaskTemplate'] = task;
  const monitorNs = Math.max(settings.stableMs, 1000) * 1_000_000;
  const update = record(spec['UpdateConfig']);
  spec['UpdateConfig'] = {
    Parallelism: 1,
    Delay: 0,
    Order: 'stop-first',
    ...update,
    Monitor: monitorNs,
    FailureAction: 'rollback',
    MaxFailureRatio: 0,
  };
  spec['RollbackConfig'] = {
    Parallelism: 1,
    Delay: 0,
    Order: 'stop-first',
    ...record(spec['RollbackConfig']),
    Monitor: monitorNs,
    FailureAction: 'pause',
  };
  return spec;
}

const replicasOf = (inspect: ServiceInspect): number => {
  const replicated = record(record(inspect.Spec['Mode'])['Replicated']);
  return typeof replicated['Replicas'] === 'number' ? replicated['Replicas'] : 1;
};

export async function rolloutService(
  deps: RolloutDeps & { readonly swarm: SwarmEngine },
  plan: ServicePlan,
): Promise<RolloutResult> {
  const log = new StepLog(deps.clock);
  const startedAt = deps.clock.now();
  const { name, host, inspect } = plan;
  const opId = deps.newId();
  const finish = async (
    status: RolloutStatus,
    reason: string | null,
    recorded: boolean,
  ): Promise<RolloutResult> => {
    const entry = {
      id: opId,
      host,
      target: name,
      kind: 'service' as const,
      action: plan.action,
      status,
      from: plan.from,
      to: plan.to,
      reason,
      startedAt,
      finishedAt: deps.clock.now(),
      steps: log.steps,
      previousTag: null,
    };
    if (recorded || status === 'failed') await deps.history.finish(entry);
    return {
      target: name,
      kind: 'service',
      host,
      from: plan.from,
      to: plan.to,
      status,
      reason,
      steps: log.steps,
    };
  };

  try {
    await log.run('record', async () => {
      const r = await deps.history.begin({
        id: opId,
        host,
        target: name,
        kind: 'service',
        action: plan.action,
        phase: 'recording',
        owner: deps.owner,
        from: plan.from,
        to: plan.to,
        startedAt,
        updatedAt: startedAt,
        state: { name, serviceId: inspect.ID, version: inspect.Version.Index },
        snapshot: inspect,
        steps: [],
      });
      if (!r.ok)
        throw new Error(
          `another operation on ${name} is in flight (pid ${r.existing.owner.pid}, ${r.existing.phase})`,
        );
    });
  } catch (e) {
    return finish('failed', errorMessage(e), false);
  }

  const before = inspect.UpdateStatus?.StartedAt ?? null;
  try {
    await log.run('service-update', async () => {
      const auth = await registryAuth(deps.credentials, plan.to.image);
      await deps.swarm.updateService(
        inspect.ID,
        inspect.Version.Index,
        updatedSpec(inspect, plan.to, plan.settings),
        auth,
      );
      await deps.history.advance(opId, { phase: 'verifying', steps: log.steps, updatedAt: deps.clock.now() });
    });
  } catch (e) {
    return finish('failed', `updating the service failed: ${errorMessage(e)}`, true);
  }

  // Swarm gates each task for `Monitor`, and undoes the update by itself on failure.
  const t0 = deps.clock.now();
  const budget = settingsBudget(plan.settings, replicasOf(inspect));
  for (;;) {
    await deps.sleep(deps.pollMs ?? 500);
    let now: ServiceInspect | null;
    try {
      now = await deps.swarm.inspectService(inspect.ID);
    } catch (e) {
      log.add('verify', false, deps.clock.now() - t0, errorMessage(e));
      return finish('failed', `cannot follow the service update: ${errorMessage(e)}`, true);
    }
    if (now === null) return finish('failed', 'the service disappeared during the update', true);
    const status = now.UpdateStatus;
    const ours = status?.StartedAt !== undefined && status.StartedAt !== before;
    const state = ours ? (status?.State ?? '') : 'updating';
    const message = status?.Message ?? '';
    const ms = deps.clock.now() - t0;
    if (state === 'completed') {
      log.add('verify', true, ms, message || 'converged');
      return finish('updated', null, true);
    }
    if (state === 'rollback_completed') {
      log.add('verify', false, ms, message);
      log.add('rollback', true, 0, 'Swarm rolled the service back');
      return finish('rolled-back', message || 'Swarm rolled the update back', true);
    }
    if (state === 'paused' || state === 'rollback_paused') {
      log.add('verify', false, ms, message);
      return finish('failed', `the Swarm update is ${state.replace('_', ' ')}: ${message}`, true);
    }
    if (ms > budget) {
      log.add('verify', false, ms, `state ${state}`);
      return finish(
        'failed',
        `the service did not converge within ${Math.round(budget / 1000)} s (state ${state})`,
        true,
      );
    }
  }
}

/** Generous: every replica may take the health timeout plus the monitor window, once forward and once back. */
function settingsBudget(settings: RolloutSettings, replicas: number): number {
  return 2 * Math.max(replicas, 1) * (settings.healthTimeoutMs + settings.stableMs) + 60_000;
}
