/**
 * .gitignore semantics, without a dependency: comments, escapes, trailing spaces, negation `!`,
 * anchoring (a `/` at the start or in the middle), directory-only patterns (trailing `/`), `*`,
 * `?`, `[…]` and `**` (leading, trailing, middle). Nested files: deeper files win; within a file
 * the last matching pattern wins. Excluded directories are never entered, so (as in git) a file
 * below an excluded directory cannot be re-included.
 */
interface Rule {
  readonly regex: RegExp;
  readonly negate: boolean;
  readonly dirOnly: boolean;
}

export interface RuleSet {
  /** Directory the patterns are relative to ('' for the root), "/" separators. */
  readonly base: string;
  readonly rules: readonly Rule[];
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        const atStart = i === 0 || glob[i - 1] === '/';
        const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
        i++;
        if (atStart && atEnd) {
          if (i + 1 === glob.length) out += '.*';
          else {
            out += '(?:.*/)?';
            i++; // the slash after **
          }
          continue;
        }
      }
      out += '[^/]*';
    } else if (ch === '?') out += '[^/]';
    else if (ch === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) out += '\\[';
      else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith('!') || body.startsWith('^')) body = `^${body.slice(1)}`;
        out += `(?!/)[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else if (ch === '\\' && i + 1 < glob.length) {
      out += glob[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else out += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}

export function compileRule(line: string): Rule | undefined {
  let pattern = line.replace(/\r$/, '');
  if (pattern === '' || pattern.startsWith('#')) return undefined;
  pattern = pattern.replace(/(?<!\\)[ \t]+$/, '');
  let negate = false;
  if (pattern.startsWith('!')) {
    negate = true;
    pattern = pattern.slice(1);
  } else if (pattern.startsWith('\\!') || pattern.startsWith('\\#')) pattern = pattern.slice(1);
  const dirOnly = pattern.endsWith('/');
  if (dirOnly) pattern = pattern.replace(/\/+$/, '');
  if (pattern === '') return undefined;
  const anchored = pattern.includes('/');
  if (pattern.startsWith('/')) pattern = pattern.slice(1);
  const body = globToRegex(pattern);
  try {
    return { regex: new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`), negate, dirOnly };
  } catch {
    return undefined; // a pattern git would not match anything with
  }
}

export function compileGitignore(text: string, base: string): RuleSet {
  const rules = text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map(compileRule)
    .filter((r): r is Rule => r !== undefined);
  return { base, rules };
}

/** Whether one rule set decides `path`: true = ignored, false = re-included, undefined = no match. */
function decide(set: RuleSet, path: string, isDir: boolean): boolean | undefined {
  let relative = path;
  if (set.base !== '') {
    if (!path.startsWith(`${set.base}/`)) return undefined;
    relative = path.slice(set.base.length + 1);
  }
  for (let i = set.rules.length - 1; i >= 0; i--) {
    const rule = set.rules[i]!;
    if ((!rule.dirOnly || isDir) && rule.regex.test(relative)) return !rule.negate;
  }
  return undefined;
}

/** `sets` ordered from the root down; the deepest set that matches decides. */
export function isIgnored(sets: readonly RuleSet[], path: string, isDir: boolean): boolean {
  for (let i = sets.length - 1; i >= 0; i--) {
    const decision = decide(sets[i]!, path, isDir);
    if (decision !== undefined) return decision;
  }
  return false;
}

/** Like isIgnored, but also true when any parent directory of `path` is ignored. */
export function isIgnoredWithParents(sets: readonly RuleSet[], path: string, isDir: boolean): boolean {
  const parts = path.split('/');
  for (let i = 1; i < parts.length; i++) {
    if (isIgnored(sets, parts.slice(0, i).join('/'), true)) return true;
  }
  return isIgnored(sets, path, isDir);
}
