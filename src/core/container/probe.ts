/**
 * The `shipshape.probe` label: one health probe a rollout waits on.
 *
 *   http://[HOST]:PORT[/PATH] [STATUS] [BODY]     https:// alike
 *   tcp://[HOST]:PORT
 *
 * HOST omitted: the container itself. STATUS: codes, classes or ranges, comma-separated (`200`, `2xx`,
 * `200-204`, `200,301`); default `2xx`. BODY: the rest of the label, a regular expression searched in the
 * response body; write `/…/flags` to use flags or to match text that looks like a status.
 */

export interface StatusRange {
  readonly min: number;
  readonly max: number;
}

export interface BodyPattern {
  readonly source: string;
  readonly flags: string;
}

export type Probe =
  | {
      readonly kind: 'http';
      readonly scheme: 'http' | 'https';
      /** null: the container itself. */
      readonly host: string | null;
      readonly port: number;
      /** Path and query, starting with "/". */
      readonly path: string;
      readonly status: readonly StatusRange[];
      readonly body: BodyPattern | null;
    }
  | { readonly kind: 'tcp'; readonly host: string | null; readonly port: number };

export const DEFAULT_STATUS: readonly StatusRange[] = [{ min: 200, max: 299 }];

const TARGET = /^(https?|tcp):\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]*):(\d{1,5})(\/\S*)?$/;
const STATUS_ITEM = /^(?:(\d)xx|(\d{3})(?:-(\d{3}))?)$/;
const REGEX_LITERAL = /^\/(.*)\/([a-z]*)$/s;

export type ProbeResult = { ok: true; probe: Probe } | { ok: false; error: string };

export function parseProbe(text: string): ProbeResult {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  const target = space < 0 ? trimmed : trimmed.slice(0, space);
  const rest = space < 0 ? '' : trimmed.slice(space).trim();
  const m = TARGET.exec(target);
  if (m === null)
    return {
      ok: false,
      error: `invalid probe ${JSON.stringify(target)}; expected http://[host]:port/path, https://… or tcp://[host]:port`,
    };
  const [, scheme = '', rawHost = '', rawPort = '', path] = m;
  const port = Number(rawPort);
  if (port < 1 || port > 65535)
    return { ok: false, error: `invalid port ${rawPort} in probe; expected 1-65535` };
  const host = rawHost === '' ? null : rawHost;
  if (scheme === 'tcp') {
    if (path !== undefined) return { ok: false, error: 'a tcp:// probe has no path' };
    if (rest !== '')
      return { ok: false, error: `a tcp:// probe takes no status or body (got ${JSON.stringify(rest)})` };
    return { ok: true, probe: { kind: 'tcp', host, port } };
  }
  let status = DEFAULT_STATUS;
  let bodyText = rest;
  const firstWord = rest.split(/\s+/, 1)[0] ?? '';
  if (firstWord !== '') {
    const parsed = parseStatus(firstWord);
    if (parsed !== null) {
      status = parsed;
      bodyText = rest.slice(firstWord.length).trim();
    } else if (/^[\d,x-]+$/.test(firstWord)) {
      return {
        ok: false,
        error: `invalid status ${JSON.stringify(firstWord)} in probe; expected codes, classes or ranges such as 200, 2xx, 200-204`,
      };
    }
  }
  const body = bodyText === '' ? null : parseBody(bodyText);
  if (body !== null && 'error' in body) return { ok: false, error: body.error };
  return {
    ok: true,
    probe: { kind: 'http', scheme: scheme as 'http' | 'https', host, port, path: path ?? '/', status, body },
  };
}

function parseStatus(word: string): StatusRange[] | null {
  const out: StatusRange[] = [];
  for (const item of word.split(',')) {
    const m = STATUS_ITEM.exec(item);
    if (m === null) return null;
    const [, klass, from, to] = m;
    const range =
      klass !== undefined
        ? { min: Number(klass) * 100, max: Number(klass) * 100 + 99 }
        : { min: Number(from), max: Number(to ?? from) };
    if (range.min < 100 || range.max > 599 || range.min > range.max) return null;
    out.push(range);
  }
  return out;
}

function parseBody(text: string): BodyPattern | { error: string } {
  const literal = REGEX_LITERAL.exec(text);
  const source = literal?.[1] ?? text;
  const flags = literal?.[2] ?? '';
  if (/[^imsu]/.test(flags))
    return { error: `invalid body pattern flags "${flags}" in probe; use i, m, s or u` };
  try {
    new RegExp(source, flags);
  } catch (e) {
    return { error: `invalid body pattern in probe: ${(e as Error).message}` };
  }
  return { source, flags };
}

export function statusMatches(probe: Extract<Probe, { kind: 'http' }>, status: number): boolean {
  return probe.status.some((r) => status >= r.min && status <= r.max);
}

export function bodyMatches(probe: Extract<Probe, { kind: 'http' }>, body: string): boolean {
  return probe.body === null || new RegExp(probe.body.source, probe.body.flags).test(body);
}

/** The probe written back in the label syntax (for reports and logs). */
export function formatProbe(probe: Probe): string {
  const host = probe.host ?? '';
  if (probe.kind === 'tcp') return `tcp://${host}:${probe.port}`;
  const status = probe.status.map((r) => (r.min === r.max ? String(r.min) : `${r.min}-${r.max}`)).join(',');
  const body = probe.body === null ? '' : ` /${probe.body.source}/${probe.body.flags}`;
  return `${probe.scheme}://${host}:${probe.port}${probe.path} ${status}${body}`;
}
