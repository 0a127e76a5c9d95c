/**
 * Splits a command line into argv the way a POSIX shell splits words — quotes and backslashes only,
 * no expansion — so `shipshape.test` runs without needing a shell in the image.
 */
export type SplitResult = { ok: true; argv: string[] } | { ok: false; error: string };

export function splitCommand(text: string): SplitResult {
  const argv: string[] = [];
  let word: string | null = null;
  let i = 0;
  const add = (s: string): void => {
    word = (word ?? '') + s;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return { ok: false, error: "unterminated ' quote" };
      add(text.slice(i + 1, end));
      i = end + 1;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      for (; j < text.length && text[j] !== '"'; j++) {
        const next = text[j + 1];
        if (text[j] === '\\' && next !== undefined && '"\\$`'.includes(next)) {
          s += next;
          j++;
        } else s += text[j];
      }
      if (j >= text.length) return { ok: false, error: 'unterminated " quote' };
      add(s);
      i = j + 1;
    } else if (c === '\\') {
      if (i + 1 >= text.length) return { ok: false, error: 'trailing backslash' };
      add(text[i + 1]!);
      i += 2;
    } else if (/\s/.test(c)) {
      if (word !== null) argv.push(word);
      word = null;
      i++;
    } else {
      add(c);
      i++;
    }
  }
  if (word !== null) argv.push(word);
  return { ok: true, argv };
}
