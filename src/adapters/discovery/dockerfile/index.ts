/**
 * Dockerfile / Containerfile discovery: `FROM` (flags, `AS name`), `COPY --from=image` and
 * `RUN --mount=…,from=image`, with ARG defaults substituted. Stage names and `scratch` are skipped.
 * ARG scoping follows BuildKit: ARGs before the first FROM are usable in FROM lines; inside a
 * stage only ARGs declared in it (a bare `ARG NAME` inherits the global default).
 */
import type { FileDiscoverer, FileScanResult } from '../../../ports/source.js';
import { Collector } from '../shared/collector.js';
import { expand, type Binding, type ExpandOptions, type Lookup } from '../shared/interpolate.js';
import { after, lexDockerfile, tokens, type Chars, type Token } from './lexer.js';

const NAME = /(^|\/)(?:(?:Dockerfile|Containerfile)(?:\.[^/]+)?|[^/]+\.dockerfile)$/i;
const NOT_A_DOCKERFILE = /\.(?:dockerignore|md)$/i;

const KNOWN = new Set(
  'ADD ARG CMD COPY ENTRYPOINT ENV EXPOSE FROM HEALTHCHECK LABEL MAINTAINER ONBUILD RUN SHELL STOPSIGNAL USER VOLUME WORKDIR'.split(
    ' ',
  ),
);

type Args = Map<string, Binding | undefined>;

function lookupIn(args: Args): Lookup {
  return (name) => args.get(name);
}

function flagValue(token: Token, flag: string): Chars | undefined {
  const prefix = `--${flag}=`;
  return token.text.toLowerCase().startsWith(prefix) ? after(token, prefix.length) : undefined;
}

export function scanDockerfile(path: string, text: string): FileScanResult {
  const out = new Collector(path, 'dockerfile', text);
  const { escape, instructions } = lexDockerfile(text);
  const options: ExpandOptions = { escape, shellQuotes: true };
  const globals: Args = new Map();
  let stageArgs: Args | undefined;
  const stages = new Set<string>();
  let stageCount = 0;

  const expandChars = (chars: Chars, args: Args) =>
    expand(chars.text, (k) => chars.offsets[k], lookupIn(args), options);
  const plain = (chars: Chars, args: Args): string | undefined => {
    const e = expandChars(chars, args);
    return e.unresolved.length > 0 ? undefined : e.segments.map((s) => s.value).join('');
  };

  /** Reports `chars` as an image unless it names `scratch` or an earlier stage. */
  const reference = (chars: Chars, at: number, args: Args, meta: Record<string, string>): void => {
    const e = expandChars(chars, args);
    const resolved = e.segments.map((s) => s.value).join('');
    if (e.unresolved.length === 0 && (resolved === 'scratch' || stages.has(resolved.toLowerCase()))) return;
    if (e.unresolved.length === 0 && /^\d+$/.test(resolved) && Number(resolved) < stageCount) return;
    out.image({ at, segments: e.segments, unresolved: e.unresolved, raw: chars.text, meta });
  };

  for (const ins of instructions) {
    if (!KNOWN.has(ins.keyword)) {
      out.problem(ins.at, `Dockerfile: unknown instruction ${JSON.stringify(ins.keyword.toLowerCase())}`);
      continue;
    }
    const args = tokens(ins.args, escape);
    if (ins.keyword === 'ARG') {
      const scope = stageArgs ?? globals;
      for (const token of args) {
        const eq = token.text.indexOf('=');
        const name = eq === -1 ? token.text : token.text.slice(0, eq);
        if (eq !== -1) {
          const e = expandChars(after(token, eq + 1), scope);
          scope.set(name, { segments: e.segments, unresolved: e.unresolved });
        } else {
          scope.set(name, stageArgs ? globals.get(name) : undefined);
        }
      }
    } else if (ins.keyword === 'FROM') {
      const flags = args.filter((t) => t.text.startsWith('--'));
      const rest = args.filter((t) => !t.text.startsWith('--'));
      const image = rest[0];
      if (!image || !(rest.length === 1 || (rest.length === 3 && rest[1]!.text.toLowerCase() === 'as'))) {
        out.problem(ins.at, 'Dockerfile: FROM needs an image and optionally "AS name"');
        stageArgs = new Map();
        continue;
      }
      const meta: Record<string, string> = {};
      for (const flag of flags) {
        const platform = flagValue(flag, 'platform');
        if (platform) meta.platform = plain(platform, globals) ?? platform.text;
      }
      const alias = rest[2]?.text;
      if (alias) meta.stage = alias;
      reference(image, image.at, globals, meta);
      if (alias) stages.add(alias.toLowerCase());
      stageCount++;
      stageArgs = new Map();
    } else if (!stageArgs) {
      out.problem(ins.at, `Dockerfile: ${ins.keyword} before the first FROM`);
    } else if (ins.keyword === 'COPY') {
      for (const token of args) {
        const from = flagValue(token, 'from');
        if (from) reference(from, from.offsets[0] ?? token.at, stageArgs, { instruction: 'COPY --from' });
      }
    } else if (ins.keyword === 'RUN') {
      for (const token of args) {
        const mount = flagValue(token, 'mount');
        if (!mount) continue;
        let k = 0;
        for (const field of mount.text.split(',')) {
          if (field.startsWith('from=')) {
            const value = { text: field.slice(5), offsets: mount.offsets.slice(k + 5, k + field.length) };
            reference(value, value.offsets[0] ?? token.at, stageArgs, { instruction: 'RUN --mount' });
          }
          k += field.length + 1;
        }
      }
    }
  }
  return out.result();
}

export const dockerfile: FileDiscoverer = {
  kind: 'dockerfile',
  matches: (path) => NAME.test(path) && !NOT_A_DOCKERFILE.test(path),
  scan: (path, text) => scanDockerfile(path, text),
};
