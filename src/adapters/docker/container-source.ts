/**
 * A ReferenceSource over the containers of one or more Docker hosts: one PlanInput per container, with its
 * running digest and label policy. An unreachable host fails the discovery (its containers would silently
 * be missing from the report otherwise); a bad label is an error of that container only.
 */
import {
  containerPlanInput,
  describeContainer,
  type DiscoveredContainer,
  type LabelOptions,
} from '../../core/container/index.js';
import type { PlanInput } from '../../core/plan/plan.js';
import type { ReportProblem } from '../../core/plan/report.js';
import type { ContainerEngine, ImageSummary } from '../../ports/container-engine.js';
import type { ReferenceSource } from '../../ports/reference-source.js';

type ImageDigests = Pick<ImageSummary, 'repoDigests'>;

export interface ContainerSourceOptions extends LabelOptions {
  /** Stopped containers too (default: running, restarting and paused ones, like `docker ps`). */
  readonly all?: boolean;
  /** Image inspect requests in flight per host. Default 8. */
  readonly concurrency?: number;
}

export class ContainerSource implements ReferenceSource {
  private found: DiscoveredContainer[] = [];

  constructor(
    private readonly engines: readonly ContainerEngine[],
    private readonly options: ContainerSourceOptions = {},
  ) {}

  /** The containers of the last `discover()`, in the same order as its inputs. */
  get containers(): readonly DiscoveredContainer[] {
    return this.found;
  }

  async discover(): Promise<{ inputs: PlanInput[]; problems: ReportProblem[] }> {
    const perHost = await Promise.all(this.engines.map((engine) => this.discoverHost(engine)));
    this.found = perHost.flat();
    return { inputs: this.found.map(containerPlanInput), problems: [] };
  }

  /**
   * Two list requests (containers, images); an image missing from the image list (removed or re-listed
   * meanwhile) is inspected on its own, `concurrency` at a time.
   */
  private async discoverHost(engine: ContainerEngine): Promise<DiscoveredContainer[]> {
    const [summaries, listed] = await Promise.all([
      engine.listContainers({ all: this.options.all ?? false }),
      engine.listImages(),
    ]);
    const images = new Map<string, ImageDigests | null>(listed.map((i) => [i.id, i]));
    const missing = [...new Set(summaries.map((s) => s.imageId))].filter((id) => !images.has(id));
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < missing.length; i = next++) {
        const id = missing[i]!;
        images.set(id, await engine.inspectImage(id));
      }
    };
    const workers = Math.max(1, Math.min(this.options.concurrency ?? 8, missing.length));
    await Promise.all(Array.from({ length: workers }, worker));
    const labelOptions: LabelOptions = this.options.optIn !== undefined ? { optIn: this.options.optIn } : {};
    return summaries
      .map((s) => describeContainer(engine.host, s, images.get(s.imageId) ?? null, labelOptions))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}
