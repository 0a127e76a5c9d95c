import type { PlanInput } from '../../core/plan/plan.js';
import type { ReportProblem } from '../../core/plan/report.js';
import type { ReferenceSource } from '../../ports/reference-source.js';
import type { FileReference } from '../../ports/source.js';
import { scanFiles, scanTree, type ScanOptions } from './walker.js';

/** A ReferenceSource over one directory tree; keeps the scanned FileReferences for `apply`. */
export class FileReferenceSource implements ReferenceSource {
  private scanned: FileReference[] = [];

  /** `files`: scan just these paths (relative to `root`) instead of walking the tree. */
  constructor(
    readonly root: string,
    private readonly options: ScanOptions = {},
    private readonly files?: readonly string[],
  ) {}

  /** The references found by the last `discover()`, in the same order as its inputs. */
  get references(): readonly FileReference[] {
    return this.scanned;
  }

  async discover(): Promise<{ inputs: PlanInput[]; problems: ReportProblem[] }> {
    const result = this.files
      ? await scanFiles(this.root, [...this.files], this.options)
      : await scanTree(this.root, this.options);
    this.scanned = result.references;
    const inputs = result.references.map((r): PlanInput => ({
      kind: r.kind,
      image: r.image,
      file: r.file,
      line: r.line,
      column: r.column,
      ...(r.unresolved !== undefined ? { unresolved: r.unresolved } : {}),
    }));
    return { inputs, problems: result.problems.map((p) => ({ ...p })) };
  }
}
