/**
 * The little of `yaml` the YAML adapters need: documents with exact node ranges, parser errors as
 * positions, map lookup that follows aliases and `<<` merge keys, and scalar text with the
 * offset where it is written verbatim (inside the quotes; plain `1.10` stays "1.10").
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import type { Position } from './lines.js';

export interface YamlProblem extends Position {
  readonly message: string;
}

export interface YamlFile {
  readonly documents: Document.Parsed[];
  readonly problems: YamlProblem[];
}

/** Parses every document; a document with errors is reported once and left out. */
export function parseYaml(text: string): YamlFile {
  const documents: Document.Parsed[] = [];
  const problems: YamlProblem[] = [];
  for (const doc of parseAllDocuments(text)) {
    const error = doc.errors[0];
    if (!error) {
      documents.push(doc);
      continue;
    }
    const at = error.linePos?.[0] ?? { line: 1, col: 1 };
    const message = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    problems.push({ line: at.line, column: at.col, message: `YAML: ${message}` });
  }
  return { documents, problems };
}

/** Follows an alias to its anchored node. */
export function deref(node: unknown, doc: Document.Parsed): unknown {
  for (let i = 0; i < 16 && isAlias(node); i++) node = node.resolve(doc);
  return node;
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) && (typeof key.value === 'string' || typeof key.value === 'number')
    ? String(key.value)
    : undefined;
}

/** Every entry of a map (merge keys expanded, own keys winning), values dereferenced. */
export function entries(map: unknown, doc: Document.Parsed, depth = 0): [string, unknown][] {
  const resolved = deref(map, doc);
  if (!isMap(resolved) || depth > 8) return [];
  const own: [string, unknown][] = [];
  const merged: [string, unknown][] = [];
  for (const pair of resolved.items) {
    const key = keyText(pair.key);
    if (key === undefined) continue;
    if (key === '<<' && !(isScalar(pair.key) && pair.key.type !== 'PLAIN')) {
      const sources = deref(pair.value, doc);
      for (const source of isSeq(sources) ? sources.items : [sources])
        merged.push(...entries(source, doc, depth + 1));
    } else {
      own.push([key, deref(pair.value, doc)]);
    }
  }
  const seen = new Set(own.map(([k]) => k));
  return [...own, ...merged.filter(([k]) => !seen.has(k) && (seen.add(k), true))];
}

export function get(map: unknown, key: string, doc: Document.Parsed): unknown {
  return entries(map, doc).find(([k]) => k === key)?.[1];
}

export function items(seq: unknown, doc: Document.Parsed): unknown[] {
  const resolved = deref(seq, doc);
  return isSeq(resolved) ? resolved.items.map((item) => deref(item, doc)) : [];
}

export interface ScalarText {
  /** The text as the user wrote it (plain scalars from source, so `1.10` is not `1.1`). */
  readonly value: string;
  /** Offset of value[0] when value is written verbatim; undefined for escapes, folding, blocks. */
  readonly start: number | undefined;
  /** Offset of the node (the opening quote for quoted scalars). */
  readonly nodeStart: number;
  readonly node: Node;
}

/** A non-null scalar's text; undefined for maps, sequences, null and empty plain values. */
export function scalarText(node: unknown, text: string): ScalarText | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const [start, end] = node.range;
  const raw: unknown = node.value;
  if (
    typeof raw !== 'string' &&
    typeof raw !== 'number' &&
    typeof raw !== 'boolean' &&
    typeof raw !== 'bigint'
  ) {
    return undefined;
  }
  if (node.type === 'PLAIN') {
    const source = text.slice(start, end);
    const value = typeof node.source === 'string' ? node.source : String(raw);
    return { value, start: source === value ? start : undefined, nodeStart: start, node };
  }
  const value = String(raw);
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
    const inner = text.slice(start + 1, end - 1);
    return { value, start: inner === value ? start + 1 : undefined, nodeStart: start, node };
  }
  return { value, start: undefined, nodeStart: start, node };
}
