/**
 * `META-INF/maven/<groupId>/<artifactId>/pom.properties`, which Maven (maven-archiver) writes into every
 * archive it builds, in java.util.Properties text format, read the way `Properties.load` reads it.
 */

/** A Maven groupId or artifactId as Maven itself validates them. */
const MAVEN_ID = /^[A-Za-z0-9_.-]+$/;
const WHITESPACE = new Set([' ', '\t', '\f']);
const ESCAPES: Readonly<Record<string, string>> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function skipWhitespace(line: string, at: number): number {
  while (at < line.length && WHITESPACE.has(line[at]!)) at++;
  return at;
}

/** A line whose last character is a backslash that is not itself escaped continues on the next line. */
function continues(line: string): boolean {
  let backslashes = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

function unescape(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char !== '\\' || i + 1 === text.length) {
      out += char;
      continue;
    }
    const next = text[++i]!;
    const hex = next === 'u' ? /^[0-9a-fA-F]{4}/.exec(text.slice(i + 1)) : null;
    if (hex) {
      out += String.fromCharCode(parseInt(hex[0], 16));
      i += 4;
    } else out += ESCAPES[next] ?? next;
  }
  return out;
}

/** The lines after joining continuations, without comments and blank lines, leading whitespace removed. */
function logicalLines(text: string): string[] {
  const natural = text.split(/\r\n|\r|\n/);
  const lines: string[] = [];
  for (let i = 0; i < natural.length; i++) {
    let line = natural[i]!.slice(skipWhitespace(natural[i]!, 0));
    if (line === '' || line.startsWith('#') || line.startsWith('!')) continue;
    while (continues(line) && i + 1 < natural.length) {
      const next = natural[++i]!;
      line = line.slice(0, -1) + next.slice(skipWhitespace(next, 0));
    }
    if (continues(line)) line = line.slice(0, -1); // continued past the end of the text
    lines.push(line);
  }
  return lines;
}

/**
 * Properties text as a map: `key=value`, `key:value` or `key value`; `#` and `!` comment lines; backslash
 * escapes (`\t \n \r \f \uXXXX`, `\=` and the like); a trailing backslash continues the line. A key given
 * twice keeps its last value, as in Java.
 */
export function parseProperties(text: string): Map<string, string> {
  const properties = new Map<string, string>();
  for (const line of logicalLines(text)) {
    let end = 0;
    while (end < line.length) {
      const char = line[end]!;
      if (char === '\\') end += 2;
      else if (char === '=' || char === ':' || WHITESPACE.has(char)) break;
      else end++;
    }
    end = Math.min(end, line.length);
    let value = skipWhitespace(line, end);
    if (value < line.length && (line[value] === '=' || line[value] === ':'))
      value = skipWhitespace(line, value + 1);
    properties.set(unescape(line.slice(0, end)), unescape(line.slice(value)));
  }
  return properties;
}

export interface MavenCoordinates {
  readonly groupId: string;
  readonly artifactId: string;
  readonly version: string;
}

/**
 * The coordinates a pom.properties gives. `fromPath` (the groupId and artifactId directories it sits in)
 * fills in a missing groupId or artifactId. Null without a version, with an unresolved `${…}` placeholder,
 * or with ids Maven would not accept.
 */
export function parsePomProperties(
  text: string,
  fromPath?: { readonly groupId: string; readonly artifactId: string },
): MavenCoordinates | null {
  const properties = parseProperties(text);
  const get = (key: string): string => properties.get(key)?.trim() ?? '';
  const groupId = get('groupId') || (fromPath?.groupId ?? '');
  const artifactId = get('artifactId') || (fromPath?.artifactId ?? '');
  const version = get('version');
  if (!MAVEN_ID.test(groupId) || !MAVEN_ID.test(artifactId)) return null;
  if (version === '' || version.includes('${')) return null;
  return { groupId, artifactId, version };
}
