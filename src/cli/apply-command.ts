import { APPLY_TYPES, type ApplySelection } from '../app/apply-plan.js';
import { runApply, type ApplyOutcome } from '../app/apply.js';
import type { ReportUpdateType } from '../core/plan/report.js';
import { splitImageRef } from '../core/rewrite/index.js';
import { createContext, type ContextOptions } from '../main.js';
import { ExitCode } from './exit-codes.js';
import { createProgress } from './progress.js';
import { UsageError } from './usage-error.js';

export type ApplyFormat = 'table' | 'json';
const FORMATS: readonly ApplyFormat[] = ['table', 'json'];

export interface ApplyCommandOptions {
  readonly format: string;
  readonly type?: string | undefined;
  readonly only?: readonly string[] | undefined;
  readonly pinDigests: boolean;
  readonly dryRun: boolean;
  readonly branch?: string | undefined;
  readonly refresh: boolean;
  readonly store: boolean;
}

export function parseTypes(value: string | undefined): ReportUpdateType[] | null {
  if (value === undefined) return null;
  const parts = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) throw new UsageError(`--type takes ${APPLY_TYPES.join(', ')} (comma-separated)`);
  for (const p of parts)
    if (!(APPLY_TYPES as readonly string[]).includes(p))
      throw new UsageError(`--type takes ${APPLY_TYPES.join(', ')} (got "${p}")`);
  return parts as ReportUpdateType[];
}

/** `--only a,b --only c` → ["a", "b", "c"]. */
export function parseOnly(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

function versionText(v: { tag: string | null; digest: string | null }): string {
  const digest = v.digest === null ? '' : `@${v.digest.slice(0, 19)}`;
  return `${v.tag ?? ''}${digest}`;
}

export function formatApplyTable(outcome: ApplyOutcome): string {
  const r = outcome.report;
  const lines: string[] = [];
  const verb = r.dryRun ? 'Would apply' : 'Applied';
  const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  if (r.applied.length === 0) lines.push('Nothing to apply.');
  else {
    lines.push(`${verb} ${count(r.applied.length, 'update')} to ${count(r.files.length, 'file')}:`);
    for (const a of r.applied) {
      const split = splitImageRef(a.image);
      const name = split.ok ? split.parts.name : a.image;
      lines.push(`  ${a.file}:${a.line}  ${name} ${versionText(a.from)} → ${versionText(a.to)} (${a.type})`);
    }
  }
  if (r.skipped.length > 0) {
    lines.push(`Skipped ${count(r.skipped.length, 'reference')}:`);
    for (const s of r.skipped)
      lines.push(`  ${s.failed ? '✗' : '-'} ${s.file}:${s.line}  ${s.image}  ${s.reason}`);
  }
  for (const p of r.problems ?? []) lines.push(`✗ ${p.file}:${p.line}:${p.column}: ${p.message}`);
  if (r.branch !== null) {
    lines.push(`On new branch ${r.branch} with ${count(r.commits.length, 'commit')} (not pushed):`);
    r.commits.forEach((sha, i) => lines.push(`  ${sha.slice(0, 12)} ${outcome.commitMessages[i] ?? ''}`));
  }
  return lines.join('\n') + '\n';
}

export async function applyCommand(
  paths: readonly string[],
  options: ApplyCommandOptions,
  context: Omit<ContextOptions, 'paths' | 'noStore'>,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WriteStream },
): Promise<number> {
  if (!(FORMATS as readonly string[]).includes(options.format))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${options.format}")`);
  const selection: ApplySelection = {
    types: parseTypes(options.type),
    only: parseOnly(options.only),
    pinDigests: options.pinDigests,
  };
  const branch = options.branch ?? null;
  if (branch !== null && branch.trim() === '') throw new UsageError('--branch needs a name');

  const roots = paths.length > 0 ? paths : ['.'];
  const ctx = await createContext({ ...context, paths: roots, noStore: !options.store });
  const progress = createProgress(io.stderr);
  let outcome: ApplyOutcome;
  try {
    outcome = await runApply(
      {
        ...ctx.checkDeps((done, total, label) => progress.update(done, total, label)),
        files: ctx.files,
        git: ctx.git,
      },
      {
        sources: ctx.fileSources(roots),
        policy: ctx.config.policy,
        platform: ctx.config.platform,
        cacheTtlMs: ctx.config.cacheTtlMs,
        refresh: options.refresh,
        concurrency: context.concurrency ?? 32,
        // preferFixes and blockIntroduced act on apply's choice when check scans (scan.inCheck).
        vulnerabilities: ctx.config.scan.inCheck,
        selection,
        dryRun: options.dryRun,
        branch,
        cwd: context.cwd,
      },
    );
  } finally {
    progress.end();
    await ctx.close();
  }

  if (options.format === 'json') io.stdout.write(JSON.stringify(outcome.report, null, 2) + '\n');
  else if (outcome.report.dryRun) {
    // stdout carries only the patch (`patch -p1` applies it here); the summary goes to stderr.
    io.stdout.write(outcome.report.diff ?? '');
    io.stderr.write(formatApplyTable(outcome));
  } else io.stdout.write(formatApplyTable(outcome));
  return outcome.failed ? ExitCode.unresolved : ExitCode.ok;
}
