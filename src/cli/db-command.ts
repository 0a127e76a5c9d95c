/** `shipshape db update` and `shipshape db status`: the OSV advisory database the builtin scanner reads. */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AdvisorySource, UpdateProgress } from '../adapters/advisory-db/index.js';
import { createContext, type ContextOptions } from '../main.js';
import type { AdvisoryDbStatus } from '../ports/advisory-db.js';
import { ExitCode } from './exit-codes.js';
import { UsageError } from './usage-error.js';

const DAY_MS = 24 * 60 * 60 * 1000;
type DbFormat = 'table' | 'json';

export interface DbUpdateOptions {
  readonly source?: readonly string[] | undefined;
  readonly ecosystem?: readonly string[] | undefined;
  readonly format: string;
}

function parseFormat(value: string): DbFormat {
  if (value !== 'table' && value !== 'json')
    throw new UsageError(`--format must be one of table, json (got "${value}")`);
  return value;
}

const number = (n: number): string => n.toLocaleString('en-US');

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `https://host/path/Debian/all.zip` → `Debian`. */
function ecosystemOf(url: string): string {
  const parts = url.split('/');
  return decodeURIComponent(parts[parts.length - 2] ?? url);
}

/** A one-line progress bar for downloads (bytes) and loads (records), on a TTY stderr only. */
export function updateProgress(stream: NodeJS.WriteStream): { update(p: UpdateProgress): void; end(): void } {
  if (!stream.isTTY) return { update: () => undefined, end: () => undefined };
  let last = 0;
  let drawn = false;
  const bar = (fraction: number | null): string => {
    const width = 24;
    if (fraction === null) return `[${'?'.repeat(width)}]`;
    const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  };
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 80) return;
      last = now;
      const text =
        p.phase === 'download'
          ? `${bar(p.total ? p.bytes / p.total : null)} ${megabytes(p.bytes)}${p.total ? ` / ${megabytes(p.total)}` : ''}  downloading ${ecosystemOf(p.url)}`
          : `${bar(p.total ? p.entries / p.total : null)} ${number(p.entries)}${p.total ? ` / ${number(p.total)}` : ''} records  loading ${/^https?:/.test(p.source) ? ecosystemOf(p.source) : p.source}`;
      stream.write(`\r\u001b[2K${text.slice(0, (stream.columns || 80) - 1)}`);
      drawn = true;
    },
    end() {
      if (drawn) stream.write('\r\u001b[2K');
    },
  };
}

/**
 * `--source URL|DIR` (repeatable): a URL is an OSV export base (`URL/<ecosystem>/all.zip`) loaded for
 * `--ecosystem`s (default: the configured OSV ecosystems); anything else is a directory of OSV JSON files.
 */
export function sourcesFromOptions(
  sources: readonly string[],
  ecosystems: readonly string[],
  configured: readonly AdvisorySource[],
  cwd: string,
): AdvisorySource[] {
  const fallback = [...new Set(configured.flatMap((s) => (s.kind === 'osv-zip' ? s.ecosystems : [])))];
  return sources.map((source): AdvisorySource => {
    if (/^https?:\/\//.test(source)) {
      const wanted = ecosystems.length > 0 ? ecosystems : fallback;
      if (wanted.length === 0)
        throw new UsageError(`--source ${source} needs --ecosystem NAME (e.g. --ecosystem Debian)`);
      return { kind: 'osv-zip', baseUrl: source, ecosystems: wanted };
    }
    const path = resolve(cwd, source);
    if (!existsSync(path) || !statSync(path).isDirectory())
      throw new UsageError(`--source ${source}: not an http(s) URL and not a directory`);
    return { kind: 'directory', path };
  });
}

function ecosystemLines(ecosystems: Readonly<Record<string, number>>): string[] {
  const entries = Object.entries(ecosystems).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const width = Math.max(0, ...entries.map(([e]) => e.length));
  return entries.map(([e, n]) => `  ${e.padEnd(width)}  ${number(n).padStart(9)}`);
}

function age(updatedAt: number, now: number): string {
  const days = Math.floor((now - updatedAt) / DAY_MS);
  if (days >= 1) return `${days} day${days === 1 ? '' : 's'} ago`;
  const hours = Math.floor((now - updatedAt) / 3_600_000);
  return hours >= 1 ? `${hours} hour${hours === 1 ? '' : 's'} ago` : 'less than an hour ago';
}

