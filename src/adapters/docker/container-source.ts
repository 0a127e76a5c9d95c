/**
 * A ReferenceSource over the containers of one or more Docker hosts: one PlanInput per container, with its
 * running digest and label policy. An unreachable host fails the discovery (its containers would silently
 * be missing from the report otherwise); a bad label is an error of that container only.
 */
import { isShipshapeError } from '../../core/errors.js';
import {
  containerPlanInput,
  describeContainer,
  type DiscoveredContainer,
  type LabelOptions,
} from '../../core/container/index.js';
import type { PlanInput } from '../../core/plan/plan.js';
import type { ReportProblem } from '../../core/plan/report.js';
import type { ContainerEngine, ImageInfo } from '../../ports/container-engine.js';
import type { ReferenceSource } from '../../ports/reference-source.js';

export interface ContainerSourceOptions extends LabelOptions {
  /** Stopped containers too (default: running, restarting and paused ones, like `docker ps`). */
  readonly all?: boolean;
  /** Inspect requests in flight per host. Default 8. */
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

  private async discoverHost(engine: ContainerEngine): Promise<DiscoveredContainer[]> {
    const summaries = await engine.listContainers({ all: this.options.all ?? false });
    const images = new Map<string, Promise<ImageInfo | null>>();
    const imageOf = (id: string): Promise<ImageInfo | null> => {
      let p = images.get(id);
      if (p === undefined) {
        p = engine.inspectImage(id);
        images.set(id, p);
      }
      return p;
    };
    const labelOptions: LabelOptions = this.options.optIn !== undefined ? { optIn: this.options.optIn } : {};
    const out: (DiscoveredContainer | null)[] = new Array<DiscoveredContainer | null>(summaries.length).fill(
      null,
    );
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < summaries.length; i = next++) {
        const summary = summaries[i]!;
        try {
          const inspect = await engine.inspectContainer(summary.id);
          out[i] = describeContainer(engine.host, inspect, await imageOf(inspect.Image), labelOptions);
        } catch (e) {
          if (isShipshapeError(e, 'NOT_FOUND')) continue; // removed since the listing
          throw e;
        }
      }
    };
    const workers = Math.max(1, Math.min(this.options.concurrency ?? 8, summaries.length));
    await Promise.all(Array.from({ length: workers }, worker));
    return out
      .filter((c): c is DiscoveredContainer => c !== null)
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}
