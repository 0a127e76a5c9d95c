/**
 * A running container as discovery sees it, and the plan input it becomes: image = Config.Image, the
 * digest it runs, its label policy applied as overrides, bad labels as its error.
 */
import type { ContainerSummary, ImageInfo } from '../../ports/container-engine.js';
import type { PlanInput } from '../plan/plan.js';
import { composeInfo, runningDigest, startedFromImageId, type ComposeInfo } from './inspect.js';
import {
  labelOverrides,
  parseContainerLabels,
  type ContainerPolicy,
  type LabelError,
  type LabelOptions,
} from './labels.js';

export interface DiscoveredContainer {
  readonly host: string;
  readonly id: string;
  /** Without the leading "/". */
  readonly name: string;
  /** The reference it was created from (Config.Image). */
  readonly image: string;
  /** The local image id it runs. */
  readonly imageId: string;
  /** Its image's RepoDigests entry for that repository, or null (built locally, imported, image gone). */
  readonly runningDigest: string | null;
  /** created, running, restarting, exited, … */
  readonly state: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly compose: ComposeInfo | null;
  readonly policy: ContainerPolicy;
  readonly labelErrors: readonly LabelError[];
  /** Why it cannot be checked, or null. */
  readonly skip: string | null;
}

/**
 * A container as the engine's list shows it (`ContainerSummary`: name, Config.Image, image id, state, labels)
 * — the list carries everything discovery needs, so `check --docker` makes one list request per host, not
 * one inspect per container.
 */
export function describeContainer(
  host: string,
  summary: ContainerSummary,
  image: Pick<ImageInfo, 'repoDigests'> | null,
  options: LabelOptions = {},
): DiscoveredContainer {
  const labels = { ...summary.labels };
  const { policy, errors } = parseContainerLabels(labels, options);
  const fromId = startedFromImageId(summary.image, summary.imageId);
  return {
    host,
    id: summary.id,
    name: summary.name,
    image: summary.image,
    imageId: summary.imageId,
    runningDigest: fromId || image === null ? null : runningDigest(summary.image, image.repoDigests),
    state: summary.state,
    labels,
    compose: composeInfo(labels),
    policy,
    labelErrors: errors,
    skip: fromId ? `started from image id ${summary.image}, not a name: no repository to check` : null,
  };
}

export function containerPlanInput(c: DiscoveredContainer): PlanInput {
  const overrides = labelOverrides(c.policy);
  return {
    kind: 'container',
    image: c.image,
    file: null,
    line: null,
    column: null,
    container: c.name,
    host: c.host,
    runningDigest: c.runningDigest,
    ...(Object.keys(overrides.settings).length > 0 ? { overrides } : {}),
    ...(c.labelErrors.length > 0 ? { error: c.labelErrors.map((e) => e.message).join('; ') } : {}),
    ...(c.skip !== null ? { skip: c.skip } : {}),
  };
}
