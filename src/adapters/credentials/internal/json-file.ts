import { readFile } from 'node:fs/promises';
import { ShipshapeError } from '../../../core/errors.js';

/**
 * Reads a JSON credentials file. Missing → undefined (nothing configured); unreadable or not JSON →
 * CONFIG_INVALID naming the file. The file holds secrets, so neither the parser's message (V8 quotes
 * the input) nor the SyntaxError itself is ever attached: only the line and column survive.
 */
export async function readJsonFile(path: string, source: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ShipshapeError(
      'CONFIG_INVALID',
      source,
      `cannot read ${path} (${code ?? 'unknown error'}): fix its permissions or remove it`,
      { cause: error },
    );
  }
  return parseJson(text, path, source);
}

/** Parses JSON holding secrets; `origin` names where it came from (a file path or "$ENV_VAR"). */
export function parseJson(text: string, origin: string, source: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  // An empty file is how some tools leave a config after logging out of everything.
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    const where = jsonErrorLocation(error, body);
    throw new ShipshapeError(
      'CONFIG_INVALID',
      source,
      `${origin} is not valid JSON${where}: fix the syntax or remove it`,
    );
  }
}

function jsonErrorLocation(error: unknown, text: string): string {
  const position = error instanceof Error ? /at position (\d+)/.exec(error.message)?.[1] : undefined;
  if (position === undefined) return '';
  const before = text.slice(0, Number(position));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column})`;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
