/** Narrowing helpers for the engine's JSON documents (kept opaque by the port). */

export type JsonRecord = Record<string, unknown>;

export function asRecord(v: unknown): JsonRecord | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonRecord) : null;
}

export function asStrings(v: unknown): string[] | null {
  return Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : null;
}

export function asString(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

export function asStringMap(v: unknown): Record<string, string> {
  const r = asRecord(v);
  const out: Record<string, string> = {};
  if (r === null) return out;
  for (const [k, value] of Object.entries(r)) if (typeof value === 'string') out[k] = value;
  return out;
}

/** Structural equality of JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  const ra = asRecord(a);
  const rb = asRecord(b);
  if (ra === null || rb === null) return false;
  const ka = Object.keys(ra);
  if (ka.length !== Object.keys(rb).length) return false;
  return ka.every((k) => Object.hasOwn(rb, k) && jsonEqual(ra[k], rb[k]));
}

/** A deep copy of a JSON value (inspect documents are plain JSON). */
export function cloneJson<T>(v: T): T {
  return structuredClone(v);
}
