/** Helpers for the discovery tests: what each span holds, and a whole-file rewrite. */
import type { FileReference, FileScanResult } from '../../../ports/source.js';
import { rewriteText } from '../../../core/rewrite/index.js';

/** Each span as `form:text`, e.g. ["tag:1.21"]. */
export function spanTexts(text: string, ref: FileReference): string[] {
  return ref.spans.map((s) => `${s.form}:${text.slice(s.start, s.end)}`);
}

/** A compact view of a scan result for exact assertions. */
export function summary(text: string, result: FileScanResult): Record<string, unknown>[] {
  return result.references.map((r) => ({
    at: `${r.line}:${r.column}`,
    image: r.image,
    spans: spanTexts(text, r),
    ...(r.unresolved === undefined ? {} : { unresolved: r.unresolved }),
    ...(r.readOnlyReason === undefined ? {} : { readOnlyReason: r.readOnlyReason }),
    ...(r.meta === undefined ? {} : { meta: r.meta }),
  }));
}

/** Rewrites every reference whose image is a key of `updates` to the given tag/digest. */
export function rewriteAll(
  text: string,
  result: FileScanResult,
  updates: Record<string, { tag?: string; digest?: string; keepDigest?: boolean }>,
): string {
  const requests = result.references
    .filter((r) => updates[r.image] !== undefined)
    .map((reference) => {
      const u = updates[reference.image]!;
      return {
        reference,
        newTag: u.tag ?? null,
        newDigest: u.digest ?? null,
        keepDigest: u.keepDigest ?? false,
      };
    });
  const out = rewriteText(text, requests);
  if (!out.ok) throw new Error(out.error);
  return out.text;
}

/** The same text with a BOM, CRLF line endings and no final newline: the awkward bytes to keep. */
export function awkward(text: string): string {
  return `\uFEFF${text.replace(/\n/g, '\r\n').trimEnd()}`;
}
