/**
 * Dockerfile lexing as BuildKit does it: parser directives (`# escape=`), comments, line
 * continuations (comment and blank lines inside them skipped), heredoc bodies skipped. Every
 * char of an instruction keeps its file offset, so spans can point back into the file.
 */
export interface Chars {
  readonly text: string;
  /** File offset of each char of `text`. */
  readonly offsets: readonly number[];
}

export interface Instruction {
  /** Upper-cased keyword, e.g. `FROM`. */
  readonly keyword: string;
  /** File offset of the keyword. */
  readonly at: number;
  /** Everything after the keyword and its whitespace. */
  readonly args: Chars;
}

export interface Lexed {
  readonly escape: '\\' | '`';
  readonly instructions: Instruction[];
}

interface Line {
  readonly start: number;
  readonly text: string;
}

function physicalLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const contentEnd = end > start && text[end - 1] === '\r' ? end - 1 : end;
    lines.push({ start, text: text.slice(start, contentEnd) });
    start = end + 1;
  }
  return lines;
}

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const HEREDOC = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;
const isBlankOrComment = (line: string): boolean => /^\s*(#|$)/.test(line);

export function lexDockerfile(text: string): Lexed {
  const lines = physicalLines(text);
  let escape: '\\' | '`' = '\\';
  let i = 0;
  for (; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i]!.text);
    if (!m) break;
    if (m[1]!.toLowerCase() === 'escape' && (m[2] === '\\' || m[2] === '`')) escape = m[2];
  }
  const continuation = new RegExp(`${escape === '\\' ? '\\\\' : '`'}[ \\t]*$`);
  const instructions: Instruction[] = [];

  while (i < lines.length) {
    if (isBlankOrComment(lines[i]!.text)) {
      i++;
      continue;
    }
    let chars = '';
    const offsets: number[] = [];
    for (;;) {
      const line = lines[i++]!;
      const m = continuation.exec(line.text);
      const content = m ? line.text.slice(0, m.index) : line.text;
      chars += content;
      for (let k = 0; k < content.length; k++) offsets.push(line.start + k);
      if (!m) break;
      while (i < lines.length && isBlankOrComment(lines[i]!.text)) i++;
      if (i >= lines.length) break;
    }
    const lead = /^\s*/.exec(chars)![0].length;
    const keywordEnd = chars.slice(lead).search(/\s|$/) + lead;
    const argsStart = keywordEnd + /^\s*/.exec(chars.slice(keywordEnd))![0].length;
    const keyword = chars.slice(lead, keywordEnd).toUpperCase();
    instructions.push({
      keyword,
      at: offsets[lead] ?? 0,
      args: { text: chars.slice(argsStart), offsets: offsets.slice(argsStart) },
    });
    if (keyword === 'RUN' || keyword === 'COPY' || keyword === 'ADD') {
      for (const h of chars.matchAll(HEREDOC)) {
        const dash = h[1] === '-';
        while (i < lines.length) {
          const body = lines[i++]!.text;
          if ((dash ? body.replace(/^\t+/, '') : body) === h[3]) break;
        }
      }
    }
  }
  return { escape, instructions };
}

export interface Token extends Chars {
  /** File offset of the token's first char. */
  readonly at: number;
}

/** Splits instruction arguments on whitespace outside quotes. */
export function tokens(args: Chars, escape: string): Token[] {
  const out: Token[] = [];
  let from = -1;
  let quote: string | undefined;
  const push = (to: number): void => {
    if (from === -1) return;
    out.push({
      text: args.text.slice(from, to),
      offsets: args.offsets.slice(from, to),
      at: args.offsets[from]!,
    });
    from = -1;
  };
  for (let k = 0; k < args.text.length; k++) {
    const ch = args.text[k]!;
    if (quote === undefined && /\s/.test(ch)) {
      push(k);
      continue;
    }
    if (from === -1) from = k;
    if (ch === escape && quote !== "'") k++;
    else if (quote === undefined && (ch === '"' || ch === "'")) quote = ch;
    else if (ch === quote) quote = undefined;
  }
  push(args.text.length);
  return out;
}

/** The part of a token after `prefix` (e.g. the value of `--from=`), offsets kept. */
export function after(token: Chars, prefixLength: number): Chars {
  return { text: token.text.slice(prefixLength), offsets: token.offsets.slice(prefixLength) };
}
