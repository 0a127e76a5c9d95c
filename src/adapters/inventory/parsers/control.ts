/**
 * RFC 822-style header blocks as dpkg's status file and Python's METADATA write them: `Key: value` lines,
 * continuation lines starting with a space or tab, blank lines between stanzas.
 */

export type Stanza = ReadonlyMap<string, string>;

/**
 * Every stanza. Field names are case-insensitive in both formats, so keys are lower-cased; the first of a
 * repeated field wins; continuation lines join with "\n".
 */
export function parseStanzas(text: string): Stanza[] {
  const stanzas: Stanza[] = [];
  let current = new Map<string, string>();
  let lastKey: string | null = null;
  const flush = (): void => {
    if (current.size > 0) stanzas.push(current);
    current = new Map();
    lastKey = null;
  };
  for (const line of text.split('\n')) {
    const content = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (content.trim() === '') {
      flush();
      continue;
    }
    if (content.startsWith(' ') || content.startsWith('\t')) {
      if (lastKey !== null) current.set(lastKey, `${current.get(lastKey) ?? ''}\n${content.trim()}`);
      continue;
    }
    const colon = content.indexOf(':');
    if (colon <= 0) {
      lastKey = null;
      continue;
    }
    const key = content.slice(0, colon).trim().toLowerCase();
    if (current.has(key)) {
      lastKey = null; // a repeated field: the first one stands, its continuation lines are dropped
      continue;
    }
    current.set(key, content.slice(colon + 1).trim());
    lastKey = key;
  }
  flush();
  return stanzas;
}

/** Only the first stanza (METADATA: the headers before the description body). */
export function parseHeaderBlock(text: string): Stanza {
  const end = text.search(/\r?\n\r?\n/);
  return parseStanzas(end === -1 ? text : text.slice(0, end))[0] ?? new Map<string, string>();
}
