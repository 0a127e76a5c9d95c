/**
 * Use case `update --docker`: roll running containers forward to their candidate images, safely.
 * 1. Recover what an earlier run left in flight. 2. Read every target (inspect, labels, running
 * digest). 3. Choose each candidate (`--to`, or the same check as `shipshape check --docker`).
 * 4. Roll out in order — dependencies first, canary first per candidate image, `parallel` at a time —
 * each through the recorded, reversible rollout of update-container.ts. Written only against ports.
 */
import {
  containerLabels,
  containerName,
  runningDigest,
  startedFromImageId,
} from '../core/container/inspect.js';
import { isShipshapeError, ShipshapeError } from '../core/errors.js';
import { repoRefOf, tryParseImageRef } from '../core/image-ref/index.js';
import { candidateImage, pullRef } from '../core/rollout/candidate.js';
import { RolloutSchedule, type ScheduleItem } from '../core/rollout/schedule.js';
import { rolloutSettings, type RolloutDefaults, type RolloutSettings } from '../core/rollout/settings.js';
import type { CandidateChoice, ImageVersionRef, RolloutResult, UpdateReport } from '../core/rollout/types.js';
import type { ContainerInspect } from '../ports/container-engine.js';
import { recoverOperations } from './recover.js';
import type { ServiceCandidateFinder } from './update-candidates.js';
import type { RolloutDeps } from './rollout-deps.js';
import { errorMessage } from './rollout-steps.js';
import { rolloutContainer, type ContainerPlan } from './update-container.js';

import { planServices, prepareService, rolloutService, type ServiceTarget } from './update-service.js';

/** A container about to be updated, as read from the engine. */
export interface ContainerTarget {
  readonly name: string;
  readonly inspect: ContainerInspect;
  readonly from: ImageVersionRef;
  readonly settings: RolloutSettings;
  readonly running: boolean;
}

export type { CandidateChoice };

/** Chooses candidates for many containers at once (one check run); keyed by container name. */
export type CandidateFinder = (targets: readonly ContainerTarget[]) => Promise<Map<string, CandidateChoice>>;

export interface UpdateRequest {
  readonly host: string;
  /** Container names; empty: every running container that has an update. */
  readonly names: readonly string[];
  /** An explicit candidate for every named container, e.g. "registry:5000/team/app:1.1.0". */
  readonly to: string | null;
  readonly parallel: number;
  /** Pre-flight for containers without a `shipshape.preflight` label. */
  readonly preflight: boolean;
  readonly keepPrevious: number;
  readonly defaults: RolloutDefaults;
  readonly labelsOptIn: boolean;
  /** Required when `to` is null. */
  readonly findCandidates: CandidateFinder | null;
  /** Candidates for Swarm services when `to` is null; absent: services need `to`. */
  readonly findServiceCandidates?: ServiceCandidateFinder | null;
  /**
   * Choose candidates and order them, touch nothing: no recovery, no pull, no history. Each target that
   * would be rolled out is `skipped` with the reason `dry run: would update in step N of M`.
   */
  readonly dryRun?: boolean;
}

/** Containers Shipshape itself keeps during a rollout are never targets. */
const INTERNAL = /-shipshape-(?:old|preflight)-\d{8}T\d{6}$/;

export type Prepared =
  /** `notFound`: there is no container by that name (it may be a Swarm service). */
  | { readonly kind: 'result'; readonly result: RolloutResult; readonly notFound?: boolean }
  | { readonly kind: 'target'; readonly target: ContainerTarget };

export const simple = (
  name: string,
  host: string,
  from: ImageVersionRef,
  status: 'skipped' | 'failed',
  reason: string,
  to: ImageVersionRef | null = null,
): RolloutResult => ({ target: name, kind: 'container', host, from, to, status, reason, steps: [] });

