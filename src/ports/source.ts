/**
 * Discovery of image references in files. One adapter per format emits references with their
 * exact location and the span of text to replace; one generic rewriter (core/rewrite) applies updates.
 * No adapter contains update logic.
 */
export type FileReferenceKind =
  'dockerfile' | 'compose' | 'kubernetes' | 'helm' | 'kustomize' | 'github-actions' | 'gitlab-ci';

/**
 * What the replaced span holds, so the rewriter knows how to render the new text:
 * - `image`: a whole reference as written (`nginx:1.21`, `ghcr.io/o/r:1@sha256:…`); name spelling is kept.
 * - `tag`: only the tag (`1.21`), e.g. Helm `tag:`, Kustomize `newTag:`, or an ARG default used as the tag.
 * - `digest`: only the digest (`sha256:…`), e.g. Helm `digest:`, Kustomize `digest:`.
 */
export type SpanForm = 'image' | 'tag' | 'digest';

export interface ReplaceSpan {
  /** Offsets into the file's text (JS string indices of the UTF-8 decoded content). */
  readonly start: number;
  readonly end: number;
  readonly form: SpanForm;
}

export interface FileReference {
  /** Path relative to the scanned root, "/" separators. */
  readonly file: string;
  /** 1-based line and column where the reference (or its first span) starts. */
  readonly line: number;
  readonly column: number;
  readonly kind: FileReferenceKind;
  /** The reference as resolved (variables substituted, split forms joined), e.g. "nginx:1.21". */
  readonly image: string;
  /**
   * Spans to rewrite. Empty when the reference cannot be rewritten in place (e.g. built from
   * several variables); `unresolved` then or `readOnlyReason` says why.
   */
  readonly spans: readonly ReplaceSpan[];
  /** Set when variables could not be resolved: the reference is reported, not looked up. */
  readonly unresolved?: string;
  /** Set when the reference can be checked but not rewritten. */
  readonly readOnlyReason?: string;
  /** Extra facts, e.g. { platform: "linux/arm64" } from `FROM --platform`. */
  readonly meta?: Readonly<Record<string, string>>;
}

export interface ParseProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export interface FileScanResult {
  readonly references: FileReference[];
  readonly problems: ParseProblem[];
}

/** A discovery adapter for one format: pure over (path, text). The walker does the I/O. */
export interface FileDiscoverer {
  readonly kind: FileReferenceKind;
  /** Whether this adapter handles the file at `path` (relative, "/" separators), by name and, if needed, content. */
  matches(path: string, text?: string): boolean;
  /** `siblings` lets an adapter read e.g. `.env` next to a compose file (relative path → text or undefined). */
  scan(path: string, text: string, siblings: (relativePath: string) => string | undefined): FileScanResult;
}
