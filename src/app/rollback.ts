/**
 * Use case `rollback TARGET [--to REF]`: back to the image the last successful update replaced (kept
 * locally as `shipshape-previous/<name>:<n>`, so it works offline; pulled by digest otherwise), or to
 * REF — through the same recorded, gated, reversible rollout as an update.
 */
import { pullRef } from '../core/rollout/candidate.js';
import type { RolloutDefaults } from '../core/rollout/settings.js';
import type { ImageVersionRef, RolloutResult, UpdateReport } from '../core/rollout/types.js';
import { recoverOperations } from './recover.js';
import type { RolloutDeps } from './rollout-deps.js';
import { errorMessage } from './rollout-steps.js';
import { rolloutContainer, type CandidateSource } from './update-container.js';
import { explicitCandidate, prepareTarget, simple } from './update.js';
import { prepareService, rolloutService } from './update-service.js';

export interface RollbackRequest {
  readonly host: string;
  readonly target: string;
  readonly to: string | null;
  readonly keepPrevious: number;
  readonly defaults: RolloutDefaults;
  readonly labelsOptIn: boolean;
}

type Previous = { to: ImageVersionRef; source: CandidateSource } | { error: string };

async function previousImage(deps: RolloutDeps, host: string, name: string): Promise<Previous> {
  const last = (await deps.history.list({ host, target: name })).find((e) => e.status === 'updated');
  if (last === undefined) return { error: `no recorded update of ${name} to roll back; give --to IMAGE` };
  const to = last.from;
  if (
    last.previousTag !== null &&
    (await deps.engine.inspectImage(last.previousTag).catch(() => null)) !== null
  )
    return { to, source: { kind: 'local', ref: last.previousTag } };
  if (to.digest !== null) return { to, source: { kind: 'pull', ref: pullRef(to.image, to.digest) } };
  if ((await deps.engine.inspectImage(to.image).catch(() => null)) !== null)
    return { to, source: { kind: 'local', ref: to.image } };
  return { error: `the previous image ${to.image} is neither kept locally nor known by digest` };
}

export async function runRollback(deps: RolloutDeps, request: RollbackRequest): Promise<UpdateReport> {
  await recoverOperations(deps, { host: request.host, target: request.target });
  const p = await prepareTarget(
    deps,
    { host: request.host, defaults: request.defaults, labelsOptIn: false, to: request.to ?? '' },
    request.target,
    { requireRunning: false },
  );
  if (p.kind === 'result') {
    const service = p.notFound ? await rollbackService(deps, request) : null;
    return { schemaVersion: 1, results: [service ?? p.result] };
  }
  const t = p.target;
  let previous: Previous;
  if (request.to !== null) {
    try {
      const c = await explicitCandidate(deps, request.to);
      previous = { to: c, source: { kind: 'pull', ref: pullRef(c.image, c.digest) } };
    } catch (e) {
      previous = { error: `cannot resolve ${request.to}: ${errorMessage(e)}` };
    }
  } else {
    previous = await previousImage(deps, request.host, t.name);
  }
  if ('error' in previous)
    return { schemaVersion: 1, results: [simple(t.name, request.host, t.from, 'failed', previous.error)] };
  const result = await rolloutContainer(deps, {
    action: 'rollback',
    host: request.host,
    name: t.name,
    inspect: t.inspect,
    from: t.from,
    to: previous.to,
    source: previous.source,
    settings: t.settings,
    preflight: t.settings.preflight ?? false,
    wasRunning: t.running,
    keepPrevious: request.keepPrevious,
  });
  return { schemaVersion: 1, results: [result] };
}

/** A Swarm service back to the image before its last successful update (or --to), by digest. */
async function rollbackService(deps: RolloutDeps, request: RollbackRequest): Promise<RolloutResult | null> {
  const prepared = await prepareService(deps, { ...request, labelsOptIn: false }, request.target);
  if (prepared === null || !deps.swarm) return null;
  if (prepared.kind === 'result') return prepared.result;
  const t = prepared.target;
  let to: ImageVersionRef;
  if (request.to !== null) {
    try {
      to = await explicitCandidate(deps, request.to);
    } catch (e) {
      return {
        ...simple(t.name, request.host, t.from, 'failed', `cannot resolve ${request.to}: ${errorMessage(e)}`),
        kind: 'service',
      };
    }
  } else {
    const last = (await deps.history.list({ host: request.host, target: t.name })).find(
      (e) => e.status === 'updated',
    );
    if (last === undefined || last.from.digest === null)
      return {
        ...simple(
          t.name,
          request.host,
          t.from,
          'failed',
          `no recorded update of ${t.name} to roll back; give --to IMAGE`,
        ),
        kind: 'service',
      };
    to = last.from;
  }
  return rolloutService(
    { ...deps, swarm: deps.swarm },
    {
      action: 'rollback',
      host: request.host,
      name: t.name,
      inspect: t.inspect,
      from: t.from,
      to,
      settings: t.settings,
    },
  );
}