export async function prepareTarget(
  deps: RolloutDeps,
  request: Pick<UpdateRequest, 'host' | 'defaults' | 'labelsOptIn'> & { readonly to: string | null },
  idOrName: string,
  options: { readonly requireRunning: boolean } = { requireRunning: true },
): Promise<Prepared> {
  const unknown: ImageVersionRef = { image: '', digest: null };
  let inspect: ContainerInspect;
  try {
    inspect = await deps.engine.inspectContainer(idOrName);
  } catch (e) {
    return {
      kind: 'result',
      result: simple(idOrName, request.host, unknown, 'failed', errorMessage(e)),
      notFound: isShipshapeError(e, 'NOT_FOUND'),
    };
  }
  const name = containerName(inspect);
  const image = await deps.engine.inspectImage(inspect.Image).catch(() => null);
  const from: ImageVersionRef = {
    image: inspect.Config.Image,
    digest: image === null ? null : runningDigest(inspect.Config.Image, image.repoDigests),
  };
  const done = (status: 'skipped' | 'failed', reason: string): Prepared => ({
    kind: 'result',
    result: simple(name, request.host, from, status, reason),
  });
  const state = inspect['State'] as { Running?: unknown } | undefined;
  if (options.requireRunning && state?.Running !== true) return done('skipped', 'not running');
  if (inspect.HostConfig['AutoRemove'] === true)
    return done('skipped', 'started with --rm: stopping it would remove it and its anonymous volumes');
  const swarmService = inspect.Config.Labels?.['com.docker.swarm.service.name'];
  if (swarmService !== undefined)
    return done('skipped', `a task of Swarm service ${swarmService}: update the service`);
  const parsed = rolloutSettings(containerLabels(inspect), request.defaults, { optIn: request.labelsOptIn });
  if (!parsed.ok) return done('failed', parsed.errors.join('; '));
  if (!parsed.settings.enabled)
    return done('skipped', `disabled by ${parsed.settings.disabledBy ?? 'label'}`);
  if (request.to === null && startedFromImageId(inspect.Config.Image, inspect.Image))
    return done('skipped', 'started from an image id: no repository to update from');
  return {
    kind: 'target',
    target: { name, inspect, from, settings: parsed.settings, running: state?.Running === true },
  };
}

/** The candidate from `--to`: the reference as given, its digest from the registry unless written. */
export async function explicitCandidate(
  deps: RolloutDeps,
  to: string,
): Promise<{ image: string; digest: string }> {
  const parsed = tryParseImageRef(to);
  if (!parsed.ok) throw new ShipshapeError('USAGE', '', `--to ${to}: ${parsed.error}`);
  const ref = parsed.ref;
  const digest = ref.digest ?? (await deps.registry.resolve(repoRefOf(ref), ref.tag ?? 'latest')).digest;
  return { image: to, digest };
}

function dependencies(target: ContainerTarget, all: readonly ContainerTarget[]): string[] {
  const labels = target.inspect.Config.Labels ?? {};
  const project = labels['com.docker.compose.project'];
  const compose =
    project === undefined
      ? []
      : all
          .filter((t) => {
            const l = t.inspect.Config.Labels ?? {};
            const service = l['com.docker.compose.service'];
            return (
              l['com.docker.compose.project'] === project &&
              service !== undefined &&
              target.settings.composeDependsOn.includes(service)
            );
          })
          .map((t) => t.name);
  return [...new Set([...target.settings.dependsOn, ...compose])];
}

