/**
 * Globs for image names, paths and tags: `*` and `?` stay within one "/"-separated segment,
 * `**` crosses segments (followed by a slash, it also matches zero segments), `{a,b}` is an alternation.
 * Everything else is literal. Whole-string match.
 */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${translate(glob)}$`);
}

const cache = new Map<string, RegExp>();

/** Cached `globToRegExp(glob).test(subject)`. */
export function globMatches(glob: string, subject: string): boolean {
  let re = cache.get(glob);
  if (re === undefined) {
    re = globToRegExp(glob);
    cache.set(glob, re);
  }
  return re.test(subject);
}

function translate(glob: string): string {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    const c = glob.charAt(i);
    if (c === '*' && glob.charAt(i + 1) === '*') {
      i += 2;
      if (glob.charAt(i) === '/') {
        out += '(?:.*/)?';
        i += 1;
      } else {
        out += '.*';
      }
    } else if (c === '*') {
      out += '[^/]*';
      i += 1;
    } else if (c === '?') {
      out += '[^/]';
      i += 1;
    } else if (c === '{') {
      const close = matchingBrace(glob, i);
      if (close === -1) {
        out += '\\{';
        i += 1;
      } else {
        const alternatives = splitTopLevel(glob.slice(i + 1, close));
        out += `(?:${alternatives.map(translate).join('|')})`;
        i = close + 1;
      }
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i += 1;
    }
  }
  return out;
}

function matchingBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') depth--;
    else if (s[i] === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}
