/**
 * Splits an image reference as written into name, tag and digest with their offsets, so a
 * rewrite keeps the name's exact spelling (`nginx`, `docker.io/library/nginx`, `host:5000/x`).
 * Validation is core/image-ref's; this module only adds the offsets it does not report.
 */
import { tryParseImageRef } from '../image-ref/index.js';

export interface ImageParts {
  /** The name exactly as written, e.g. `localhost:5000/team/app`. */
  readonly name: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
  /** Offsets of the tag and digest text (without `:` / `@`) inside the input; undefined when absent. */
  readonly tagRange: readonly [number, number] | undefined;
  readonly digestRange: readonly [number, number] | undefined;
}

/** What a new tag or digest must look like before it is written into a file. */
export const TAG_RE = /^\w[\w.-]{0,127}$/;
export const DIGEST_RE = /^(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})$/;

export type SplitResult = { ok: true; parts: ImageParts } | { ok: false; error: string };

export function splitImageRef(input: string): SplitResult {
  const parsed = tryParseImageRef(input);
  if (!parsed.ok) return parsed;
  const at = input.indexOf('@');
  const beforeDigest = at === -1 ? input : input.slice(0, at);
  // As in image-ref: the tag follows the first ":" after the last "/" (earlier ones are a port).
  const colon = beforeDigest.indexOf(':', beforeDigest.lastIndexOf('/') + 1);
  return {
    ok: true,
    parts: {
      name: colon === -1 ? beforeDigest : beforeDigest.slice(0, colon),
      tag: parsed.ref.tag ?? undefined,
      digest: parsed.ref.digest ?? undefined,
      tagRange: colon === -1 ? undefined : [colon + 1, beforeDigest.length],
      digestRange: at === -1 ? undefined : [at + 1, input.length],
    },
  };
}
