/** Naming a candidate image (pure): keep the name as the container or service wrote it. */
import { splitImageRef } from '../rewrite/index.js';

/**
 * `name:tag` for the new container from the current reference and the chosen tag/digest: the tag
 * changes (or stays when null), a digest is written only when the current reference had one.
 */
export function candidateImage(
  current: string,
  choice: { tag: string | null; digest: string | null },
): string | null {
  const split = splitImageRef(current);
  if (!split.ok) return null;
  const tag = choice.tag ?? split.parts.tag ?? (split.parts.digest === undefined ? 'latest' : undefined);
  const digest = split.parts.digest !== undefined ? choice.digest : null;
  return `${split.parts.name}${tag === undefined ? '' : `:${tag}`}${digest ? `@${digest}` : ''}`;
}

/** The `repo@digest` the engine pulls. */
export function pullRef(image: string, digest: string): string {
  const split = splitImageRef(image);
  return split.ok ? `${split.parts.name}@${digest}` : image;
}
