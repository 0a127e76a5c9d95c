/** RFC 8288 `Link` headers, as registries use them for tag and catalog pagination. */
export interface Link {
  readonly url: string;
  readonly rel: readonly string[];
  readonly params: Readonly<Record<string, string>>;
}

/** Parses `<url>; rel="next", <url2>; rel=prev` (several values, or several header lines). */
export function parseLinkHeader(header: string | readonly string[] | undefined | null): Link[] {
  if (header === undefined || header === null) return [];
  const text = typeof header === 'string' ? header : header.join(', ');
  const links: Link[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('<', i);
    if (open < 0) break;
    const close = text.indexOf('>', open + 1);
    if (close < 0) break;
    const url = text.slice(open + 1, close).trim();
    const params: Record<string, string> = {};
    i = close + 1;
    // Parameters until the next top-level comma (commas inside quoted values do not count).
    while (i < text.length) {
      while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
      if (text[i] !== ';') break;
      i++;
      while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
      const nameStart = i;
      while (i < text.length && /[^=;,\s]/.test(text[i]!)) i++;
      const name = text.slice(nameStart, i).toLowerCase();
      while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
      let value = '';
      if (text[i] === '=') {
        i++;
        while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
        if (text[i] === '"') {
          i++;
          while (i < text.length && text[i] !== '"') {
            if (text[i] === '\\' && i + 1 < text.length) i++;
            value += text[i];
            i++;
          }
          i++;
        } else {
          const vs = i;
          while (i < text.length && /[^;,\s]/.test(text[i]!)) i++;
          value = text.slice(vs, i);
        }
      }
      if (name && !(name in params)) params[name] = value;
    }
    const rel = (params['rel'] ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    links.push({ url, rel, params });
    const comma = text.indexOf(',', i);
    if (comma < 0) break;
    i = comma + 1;
  }
  return links;
}

/** The `rel="next"` target resolved against the URL of the response that carried it, or null. */
export function nextLink(header: string | readonly string[] | undefined | null, base: string): string | null {
  const link = parseLinkHeader(header).find((l) => l.rel.includes('next'));
  if (!link || link.url === '') return null;
  try {
    return new URL(link.url, base).toString();
  } catch {
    return null;
  }
}
