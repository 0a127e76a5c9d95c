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

type Located =
  | { readonly at: 'span'; readonly span: readonly [number, number] }
  | { readonly at: 'elsewhere'; readonly origin: string }
  | { readonly at: 'several-parts' };

const NOT_VERBATIM = 'text that is not written verbatim in this file';

/** Where the characters [from, to) of the joined value are written. */
function locate(segments: readonly Segment[], from: number, to: number): Located {
  let pos = 0;
  for (const s of segments) {
    const end = pos + s.value.length;
    if (from >= pos && to <= end) {
      return s.start === undefined
        ? { at: 'elsewhere', origin: s.origin ?? NOT_VERBATIM }
        : { at: 'span', span: [s.start + from - pos, s.start + to - pos] };
    }
    if (from < end) return { at: 'several-parts' };
    pos = end;
  }
  return { at: 'several-parts' };
}

/** The spans for an image assembled from segments (see the module comment). */
export function placeImage(segments: readonly Segment[]): Placement {
  const image = segments.map((s) => s.value).join('');
  const split = splitImageRef(image);
  if (!split.ok) return { ok: false, image, error: split.error };
  const readOnly = (reason: string): Placement => ({ ok: true, image, spans: [], readOnlyReason: reason });

  const whole = locate(segments, 0, image.length);
  if (whole.at === 'span') {
    return { ok: true, image, spans: [{ start: whole.span[0], end: whole.span[1], form: 'image' }] };
  }
  if (whole.at === 'elsewhere') return readOnly(`the reference comes from ${whole.origin}`);
  const { tagRange, digestRange } = split.parts;
  if (!tagRange && !digestRange)
    return readOnly('the name is assembled from several parts and has no tag to rewrite');

  const spans: ReplaceSpan[] = [];
  const parts = [
    ['tag', tagRange],
    ['digest', digestRange],
  ] as const;
  for (const [form, range] of parts) {
    if (!range) continue;
    const found = locate(segments, range[0], range[1]);
    if (found.at !== 'span') {
      return readOnly(`the ${form} comes from ${found.at === 'elsewhere' ? found.origin : 'several parts'}`);
    }
    spans.push({ start: found.span[0], end: found.span[1], form });
  }
  return { ok: true, image, spans };
}
