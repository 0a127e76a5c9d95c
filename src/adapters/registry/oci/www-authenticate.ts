/**
 * RFC 7235 `WWW-Authenticate` parsing. One header may carry several challenges separated by commas, and
 * parameter values may be quoted strings holding commas, spaces and escaped quotes, so splitting on ","
 * is not enough: this is a small scanner.
 */
export interface Challenge {
  /** Lower-cased auth scheme: "bearer", "basic", … */
  readonly scheme: string;
  /** Parameters with lower-cased names and unescaped values. */
  readonly params: Readonly<Record<string, string>>;
  readonly token68?: string;
}

const TCHAR = /[!#$%&'*+.^_`|~0-9A-Za-z-]/;
const TOKEN68_CHAR = /[A-Za-z0-9._~+/-]/;

interface MutableChallenge {
  scheme: string;
  params: Record<string, string>;
  token68?: string;
}

export function parseWwwAuthenticate(header: string | readonly string[] | undefined | null): Challenge[] {
  if (header === undefined || header === null) return [];
  if (typeof header !== 'string') return header.flatMap((h) => parseWwwAuthenticate(h));
  return new Scanner(header).challenges();
}

class Scanner {
  private i = 0;
  constructor(private readonly s: string) {}

  challenges(): Challenge[] {
    const out: MutableChallenge[] = [];
    let current: MutableChallenge | undefined;
    while (this.i < this.s.length) {
      this.skip(/[ \t,]/);
      if (this.i >= this.s.length) break;
      const start = this.i;
      const token = this.read(TCHAR);
      if (token === '') {
        this.i++; // garbage: skip one character and resynchronise
        continue;
      }
      if (current && this.paramFollows()) {
        current.params[token.toLowerCase()] = this.paramValue();
        continue;
      }
      if (!current && this.paramFollows()) {
        this.paramValue(); // a parameter before any scheme: ignore it
        continue;
      }
      this.i = start + token.length;
      current = { scheme: token.toLowerCase(), params: {} };
      out.push(current);
      const token68 = this.token68();
      if (token68 !== null) current.token68 = token68;
    }
    return out;
  }

  private skip(re: RegExp): void {
    while (this.i < this.s.length && re.test(this.s[this.i]!)) this.i++;
  }

  private read(re: RegExp): string {
    const start = this.i;
    this.skip(re);
    return this.s.slice(start, this.i);
  }

  /** After a token: `=` then a value (not another `=`, a comma or the end) means the token named a parameter. */
  private paramFollows(): boolean {
    let k = this.i;
    while (this.s[k] === ' ' || this.s[k] === '\t') k++;
    if (this.s[k] !== '=') return false;
    k++;
    while (this.s[k] === ' ' || this.s[k] === '\t') k++;
    return k < this.s.length && this.s[k] !== ',' && this.s[k] !== '=';
  }

  private paramValue(): string {
    this.skip(/[ \t]/);
    this.i++; // "="
    this.skip(/[ \t]/);
    if (this.s[this.i] !== '"') return this.read(/[^,\s]/);
    this.i++;
    let value = '';
    while (this.i < this.s.length && this.s[this.i] !== '"') {
      if (this.s[this.i] === '\\' && this.i + 1 < this.s.length) this.i++;
      value += this.s[this.i];
      this.i++;
    }
    this.i++; // closing quote (or past the end when unterminated)
    return value;
  }

  /** A token68 right after a scheme (`Basic dXNlcjpwdw==`), or null (then the position is unchanged). */
  private token68(): string | null {
    const save = this.i;
    this.skip(/[ \t]/);
    const run = this.read(TOKEN68_CHAR);
    const padded = run + this.read(/=/);
    this.skip(/[ \t]/);
    if (run !== '' && (this.i >= this.s.length || this.s[this.i] === ',')) return padded;
    this.i = save;
    return null;
  }
}

/** The first challenge with the given scheme (case-insensitive), if any. */
export function findChallenge(challenges: readonly Challenge[], scheme: string): Challenge | undefined {
  const wanted = scheme.toLowerCase();
  return challenges.find((c) => c.scheme === wanted);
}
