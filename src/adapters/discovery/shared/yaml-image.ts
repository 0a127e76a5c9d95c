/** Reports a YAML scalar that holds a whole image reference, once per node (aliases report at the anchor). */
import { isMap, isSeq } from 'yaml';
import type { Collector } from './collector.js';
import { verbatim } from './segments.js';
import { scalarText } from './yaml.js';

export function reportImageScalar(
  out: Collector,
  node: unknown,
  text: string,
  seen: Set<unknown>,
  what: string,
  meta?: Record<string, string>,
): void {
  if (isMap(node) || isSeq(node)) {
    out.problem(node.range?.[0] ?? 0, `${what} must be a string`);
    return;
  }
  const value = scalarText(node, text);
  if (!value || seen.has(value.node)) return;
  seen.add(value.node);
  out.image({
    at: value.start ?? value.nodeStart,
    segments: verbatim(value.value, value.start),
    raw: value.value,
    ...(meta ? { meta } : {}),
  });
}
