import { runCheck } from '../app/check.js';
import type { CheckReport, ReportUpdateType } from '../core/plan/report.js';
import type { Policy } from '../core/policy/index.js';
import { createContext, type ContextOptions } from '../main.js';
import { ExitCode } from './exit-codes.js';
import { formatMarkdown } from './format/markdown.js';
import { formatTable } from './format/table.js';
import { createProgress } from './progress.js';
import { UsageError } from './usage-error.js';

export type CheckFormat = 'table' | 'json' | 'markdown';
const FORMATS: readonly CheckFormat[] = ['table', 'json', 'markdown'];
const FAIL_ON = ['updates', 'major', 'minor', 'patch', 'digest', 'pin', 'errors', 'none'] as const;
type FailOn = (typeof FAIL_ON)[number];

export interface CheckCommandOptions {
  readonly format: string;
  readonly failOn?: string | undefined;
  readonly refresh: boolean;
  readonly store: boolean;
  /** Check the running containers of the Docker hosts (too, when paths are given). */
  readonly docker?: boolean;
  /** With `docker`: only these hosts. */
  readonly host?: readonly string[] | undefined;
  /** Scan candidates for their vulnerability delta; undefined: `scan.inCheck` decides. */
  readonly vulnerabilities?: boolean | undefined;
}

const VULNERABILITY_SETTINGS = ['blockIntroduced', 'preferFixes', 'securityBypassesAge'] as const;

/** The vulnerability policy settings a policy sets (defaults or rules), for the "they do nothing" warning. */
export function vulnerabilityPolicyInUse(policy: Policy): string[] {
  const used = new Set<string>();
  for (const s of [policy.defaults, ...policy.rules.map((r) => r.settings)]) {
    if (s.blockIntroduced !== undefined && s.blockIntroduced !== 'none') used.add('blockIntroduced');
    if (s.preferFixes === true) used.add('preferFixes');
    if (s.securityBypassesAge === true) used.add('securityBypassesAge');
  }
  return VULNERABILITY_SETTINGS.filter((k) => used.has(k));
}

export function parseFormat(value: string): CheckFormat {
  if (!(FORMATS as readonly string[]).includes(value))
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${value}")`);
  return value as CheckFormat;
}

export function parseFailOn(value: string | undefined): FailOn[] {
  if (value === undefined) return [];
  const parts = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const p of parts)
    if (!(FAIL_ON as readonly string[]).includes(p))
      throw new UsageError(`--fail-on takes ${FAIL_ON.join(', ')} (got "${p}")`);
  return parts as FailOn[];
}

const SEVERITY: Record<ReportUpdateType, number> = { pin: 0, digest: 1, patch: 2, minor: 3, major: 4 };

/** Whether the report trips `--fail-on`: `updates` = any update; a type = that type or a bigger one. */
export function failsOn(report: CheckReport, failOn: readonly FailOn[]): boolean {
  for (const f of failOn) {
    if (f === 'none') continue;
    if (f === 'errors' && report.summary.errors > 0) return true;
    if (f === 'updates' && report.summary.updateAvailable > 0) return true;
    if (f !== 'errors' && f !== 'updates') {
      const min = SEVERITY[f];
      if (report.references.some((r) => r.updates.some((u) => SEVERITY[u.type] >= min))) return true;
    }
  }
  return false;
}

export async function checkCommand(
  paths: readonly string[],
  options: CheckCommandOptions,
  context: Omit<ContextOptions, 'paths' | 'noStore'>,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WriteStream; color: boolean },
): Promise<number> {
  const format = parseFormat(options.format);
  const failOn = parseFailOn(options.failOn);
  if (options.host !== undefined && options.host.length > 0 && !options.docker)
    throw new UsageError('--host needs --docker');
  const roots = paths.length > 0 ? paths : ['.'];
  const ctx = await createContext({ ...context, paths: roots, noStore: !options.store });
  const vulnerabilities = options.vulnerabilities ?? ctx.config.scan.inCheck;
  const inUse = vulnerabilityPolicyInUse(ctx.config.policy);
  if (!vulnerabilities && inUse.length > 0)
    ctx.logger.warn(
      `policy ${inUse.join(', ')} need vulnerability scanning, which is off: set scan.inCheck: true or pass --vulnerabilities`,
    );
  const progress = createProgress(io.stderr);
  let report: CheckReport;
  try {
    report = await runCheck(
      ctx.checkDeps((done, total, label) => progress.update(done, total, label)),
      {
        sources: [
          // --docker alone checks containers only; PATHs add their files.
          ...(options.docker && paths.length === 0 ? [] : ctx.fileSources(roots)),
          ...(options.docker ? [ctx.containerSource(options.host)] : []),
        ],
        policy: ctx.config.policy,
        platform: ctx.config.platform,
        cacheTtlMs: ctx.config.cacheTtlMs,
        refresh: options.refresh,
        concurrency: context.concurrency ?? 32,
        vulnerabilities,
      },
    );
  } finally {
    progress.end();
    await ctx.close();
  }
  if (format === 'json') io.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else if (format === 'markdown') io.stdout.write(formatMarkdown(report));
  else io.stdout.write(formatTable(report, { color: io.color }));

  if (report.summary.errors > 0) return ExitCode.unresolved;
  if (failsOn(report, failOn)) return ExitCode.updatesFound;
  return ExitCode.ok;
}
