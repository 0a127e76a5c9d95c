import type { PlanInput } from '../core/plan/plan.js';
import type { ReportProblem } from '../core/plan/report.js';

/** Where references come from: a file tree (adapters/discovery) or, later, Docker hosts. */
export interface ReferenceSource {
  /** Finds references; `file` paths are relative to the source's root, "/" separators. */
  discover(): Promise<{ inputs: PlanInput[]; problems: ReportProblem[] }>;
}
