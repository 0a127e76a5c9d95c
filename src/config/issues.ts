/**
 * Turns zod issues into findings with messages written for people: the value that was wrong
 * (never for secret fields), what was expected, and a suggestion for misspelled keys.
 */
import { z } from 'zod';
import type { Finding } from './types.js';

type Issue = z.core.$ZodIssue;

const SECRET_KEYS: ReadonlySet<PropertyKey> = new Set(['token', 'password', 'passwordEnv', 'tokenEnv']);

const KEY_HINTS: Readonly<Record<string, string>> = {
  password: 'put the password in an environment variable (passwordEnv) or a file (passwordFile)',
};

export function findingsFromZod(issues: readonly Issue[], schema: z.ZodType, input: unknown): Finding[] {
  return issues.flatMap((issue) => fromIssue(issue, schema, input));
}

function fromIssue(issue: Issue, schema: z.ZodType, input: unknown): Finding[] {
  const path = issue.path;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = keysAt(schema, path);
      return issue.keys.map((key) => ({
        path: [...path, key],
        atKey: true,
        message: `unknown key ${JSON.stringify(key)}${hintFor(key, known)}`,
      }));
    }
    case 'invalid_value': {
      const value = valueAt(input, path);
      const shown = SECRET_KEYS.has(path.at(-1) ?? '') ? '' : ` ${JSON.stringify(value)}`;
      return [{ path, message: `invalid value${shown}; expected one of ${issue.values.join(', ')}` }];
    }
    case 'invalid_type':
      return [
        {
          path,
          message: `expected ${expectedName(issue.expected)}, got ${actualName(valueAt(input, path))}`,
        },
      ];
    case 'too_small':
      return [
        {
          path,
          message:
            issue.origin === 'array' || issue.origin === 'string'
              ? 'must not be empty'
              : `must be at least ${issue.minimum}`,
        },
      ];
    case 'too_big':
      return [{ path, message: `must be at most ${issue.maximum}` }];
    case 'invalid_key':
      return [{ path, atKey: true, message: issue.issues[0]?.message ?? 'invalid key' }];
    default:
      // invalid_format and custom issues carry messages we wrote in the schema.
      return [{ path, message: issue.message }];
  }
}

function hintFor(key: string, known: readonly string[]): string {
  const hint = KEY_HINTS[key];
  if (hint !== undefined) return `; ${hint}`;
  const close = known.find((k) => k.toLowerCase() === key.toLowerCase() || editDistance(k, key) <= 2);
  if (close !== undefined) return ` (did you mean ${JSON.stringify(close)}?)`;
  return known.length > 0 ? `; expected one of ${known.join(', ')}` : '';
}

/** The keys an object schema accepts at a path, for suggestions. */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s: unknown = schema;
  for (const segment of path) {
    s = unwrap(s);
    if (s instanceof z.ZodObject) s = (s.shape as Record<string, unknown>)[String(segment)];
    else if (s instanceof z.ZodArray) s = s.element;
    else if (s instanceof z.ZodRecord) s = s.valueType;
    else return [];
  }
  s = unwrap(s);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

function unwrap(s: unknown): unknown {
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap();
  return s;
}

export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const segment of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[segment];
  }
  return v;
}

function expectedName(expected: string): string {
  switch (expected) {
    case 'object':
    case 'record':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'boolean':
      return 'true or false';
    case 'int':
      return 'a whole number';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    default:
      return expected;
  }
}

function actualName(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return `a ${typeof value}`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}
