/**
 * Candidates for `update` without `--to`: the same check as `shipshape check --docker` (policy,
 * labels, registry look-ups through the cache), then apply's conservative choice per container
 * (patch before minor before major, digest for mutable tags).
 */
import type { ReferenceSource } from '../ports/reference-source.js';
import { chooseUpdate } from './apply-plan.js';
import { runCheck, type CheckDeps, type CheckRequest } from './check.js';
import type { CandidateChoice, CandidateFinder } from './update.js';

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
      const choice = chooseUpdate(ref, { types: null, only: [], pinDigests: false }, false);
      out.set(
        ref.container,
        choice.kind === 'update'
          ? { kind: 'update', tag: choice.newTag, digest: choice.to.digest }
          : choice.kind === 'none'
            ? { kind: 'none', reason: 'up to date' }
            : { kind: 'skip', reason: choice.reason, failed: choice.failed },
      );
    }
    return out;
  };
}
