import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import type { ConfigIssue, Finding } from './types.js';

interface Ranged {
  range?: readonly [number, number, number] | null;
}

/**
 * Where a path points in the YAML source. A path that leaves the document (a missing key)
 * points at its deepest existing ancestor.
 */
export function locate(
  doc: Document,
  lines: LineCounter,
  path: readonly PropertyKey[],
  atKey = false,
): { line: number; column: number } {
  let node: unknown = doc.contents;
  let best: Ranged | null = ranged(node);
  for (const [i, segment] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc);
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) break;
      const last = i === path.length - 1;
      next = last && atKey ? pair.key : (pair.value ?? pair.key);
      // `key:` with no value has an empty range; point at the key instead.
      if (isScalar(next) && next.value === null && ranged(pair.key)) next = pair.key;
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    }
    if (next === undefined || next === null) break;
    node = next;
    best = ranged(node) ?? best;
  }
  const offset = best?.range?.[0] ?? 0;
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function ranged(node: unknown): Ranged | null {
  if (node === null || typeof node !== 'object' || !('range' in node)) return null;
  const r = node as Ranged;
  return r.range ? r : null;
}

/** "policy.rules[1].updateTypes[0]", `registries["ghcr.io"].token`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(segment)))
      out += out === '' ? String(segment) : `.${String(segment)}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

export function placeFinding(finding: Finding, file: string, doc: Document, lines: LineCounter): ConfigIssue {
  const { line, column } = locate(doc, lines, finding.path, finding.atKey);
  return { file, line, column, path: formatPath(finding.path), message: finding.message };
}

export function formatIssue(issue: ConfigIssue): string {
  const where = issue.line > 0 ? `${issue.file}:${issue.line}:${issue.column}` : issue.file;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
}

export function byPosition(a: ConfigIssue, b: ConfigIssue): number {
  return a.line - b.line || a.column - b.column;
}
