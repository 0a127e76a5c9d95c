/** Reading JSON other tools wrote: small guards instead of trusting a cast. */
import { ShipshapeError } from '../../../core/errors.js';

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function objectAt(value: unknown, key: string): JsonObject | null {
  if (!isObject(value)) return null;
  const v = value[key];
  return isObject(v) ? v : null;
}

/** A string field; "" counts as absent. */
export function stringAt(value: unknown, key: string): string | null {
  if (!isObject(value)) return null;
  const v = value[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

export function numberAt(value: unknown, key: string): number | null {
  if (!isObject(value)) return null;
  const v = value[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** An array field (absent or null → []). */
export function arrayAt(value: unknown, key: string): readonly unknown[] {
  if (!isObject(value)) return [];
  const v = value[key];
  return Array.isArray(v) ? (v as unknown[]) : [];
}

export function stringsAt(value: unknown, key: string): string[] {
  return arrayAt(value, key).filter((s): s is string => typeof s === 'string' && s !== '');
}

export function parseJson(text: string, source: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new ShipshapeError('MALFORMED_RESPONSE', source, `${what} is not JSON: ${(e as Error).message}`, {
      cause: e,
    });
  }
}