function when(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/:\d\d\.\d+Z$/, ' UTC');
}

export async function dbUpdateCommand(
  options: DbUpdateOptions,
  context: Omit<ContextOptions, 'paths' | 'noStore'>,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WriteStream },
): Promise<number> {
  const format = parseFormat(options.format);
  if ((options.ecosystem?.length ?? 0) > 0 && (options.source?.length ?? 0) === 0)
    throw new UsageError('--ecosystem goes with a --source URL');
  const ctx = await createContext({ ...context, paths: ['.'], noStore: true });
  const progress = updateProgress(io.stderr);
  try {
    const { advisories } = ctx.scanning;
    const sources =
      options.source && options.source.length > 0
        ? sourcesFromOptions(options.source, options.ecosystem ?? [], advisories.sources, context.cwd)
        : advisories.sources;
    const result = await advisories.update({ sources, onProgress: (p) => progress.update(p) });
    progress.end();
    const { status } = result;
    if (format === 'json') {
      io.stdout.write(
        JSON.stringify(
          {
            schemaVersion: 1,
            path: status.path,
            updatedAt: status.updatedAt === null ? null : new Date(status.updatedAt).toISOString(),
            advisories: status.advisories,
            ecosystems: status.ecosystems,
            source: status.source,
            records: result.records,
            withdrawn: result.withdrawn,
            duplicates: result.duplicates,
            skipped: result.skipped,
            durationMs: result.durationMs,
          },
          null,
          2,
        ) + '\n',
      );
      return ExitCode.ok;
    }
    io.stdout.write(
      [
        `advisory database updated: ${status.path}`,
        `${number(status.advisories)} advisories from ${status.source ?? 'nowhere'}`,
        ...ecosystemLines(status.ecosystems),
        `read ${number(result.records)} records (${number(result.withdrawn)} withdrawn, ${number(result.duplicates)} duplicates, ${number(result.skipped)} without ranges Shipshape evaluates) in ${(result.durationMs / 1000).toFixed(1)} s`,
      ].join('\n') + '\n',
    );
    return ExitCode.ok;
  } finally {
    progress.end();
    await ctx.close();
  }
}

export interface DbStatusDocument {
  readonly schemaVersion: 1;
  readonly path: string;
  readonly updatedAt: string | null;
  readonly ageDays: number | null;
  readonly advisories: number;
  readonly ecosystems: Readonly<Record<string, number>>;
  readonly source: string | null;
  readonly stale: boolean;
  readonly warning: string | null;
}

export function statusDocument(
  status: AdvisoryDbStatus,
  warning: string | null,
  now: number,
): DbStatusDocument {
  return {
    schemaVersion: 1,
    path: status.path,
    updatedAt: status.updatedAt === null ? null : new Date(status.updatedAt).toISOString(),
    ageDays: status.updatedAt === null ? null : Math.floor(((now - status.updatedAt) / DAY_MS) * 10) / 10,
    advisories: status.advisories,
    ecosystems: status.ecosystems,
    source: status.source,
    stale: warning !== null,
    warning,
  };
}

export async function dbStatusCommand(
  options: { readonly format: string },
  context: Omit<ContextOptions, 'paths' | 'noStore'>,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WriteStream },
): Promise<number> {
  const format = parseFormat(options.format);
  const ctx = await createContext({ ...context, paths: ['.'], noStore: true });
  try {
    const { advisories } = ctx.scanning;
    const status = await advisories.status();
    const now = ctx.clock.now();
    const warning = advisories.staleness(status, now);
    if (warning !== null) io.stderr.write(`warning: ${warning}\n`);
    if (format === 'json') {
      io.stdout.write(JSON.stringify(statusDocument(status, warning, now), null, 2) + '\n');
      return ExitCode.ok;
    }
    const lines = [`advisory database  ${status.path}`];
    if (status.updatedAt === null) lines.push('updated            never (run `shipshape db update`)');
    else {
      lines.push(`updated            ${when(status.updatedAt)} (${age(status.updatedAt, now)})`);
      lines.push(`source             ${status.source ?? 'unknown'}`);
      lines.push(`advisories         ${number(status.advisories)}`);
      lines.push(...ecosystemLines(status.ecosystems));
    }
    io.stdout.write(lines.join('\n') + '\n');
    return ExitCode.ok;
  } finally {
    await ctx.close();
  }
}