export async function runUpdate(deps: RolloutDeps, request: UpdateRequest): Promise<UpdateReport> {
  if (request.to !== null && request.names.length === 0)
    throw new ShipshapeError('USAGE', '', '--to needs the names of the containers to update');
  if (request.to === null && request.findCandidates === null && !request.findServiceCandidates)
    throw new ShipshapeError('USAGE', '', 'no candidate source: give --to IMAGE');

  const dryRun = request.dryRun === true;
  if (dryRun) {
    const interrupted = await deps.history.inFlight({ host: request.host });
    if (interrupted.length > 0)
      deps.logger.warn(
        `dry run: ${interrupted.length} interrupted operation(s) (${interrupted.map((o) => o.target).join(', ')}) would be recovered first`,
      );
  } else {
    const recovered = await recoverOperations(deps, { host: request.host });
    for (const r of recovered)
      if (r.status !== 'skipped') deps.logger.warn(`recovered ${r.target}: ${r.status} (${r.reason ?? ''})`);
  }

  let ids: string[];
  if (request.names.length > 0) ids = [...new Set(request.names)];
  else {
    const listed = await deps.engine.listContainers({ all: false });
    // Task containers of Swarm services are left to their services.
    ids = listed
      .filter((c) => !INTERNAL.test(c.name) && c.labels['com.docker.swarm.service.name'] === undefined)
      .map((c) => c.name);
    if (deps.swarm) ids.push(...(await deps.swarm.listServices()));
  }
  const results = new Map<string, RolloutResult>();
  const order: string[] = [];
  const targets: ContainerTarget[] = [];
  const services: ServiceTarget[] = [];
  for (const id of ids) {
    const p = await prepareTarget(deps, request, id);
    const service = p.kind === 'result' && p.notFound ? await prepareService(deps, request, id) : null;
    const q = service ?? p;
    const name = q.kind === 'result' ? q.result.target : q.target.name;
    order.push(name);
    if (q.kind === 'result') results.set(name, q.result);
    else if (service !== null) services.push(q.target as ServiceTarget);
    else targets.push(q.target as ContainerTarget);
  }

  // Candidates.
  const plans = new Map<string, ContainerPlan>();
  let choices: Map<string, CandidateChoice> = new Map();
  let explicit: { image: string; digest: string } | { error: string } | null = null;
  if (request.to !== null) {
    try {
      explicit = await explicitCandidate(deps, request.to);
    } catch (e) {
      if (e instanceof ShipshapeError && e.code === 'USAGE') throw e;
      explicit = { error: `cannot resolve ${request.to}: ${errorMessage(e)}` };
    }
  } else if (targets.length > 0 && request.findCandidates !== null) {
    choices = await request.findCandidates(targets);
  }
  // An update wanted but its candidate unavailable is a failure worth keeping in the history.
  const unavailable: RolloutResult[] = [];
  const fail = (t: ContainerTarget, reason: string): void => {
    const r = simple(t.name, request.host, t.from, 'failed', reason);
    results.set(t.name, r);
    unavailable.push(r);
  };
  for (const t of targets) {
    let to: ImageVersionRef;
    if (explicit !== null) {
      if ('error' in explicit) {
        fail(t, explicit.error);
        continue;
      }
      to = explicit;
    } else {
      const choice: CandidateChoice =
        choices.get(t.name) ??
        (request.findCandidates === null
          ? { kind: 'skip', reason: 'no candidate: give --to IMAGE', failed: false }
          : { kind: 'none', reason: 'up to date' });
      if (choice.kind !== 'update') {
        if (choice.kind === 'skip' && choice.failed) fail(t, choice.reason);
        else results.set(t.name, simple(t.name, request.host, t.from, 'skipped', choice.reason));
        continue;
      }
      const image = candidateImage(t.from.image, choice);
      if (image === null) {
        fail(t, `cannot name the candidate of ${t.from.image}`);
        continue;
      }
      let digest = choice.digest;
      if (digest === null) {
        try {
          const parsed = tryParseImageRef(image);
          if (!parsed.ok) throw new Error(parsed.error);
          digest = (await deps.registry.resolve(repoRefOf(parsed.ref), parsed.ref.tag ?? 'latest')).digest;
        } catch (e) {
          fail(t, `cannot resolve ${image}: ${errorMessage(e)}`);
          continue;
        }
      }
      to = {
        image,
        digest,
        ...(choice.vulnerabilities !== undefined ? { vulnerabilities: choice.vulnerabilities } : {}),
      };
    }
    if (to.digest !== null && to.digest === t.from.digest) {
      results.set(t.name, simple(t.name, request.host, t.from, 'skipped', `already runs ${to.digest}`, to));
      continue;
    }
    plans.set(t.name, {
      action: 'update',
      host: request.host,
      name: t.name,
      inspect: t.inspect,
      from: t.from,
      to,
      source: { kind: 'pull', ref: pullRef(to.image, to.digest!) },
      settings: t.settings,
      preflight: t.settings.preflight ?? request.preflight,
      wasRunning: t.running,
      keepPrevious: request.keepPrevious,
    });
  }

  const now = deps.clock.now();
  if (!dryRun)
    for (const r of unavailable)
      await deps.history.finish({
        ...r,
        id: deps.newId(),
        action: 'update',
        startedAt: now,
        finishedAt: now,
        previousTag: null,
      });

  // Order: dependencies first, canary first per candidate, `parallel` at a time.
  const planned = targets.filter((t) => plans.has(t.name));
  const items: ScheduleItem[] = planned.map((t) => {
    const to = plans.get(t.name)!.to;
    return { id: t.name, dependsOn: dependencies(t, planned), group: to.digest ?? to.image };
  });
  const servicePlans = await planServices(
    deps,
    request,
    services,
    explicit,
    request.findServiceCandidates ?? null,
    results,
  );
  for (const [name, plan] of servicePlans)
    items.push({ id: name, dependsOn: [], group: plan.to.digest ?? plan.to.image });
  const schedule = new RolloutSchedule(items, request.parallel);
  const running = new Map<string, Promise<{ name: string; result: RolloutResult }>>();
  /** A result that is not a rollout's own (blocked, dry run, internal error) for a planned target. */
  const plannedResult = (name: string, status: 'skipped' | 'failed', reason: string): RolloutResult => {
    const service = servicePlans.get(name);
    const plan = plans.get(name) ?? service!;
    const result = simple(name, request.host, plan.from, status, reason, plan.to);
    return service !== undefined ? { ...result, kind: 'service' } : result;
  };
  const blockedResults = (): void => {
    for (const b of schedule.takeBlocked()) results.set(b.id, plannedResult(b.id, 'skipped', b.reason));
  };
  if (dryRun) {
    // Every rollout "succeeds" at once, so each step holds what the real run would start after the last.
    const steps: string[][] = [];
    for (;;) {
      blockedResults();
      const taken = schedule.take();
      if (taken.length === 0) break;
      steps.push(taken);
      for (const name of taken) schedule.complete(name, 'ok', 'updated');
    }
    steps.forEach((names, i) => {
      const reason = `dry run: would update in step ${i + 1} of ${steps.length}`;
      for (const name of names) results.set(name, plannedResult(name, 'skipped', reason));
    });
  }
  while (!dryRun) {
    blockedResults();
    for (const name of schedule.take()) {
      const service = servicePlans.get(name);
      running.set(
        name,
        (service !== undefined && deps.swarm
          ? rolloutService({ ...deps, swarm: deps.swarm }, service)
          : rolloutContainer(deps, plans.get(name)!)
        )
          .catch((e: unknown) => plannedResult(name, 'failed', `internal error: ${errorMessage(e)}`))
          .then((result) => ({ name, result })),
      );
    }
    if (running.size === 0) break;
    const { name, result } = await Promise.race(running.values());
    running.delete(name);
    results.set(name, result);
    schedule.complete(name, result.status === 'updated' ? 'ok' : 'bad', result.status);
  }
  blockedResults();

  return {
    schemaVersion: 1,
    ...(dryRun ? { dryRun: true as const } : {}),
    results: order.map((n) => results.get(n)).filter((r): r is RolloutResult => r !== undefined),
  };
}
