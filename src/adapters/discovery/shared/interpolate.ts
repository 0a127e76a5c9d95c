/**
 * Variable expansion that keeps track of where every resulting character is written, shared by
 * Dockerfile (ARG, shell quoting, escape char) and compose/GitLab (`$$`). Supports `$V`, `${V}`
 * and the `-`, `+`, `?` modifiers with or without `:`, nested in defaults.
 */
import { SegmentBuilder, type Segment } from './segments.js';

/** A variable's value; `unresolved` lists variables it needed that have no value. */
export interface Binding {
  readonly segments: readonly Segment[];
  readonly unresolved: readonly string[];
}

/** undefined: the variable is not set (distinct from set to ""). */
export type Lookup = (name: string) => Binding | undefined;

export interface ExpandOptions {
  /** Dockerfile escape char; outside single quotes it makes the next char literal. */
  readonly escape?: '\\' | '`';
  /** Remove shell quotes (`'…'` literal, `"…"` expanded), as Dockerfile instructions do. */
  readonly shellQuotes?: boolean;
  /** `$$` is a literal `$` (compose, GitLab CI). */
  readonly dollarDollar?: boolean;
}

export interface Expansion {
  readonly segments: Segment[];
  readonly unresolved: string[];
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const MODIFIER = /:?[-+?]/y;

/** Expands `text`; `offsetAt(i)` is the file offset of text[i], or undefined if not verbatim. */
export function expand(
  text: string,
  offsetAt: (i: number) => number | undefined,
  lookup: Lookup,
  options: ExpandOptions = {},
): Expansion {
  const unresolved = new Set<string>();
  const out = new SegmentBuilder();

  const closing = (from: number, to: number): number => {
    let depth = 1;
    for (let i = from; i < to; i++) {
      const ch = text[i];
      if (ch === options.escape) i++;
      else if (ch === '$' && text[i + 1] === '{') {
        depth++;
        i++;
      } else if (ch === '}' && --depth === 0) return i;
    }
    return -1;
  };

  const nameAt = (i: number, to: number): string | undefined => {
    NAME.lastIndex = i;
    const name = NAME.exec(text)?.[0];
    return name !== undefined && i + name.length <= to ? name : undefined;
  };

  const pushBinding = (binding: Binding): void => {
    out.push(...binding.segments);
    for (const name of binding.unresolved) unresolved.add(name);
  };

  const missing = (name: string, raw: string): void => {
    unresolved.add(name);
    out.push({ value: raw, origin: `${name}, which is not set` });
  };

  /** Expands a `${…}` starting at `i` (the `$`); returns the index after it. */
  const braced = (i: number, to: number): number => {
    const close = closing(i + 2, to);
    if (close === -1) {
      out.char('$', offsetAt(i));
      return i + 1;
    }
    const raw = text.slice(i, close + 1);
    const name = nameAt(i + 2, close);
    if (name === undefined) {
      missing(raw, raw);
      return close + 1;
    }
    const afterName = i + 2 + name.length;
    const binding = lookup(name);
    const isSet = binding !== undefined;
    const nonEmpty = isSet && binding.segments.some((s) => s.value !== '');
    if (afterName === close) {
      if (binding) pushBinding(binding);
      else missing(name, raw);
      return close + 1;
    }
    MODIFIER.lastIndex = afterName;
    const modifier = MODIFIER.exec(text)?.[0];
    if (modifier === undefined) {
      // ${V#pattern}, ${V/x/y}, …: not evaluated here.
      missing(name, raw);
      return close + 1;
    }
    const useValue = modifier.startsWith(':') ? nonEmpty : isSet;
    const wordFrom = afterName + modifier.length;
    switch (modifier.at(-1)) {
      case '-':
        if (useValue && binding) pushBinding(binding);
        else word(wordFrom, close);
        break;
      case '+':
        if (useValue) word(wordFrom, close);
        break;
      default:
        if (useValue && binding) pushBinding(binding);
        else missing(name, raw);
    }
    return close + 1;
  };

  const word = (from: number, to: number): void => {
    let single = false;
    let double = false;
    let i = from;
    while (i < to) {
      const ch = text[i]!;
      if (options.shellQuotes && ch === "'" && !double) {
        single = !single;
        out.flush();
        i++;
      } else if (options.shellQuotes && ch === '"' && !single) {
        double = !double;
        out.flush();
        i++;
      } else if (!single && ch === options.escape && i + 1 < to) {
        out.char(text[i + 1]!, offsetAt(i + 1));
        i += 2;
      } else if (!single && ch === '$' && options.dollarDollar && text[i + 1] === '$') {
        out.char('$', undefined);
        i += 2;
      } else if (!single && ch === '$' && text[i + 1] === '{') {
        i = braced(i, to);
      } else if (!single && ch === '$' && nameAt(i + 1, to) !== undefined) {
        const name = nameAt(i + 1, to)!;
        const binding = lookup(name);
        if (binding) pushBinding(binding);
        else missing(name, `$${name}`);
        i += 1 + name.length;
      } else {
        out.char(ch, offsetAt(i));
        i++;
      }
    }
  };

  word(0, text.length);
  return { segments: out.done(), unresolved: [...unresolved] };
}

/** A binding for a value that is known but written elsewhere (e.g. in `.env`). */
export function externalBinding(value: string, origin: string): Binding {
  return { segments: value === '' ? [] : [{ value, origin }], unresolved: [] };
}
