/**
 * A parsed, normalized container image reference.
 * `registry` is always a normalized host[:port] and `repository` carries Docker Hub's `library/`
 * prefix, so two spellings of the same image compare equal field by field.
 */
export interface ImageRef {
  /** Normalized host[:port]: "docker.io", "ghcr.io", "localhost:5000", "127.0.0.1:5000", "[::1]:5000". */
  readonly registry: string;
  /** Path inside the registry: "library/nginx", "o/r", "x". */
  readonly repository: string;
  /** The tag as written, or null when none was written (see `effectiveTag`). */
  readonly tag: string | null;
  /** "sha256:<64 hex>" (or sha384/sha512) when written, else null. */
  readonly digest: string | null;
}

export type ParseResult = { ok: true; ref: ImageRef } | { ok: false; error: string };
