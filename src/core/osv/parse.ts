/**
 * OSV JSON → OsvRecord. Strict about the fields matching depends on (a wrong type there is an error
 * naming the JSON path), lenient about everything else: unknown fields, range types and severity types
 * pass through untouched so that a newer schema version does not break an update.
 */
import type {
  JsonObject,
  OsvAffected,
  OsvEvent,
  OsvEventKind,
  OsvRange,
  OsvRecord,
  OsvSeverityEntry,
} from './types.js';

export type OsvParseResult =
  { readonly ok: true; readonly record: OsvRecord } | { readonly ok: false; readonly error: string };

const EVENT_KINDS: readonly OsvEventKind[] = ['introduced', 'fixed', 'last_affected', 'limit'];
const SUMMARY_MAX = 200;

class Invalid extends Error {}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(path: string, expected: string, value: unknown): never {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  throw new Invalid(`${path} must be ${expected}, got ${got}`);
}

function requiredString(obj: JsonObject, key: string, path: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value === '') fail(`${path}${key}`, 'a non-empty string', value);
  return value;
}

function optionalString(obj: JsonObject, key: string, path: string): string | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') fail(`${path}${key}`, 'a string', value);
  return value;
}

function array(obj: JsonObject, key: string, path: string): readonly unknown[] {
  const value = obj[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(`${path}${key}`, 'an array', value);
  return value;
}

function stringArray(obj: JsonObject, key: string, path: string): string[] {
  return array(obj, key, path).map((item, i) => {
    if (typeof item !== 'string') fail(`${path}${key}[${i}]`, 'a string', item);
    return item;
  });
}

function optionalObject(obj: JsonObject, key: string, path: string): JsonObject | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (!isObject(value)) fail(`${path}${key}`, 'an object', value);
  return value;
}

function parseSeverity(obj: JsonObject, path: string): OsvSeverityEntry[] {
  return array(obj, 'severity', path).map((item, i) => {
    const at = `${path}severity[${i}]`;
    if (!isObject(item)) fail(at, 'an object', item);
    return { type: requiredString(item, 'type', `${at}.`), score: requiredString(item, 'score', `${at}.`) };
  });
}

function parseEvent(item: unknown, path: string): OsvEvent {
  if (!isObject(item)) fail(path, 'an object', item);
  const kinds = EVENT_KINDS.filter((kind) => item[kind] !== undefined);
  const kind = kinds[0];
  if (kind === undefined || kinds.length > 1) {
    throw new Invalid(`${path} must hold exactly one of ${EVENT_KINDS.join(', ')}`);
  }
  return { kind, version: requiredString(item, kind, `${path}.`) };
}

function parseRange(item: unknown, path: string): OsvRange {
  if (!isObject(item)) fail(path, 'an object', item);
  const type = requiredString(item, 'type', `${path}.`);
  const events = array(item, 'events', `${path}.`).map((event, i) =>
    parseEvent(event, `${path}.events[${i}]`),
  );
  return { type, events };
}

function parseAffected(item: unknown, path: string): OsvAffected {
  if (!isObject(item)) fail(path, 'an object', item);
  const pkg = item['package'];
  if (!isObject(pkg)) fail(`${path}.package`, 'an object', pkg);
  return {
    package: {
      ecosystem: requiredString(pkg, 'ecosystem', `${path}.package.`),
      name: requiredString(pkg, 'name', `${path}.package.`),
      purl: optionalString(pkg, 'purl', `${path}.package.`),
    },
    severity: parseSeverity(item, `${path}.`),
    ranges: array(item, 'ranges', `${path}.`).map((range, i) => parseRange(range, `${path}.ranges[${i}]`)),
    versions: stringArray(item, 'versions', `${path}.`),
    ecosystemSpecific: optionalObject(item, 'ecosystem_specific', `${path}.`),
    databaseSpecific: optionalObject(item, 'database_specific', `${path}.`),
  };
}

function summaryOf(summary: string | null, details: string | null): string | null {
  const text = (summary ?? details ?? '').trim().split('\n', 1)[0]?.trim() ?? '';
  if (text === '') return null;
  return text.length > SUMMARY_MAX ? `${text.slice(0, SUMMARY_MAX - 1)}…` : text;
}

/** Parses one OSV record (already JSON-decoded). Errors name the offending JSON path. */
export function parseOsvRecord(value: unknown): OsvParseResult {
  try {
    if (!isObject(value)) fail('the record', 'a JSON object', value);
    return {
      ok: true,
      record: {
        id: requiredString(value, 'id', ''),
        aliases: stringArray(value, 'aliases', ''),
        summary: summaryOf(optionalString(value, 'summary', ''), optionalString(value, 'details', '')),
        modified: requiredString(value, 'modified', ''),
        published: optionalString(value, 'published', ''),
        withdrawn: optionalString(value, 'withdrawn', ''),
        severity: parseSeverity(value, ''),
        affected: array(value, 'affected', '').map((item, i) => parseAffected(item, `affected[${i}]`)),
        databaseSpecific: optionalObject(value, 'database_specific', ''),
      },
    };
  } catch (e) {
    if (e instanceof Invalid) {
      const id = isObject(value) && typeof value['id'] === 'string' ? `${value['id']}: ` : '';
      return { ok: false, error: `${id}${e.message}` };
    }
    throw e;
  }
}
