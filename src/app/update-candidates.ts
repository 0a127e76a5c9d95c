/**
 * Candidates for `update` without `--to`: the same check as `shipshape check --docker` (policy,
 * labels, registry look-ups through the cache), then apply's conservative choice per container
 * (patch before minor before major, digest for mutable tags).
 */
import { labelOverrides, parseContainerLabels } from '../core/container/labels.js';
import type { PlanInput } from '../core/plan/plan.js';
import type { ReportReference } from '../core/plan/report.js';
import type { ReferenceSource } from '../ports/reference-source.js';
import { chooseUpdate } from './apply-plan.js';
import { runCheck, type CheckDeps, type CheckRequest } from './check.js';
import type { CandidateChoice, CandidateFinder } from './update.js';
import type { ServiceTarget } from './update-service.js';

export function checkCandidates(
  deps: CheckDeps,
  request: Omit<CheckRequest, 'sources'>,
  source: ReferenceSource,
): CandidateFinder {
  return async (targets) => {
    const wanted = new Set(targets.map((t) => t.name));
    const report = await runCheck(deps, { ...request, sources: [source] });
    const out = new Map<string, CandidateChoice>();
    for (const ref of report.references) {
      if (ref.kind !== 'container' || ref.container === undefined || !wanted.has(ref.container)) continue;
      out.set(ref.container, choiceOf(ref));
    }
    return out;
  };
}

/** The check's entry for one container or service as a candidate (exported for tests). */
export function choiceOf(ref: ReportReference): CandidateChoice {
  const choice = chooseUpdate(ref, { types: null, only: [], pinDigests: false }, false);
  return choice.kind === 'update'
    ? {
        kind: 'update',
        tag: choice.newTag,
        digest: choice.to.digest,
        ...(choice.vulnerabilities !== undefined ? { vulnerabilities: choice.vulnerabilities } : {}),
      }
    : choice.kind === 'none'
      ? { kind: 'none', reason: 'up to date' }
      : { kind: 'skip', reason: choice.reason, failed: choice.failed };
}

/** Chooses candidates for Swarm services (one check run), keyed by service name. */
export type ServiceCandidateFinder = (
  host: string,
  services: readonly ServiceTarget[],
) => Promise<Map<string, CandidateChoice>>;

/**
 * The same check for Swarm services: each service is checked like a running container (its pinned
 * digest is the running one; its `shipshape.*` labels win over the policy).
 */
export function checkServiceCandidates(
  deps: CheckDeps,
  request: Omit<CheckRequest, 'sources'>,
): ServiceCandidateFinder {
  return async (host, services) => {
    const inputs = services.map((s): PlanInput => {
      const overrides = labelOverrides(parseContainerLabels(s.inspect.Spec.Labels ?? {}).policy);
      return {
        kind: 'container',
        image: s.from.image,
        file: null,
        line: null,
        column: null,
        container: s.name,
        host,
        runningDigest: s.from.digest,
        ...(Object.keys(overrides.settings).length > 0 ? { overrides } : {}),
      };
    });
    const source: ReferenceSource = { discover: async () => ({ inputs, problems: [] }) };
    const report = await runCheck(deps, { ...request, sources: [source] });
    const out = new Map<string, CandidateChoice>();
    for (const ref of report.references)
      if (ref.container !== undefined) out.set(ref.container, choiceOf(ref));
    return out;
  };
}
