/** os-release(5): shell-style KEY=value lines; ID, VERSION_ID and PRETTY_NAME are what scanning needs. */
import type { OsInfo } from '../../../core/vuln/types.js';

/** Unquotes a value: "double" (backslash escapes `\" \\ \$ \``), 'single', or bare. */
function unquote(raw: string): string {
  const value = raw.trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
  }
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  return value;
}

export function parseOsReleaseFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) continue;
    const key = trimmed.slice(0, eq).trim();
    if (!/^[A-Z][A-Z0-9_]*$/.test(key)) continue;
    fields.set(key, unquote(trimmed.slice(eq + 1)));
  }
  return fields;
}

/** Null when the file names no OS at all; ID defaults to "linux" as os-release(5) says. */
export function parseOsRelease(text: string): OsInfo | null {
  const fields = parseOsReleaseFields(text);
  const id = fields.get('ID')?.toLowerCase() || null;
  const versionId = fields.get('VERSION_ID') || null;
  const prettyName = fields.get('PRETTY_NAME') || null;
  if (!id && !versionId && !prettyName) return null;
  return { id: id ?? 'linux', versionId, prettyName };
}
