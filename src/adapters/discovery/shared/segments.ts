/**
 * A resolved string as a list of segments, each knowing whether its text is written verbatim at
 * some offset of THIS file. From that, one rule gives every format the same spans: the whole
 * reference in one verbatim segment → an `image` span; else the tag and the digest each in one
 * verbatim segment → `tag`/`digest` spans; else read-only, with the reason.
 */
import type { ReplaceSpan } from '../../../ports/source.js';
import { splitImageRef } from '../../../core/rewrite/index.js';

export interface Segment {
  readonly value: string;
  /** File offset of value[0] when value is the source text verbatim; undefined when it is not. */
  readonly start?: number;
  /** Why this part cannot be rewritten here, e.g. "TAG in .env". */
  readonly origin?: string;
}

/** Concatenates chars with their file offsets into maximal verbatim (contiguous) segments. */
export class SegmentBuilder {
  readonly segments: Segment[] = [];
  private value = '';
  private start: number | undefined;
  private last: number | undefined;

  char(ch: string, offset: number | undefined): void {
    const contiguous =
      this.value !== '' &&
      (offset === undefined ? this.start === undefined : this.last !== undefined && offset === this.last + 1);
    if (!contiguous) {
      this.flush();
      this.start = offset;
    }
    this.value += ch;
    this.last = offset;
  }

  push(...segments: readonly Segment[]): void {
    this.flush();
    for (const s of segments) if (s.value !== '') this.segments.push(s);
  }

  flush(): void {
    if (this.value !== '')
      this.segments.push(
        this.start === undefined ? { value: this.value } : { value: this.value, start: this.start },
      );
    this.value = '';
    this.start = undefined;
    this.last = undefined;
  }

  done(): Segment[] {
    this.flush();
    return this.segments;
  }
}

/** Segments for a value written verbatim from `start` (a YAML scalar, an ARG default, …). */
export function verbatim(value: string, start: number | undefined, origin?: string): Segment[] {
  if (value === '') return [];
  if (start === undefined) return [origin === undefined ? { value } : { value, origin }];
  return [{ value, start }];
}

export type Placement =
  | { ok: true; image: string; spans: ReplaceSpan[]; readOnlyReason?: string }
  | { ok: false; image: string; error: string };

function locate(
  segments: readonly Segment[],
  from: number,
  to: number,
): { span?: [number, number]; origin?: string } {
  let pos = 0;
  for (const s of segments) {
    const end = pos + s.value.length;
    if (from >= pos && to <= end) {
      if (s.start === undefined) return s.origin === undefined ? {} : { origin: s.origin };
      return { span: [s.start + from - pos, s.start + to - pos] };
    }
    if (from < end && to > end) return { origin: 'several parts' };
    pos = end;
  }
  return {};
}

/** The spans for an image assembled from segments (see the module comment). */
export function placeImage(segments: readonly Segment[]): Placement {
  const image = segments.map((s) => s.value).join('');
  const split = splitImageRef(image);
  if (!split.ok) return { ok: false, image, error: split.error };
  const whole = locate(segments, 0, image.length);
  if (whole.span)
    return { ok: true, image, spans: [{ start: whole.span[0], end: whole.span[1], form: 'image' }] };

  const { tagRange, digestRange } = split.parts;
  if (!tagRange && !digestRange) {
    return {
      ok: true,
      image,
      spans: [],
      readOnlyReason: `the name is assembled from ${whole.origin ?? 'several parts'} and there is no tag to rewrite`,
    };
  }
  const spans: ReplaceSpan[] = [];
  for (const [form, range] of [
    ['tag', tagRange],
    ['digest', digestRange],
  ] as const) {
    if (!range) continue;
    const found = locate(segments, range[0], range[1]);
    if (!found.span) {
      const where = found.origin ?? 'text that is not written verbatim in this file';
      return { ok: true, image, spans: [], readOnlyReason: `the ${form} comes from ${where}` };
    }
    spans.push({ start: found.span[0], end: found.span[1], form });
  }
  return { ok: true, image, spans };
}
