/**
 * The one generic rewriter. Discovery adapters report spans (offsets + what the span holds);
 * this module renders new text for a span and applies edits byte-for-byte: everything outside
 * the replaced characters (comments, quotes, CRLF, BOM, missing final newline) stays as it was.
 */
import type { FileReference, SpanForm } from '../../ports/source.js';
import { ShipshapeError } from '../errors.js';
import { DIGEST_RE, splitImageRef, TAG_RE } from './image-parts.js';

export { unifiedDiff } from './diff.js';
export { splitImageRef, type ImageParts, type SplitResult } from './image-parts.js';

export interface ReplacementUpdate {
  /** The tag to write, or null to keep the tag as written. */
  readonly tag: string | null;
  /**
   * The digest to pin (`sha256:…`), or null for "no digest": an existing digest is dropped,
   * because it would still name the old image, unless `keepDigest` is true.
   */
  readonly digest: string | null;
  /** Keep an existing digest as written when `digest` is null (e.g. a tag-only rename). */
  readonly keepDigest?: boolean;
}

/**
 * One update of one reference. `newTag: null` keeps the tag; `newDigest: null` means the result
 * carries no digest (an existing one is removed) unless `keepDigest` is set.
 */
export interface ReplacementRequest {
  readonly reference: FileReference;
  readonly newTag: string | null;
  readonly newDigest: string | null;
  readonly keepDigest?: boolean;
}

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  /** What the span held at scan time; a mismatch means the file changed since. */
  readonly expected: string;
  readonly replacement: string;
}

export type EditsResult = { ok: true; edits: TextEdit[] } | { ok: false; error: string };
export type ApplyResult = { ok: true; text: string } | { ok: false; error: string };

function invalid(message: string): ShipshapeError {
  return new ShipshapeError('INVALID_REFERENCE', 'rewrite', message);
}

function checkUpdate(update: ReplacementUpdate): void {
  if (update.tag !== null && !TAG_RE.test(update.tag)) throw invalid(`invalid tag "${update.tag}"`);
  if (update.digest !== null && !DIGEST_RE.test(update.digest))
    throw invalid(`invalid digest "${update.digest}"`);
}

/**
 * The new text for one span. For form `image` the name is kept exactly as written, the tag
 * replaced (or kept when `tag` is null) and the `@digest` part added, replaced or dropped.
 * Throws ShipshapeError(INVALID_REFERENCE) for an invalid tag/digest or an unparsable original.
 */
export function renderReplacement(original: string, form: SpanForm, update: ReplacementUpdate): string {
  checkUpdate(update);
  const keptDigest = (existing: string | undefined): string | undefined =>
    update.digest ?? (update.keepDigest ? existing : undefined);
  switch (form) {
    case 'tag':
      return update.tag ?? original;
    case 'digest':
      return keptDigest(original || undefined) ?? '';
    case 'image': {
      const split = splitImageRef(original);
      if (!split.ok) throw invalid(`cannot rewrite "${original}": ${split.error}`);
      const { name, tag, digest } = split.parts;
      const newTag = update.tag ?? tag;
      const newDigest = keptDigest(digest);
      return (
        name + (newTag === undefined ? '' : `:${newTag}`) + (newDigest === undefined ? '' : `@${newDigest}`)
      );
    }
  }
}

/** The edits that carry out one request, with `expected` derived from the reference as scanned. */
export function editsFor(request: ReplacementRequest): EditsResult {
  const { reference } = request;
  const where = `${reference.file}:${reference.line}:${reference.column}`;
  if (reference.spans.length === 0) {
    const why = reference.readOnlyReason ?? reference.unresolved ?? 'no rewritable span';
    return { ok: false, error: `${where} ${reference.image} cannot be rewritten: ${why}` };
  }
  const split = splitImageRef(reference.image);
  if (!split.ok) return { ok: false, error: `${where} ${split.error}` };
  const forms = new Set(reference.spans.map((s) => s.form));
  if (request.newDigest !== null && !forms.has('image') && !forms.has('digest')) {
    return {
      ok: false,
      error: `${where} ${reference.image} has no place for a digest (only its tag is rewritable)`,
    };
  }
  if (request.newTag !== null && !forms.has('image') && !forms.has('tag')) {
    return { ok: false, error: `${where} ${reference.image} has no rewritable tag` };
  }
  const update: ReplacementUpdate = {
    tag: request.newTag,
    digest: request.newDigest,
    keepDigest: request.keepDigest ?? false,
  };
  try {
    const edits = reference.spans.map((span): TextEdit => {
      const expected =
        span.form === 'image'
          ? reference.image
          : span.form === 'tag'
            ? (split.parts.tag ?? '')
            : (split.parts.digest ?? '');
      return {
        start: span.start,
        end: span.end,
        expected,
        replacement: renderReplacement(expected, span.form, update),
      };
    });
    return { ok: true, edits };
  } catch (e) {
    return { ok: false, error: `${where} ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Applies edits to `text`. Each span must still hold `expected`; identical duplicate edits (one
 * ARG default feeding two FROMs) are applied once; any other overlap is an error.
 */
export function applyReplacements(text: string, edits: readonly TextEdit[]): ApplyResult {
  for (const e of edits) {
    if (!(
      Number.isInteger(e.start) &&
      Number.isInteger(e.end) &&
      e.start >= 0 &&
      e.start <= e.end &&
      e.end <= text.length
    )) {
      return { ok: false, error: `span ${e.start}-${e.end} is outside the text (length ${text.length})` };
    }
    const found = text.slice(e.start, e.end);
    if (found !== e.expected) {
      return {
        ok: false,
        error: `span ${e.start}-${e.end} holds ${JSON.stringify(found)}, expected ${JSON.stringify(e.expected)}: the file changed since it was scanned`,
      };
    }
  }
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const unique: TextEdit[] = [];
  for (const e of sorted) {
    const prev = unique.at(-1);
    if (prev && prev.start === e.start && prev.end === e.end) {
      if (prev.replacement === e.replacement) continue;
      return {
        ok: false,
        error: `conflicting edits for span ${e.start}-${e.end}: ${JSON.stringify(prev.replacement)} vs ${JSON.stringify(e.replacement)}`,
      };
    }
    if (prev && prev.end > e.start) {
      return { ok: false, error: `overlapping edits at ${prev.start}-${prev.end} and ${e.start}-${e.end}` };
    }
    unique.push(e);
  }
  const parts: string[] = [];
  let cursor = 0;
  for (const e of unique) {
    parts.push(text.slice(cursor, e.start), e.replacement);
    cursor = e.end;
  }
  parts.push(text.slice(cursor));
  return { ok: true, text: parts.join('') };
}

/** Applies every request for one file's text; fails as a whole if any request cannot be honoured. */
export function rewriteText(text: string, requests: readonly ReplacementRequest[]): ApplyResult {
  const all: TextEdit[] = [];
  for (const request of requests) {
    const result = editsFor(request);
    if (!result.ok) return result;
    all.push(...result.edits);
  }
  return applyReplacements(text, all);
}
