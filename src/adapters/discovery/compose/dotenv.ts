/**
 * The `.env` file docker compose reads for interpolation: `KEY=VALUE` lines, optional `export`,
 * `#` comments, single quotes (literal), double quotes (with \n \t \" \\ escapes) and unquoted
 * values ending at ` #`.
 */
export function parseDotenv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  const line = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*(.*)$/;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const m = line.exec(raw);
    if (!m) continue;
    const rest = m[2]!;
    let value: string;
    if (rest.startsWith("'")) {
      const end = rest.indexOf("'", 1);
      value = end === -1 ? rest.slice(1) : rest.slice(1, end);
    } else if (rest.startsWith('"')) {
      const body = /^"((?:[^"\\]|\\.)*)"?/.exec(rest)![1]!;
      value = body.replace(/\\(.)/g, (_, ch: string) => ({ n: '\n', t: '\t', r: '\r' })[ch] ?? ch);
    } else {
      value = rest.replace(/(^|[ \t])#.*$/, '').trim();
    }
    vars.set(m[1]!, value);
  }
  return vars;
}
