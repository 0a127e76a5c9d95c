/** Collects one file's references and problems, turning offsets into positions. */
import type {
  FileReference,
  FileReferenceKind,
  FileScanResult,
  ParseProblem,
  ReplaceSpan,
} from '../../../ports/source.js';
import { LineIndex, type Position } from './lines.js';
import { placeImage, type Segment } from './segments.js';

export interface ImageFound {
  /** Offset the reference is reported at (where it is written, or its first span for split forms). */
  readonly at: number;
  readonly segments: readonly Segment[];
  /** Variables that have no value: the reference is reported as `unresolved`, with `raw` as image. */
  readonly unresolved?: readonly string[];
  readonly raw: string;
  readonly meta?: Readonly<Record<string, string>>;
  /** Extra spans that hold nothing yet, e.g. an empty Helm `digest: ""`. Kept only if the rest is rewritable. */
  readonly emptySpans?: readonly ReplaceSpan[];
  /** Locate the reference at its first span rather than at `at` (split forms). */
  readonly atFirstSpan?: boolean;
}

export class Collector {
  readonly references: FileReference[] = [];
  readonly problems: ParseProblem[] = [];
  private readonly lines: LineIndex;

  constructor(
    readonly file: string,
    readonly kind: FileReferenceKind,
    text: string,
  ) {
    this.lines = new LineIndex(text);
  }

  position(offset: number): Position {
    return this.lines.position(offset);
  }

  problem(where: number | Position, message: string): void {
    const { line, column } = typeof where === 'number' ? this.position(where) : where;
    this.problems.push({ file: this.file, line, column, message });
  }

  image(found: ImageFound): void {
    const meta = found.meta && Object.keys(found.meta).length > 0 ? { meta: found.meta } : {};
    const base = { file: this.file, kind: this.kind };
    if (found.unresolved && found.unresolved.length > 0) {
      const names = found.unresolved.join(', ');
      const unresolved = `${names} ${found.unresolved.length === 1 ? 'has' : 'have'} no value here`;
      this.references.push({
        ...base,
        ...this.position(found.at),
        image: found.raw,
        spans: [],
        unresolved,
        ...meta,
      });
      return;
    }
    const placed = placeImage(found.segments);
    if (!placed.ok) {
      this.problem(found.at, placed.error);
      return;
    }
    const spans = placed.spans.length > 0 ? [...placed.spans, ...(found.emptySpans ?? [])] : [];
    const at = found.atFirstSpan && spans[0] ? spans[0].start : found.at;
    const readOnly = placed.readOnlyReason === undefined ? {} : { readOnlyReason: placed.readOnlyReason };
    this.references.push({ ...base, ...this.position(at), image: placed.image, spans, ...readOnly, ...meta });
  }

  /** References and problems in file order. */
  result(): FileScanResult {
    const byPosition = (a: Position, b: Position) => a.line - b.line || a.column - b.column;
    return { references: this.references.sort(byPosition), problems: this.problems.sort(byPosition) };
  }
}
