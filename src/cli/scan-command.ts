import { runScan, type ScanSubject } from '../app/scan.js';
import { cyclonedxBom } from '../adapters/sbom/cyclonedx/index.js';
import { effectiveTag, parseImageRef, repoRefOf, type ImageRef } from '../core/image-ref/index.js';
import { failsOn, isSeverity, type Severity } from '../core/vuln/index.js';
import { createContext, VERSION, type ContextOptions } from '../main.js';
import type { Platform } from '../ports/registry.js';
import { ExitCode } from './exit-codes.js';
import { formatScanTable } from './scan-format.js';
import { UsageError } from './usage-error.js';

export const SCAN_FORMATS = ['table', 'json', 'cyclonedx'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];
export const SCAN_SCANNERS = ['builtin', 'trivy', 'grype'] as const;
type ScannerChoice = (typeof SCAN_SCANNERS)[number];
const FAIL_ON = ['critical', 'high', 'medium', 'low', 'unknown', 'none'] as const;

export interface ScanCommandOptions {
  readonly against?: string | undefined;
  readonly format: string;
  readonly failOn?: string | undefined;
  readonly scanner?: string | undefined;
  readonly platform?: string | undefined;
  readonly report?: string | undefined;
  readonly againstReport?: string | undefined;
  readonly store: boolean;
}

function oneOf<T extends string>(what: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${what} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

/** `--fail-on high`: a severity, or none. `unknown` trips on any finding. */
export function parseFailOnSeverity(value: string | undefined): Severity | null {
  if (value === undefined) return null;
  const v = oneOf('--fail-on', value.trim().toLowerCase(), FAIL_ON);
  return isSeverity(v) ? v : null;
}

export function parsePlatform(value: string): Platform {
  const match = /^([a-z0-9]+)\/([a-z0-9_]+)(?:\/([a-z0-9]+))?$/.exec(value);
  if (!match) throw new UsageError(`--platform must be os/arch[/variant], e.g. linux/arm64 (got "${value}")`);
  return match[3]
    ? { os: match[1]!, architecture: match[2]!, variant: match[3] }
    : { os: match[1]!, architecture: match[2]! };
}

function reference(ref: ImageRef): string {
  return ref.digest ?? effectiveTag(ref) ?? 'latest';
}

/**
 * `shipshape scan IMAGE [--against OLD]`. Exit codes: 0 ok, 1 `--fail-on` tripped (with --against: by an
 * introduced finding), 2 usage or configuration, 3 an image could not be scanned.
 */
export async function scanCommand(
  image: string,
  options: ScanCommandOptions,
  context: Omit<ContextOptions, 'paths' | 'noStore'>,
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WriteStream; color: boolean },
): Promise<number> {
  const format = oneOf('--format', options.format, SCAN_FORMATS);
  const failOn = parseFailOnSeverity(options.failOn);
  const scanner =
    options.scanner === undefined
      ? undefined
      : oneOf<ScannerChoice>('--scanner', options.scanner, SCAN_SCANNERS);
  const platform = options.platform === undefined ? undefined : parsePlatform(options.platform);
  if (options.againstReport !== undefined && options.against === undefined)
    throw new UsageError('--against-report needs --against IMAGE');
  if (scanner === 'builtin' && (options.report !== undefined || options.againstReport !== undefined))
    throw new UsageError('--report reads a trivy or grype report; it cannot be used with --scanner builtin');
  const ref = parseImageRef(image);
  const againstRef = options.against === undefined ? null : parseImageRef(options.against);

  const ctx = await createContext({ ...context, paths: ['.'], noStore: !options.store });
  try {
    const subject = (r: ImageRef, report: string | undefined): ScanSubject => ({
      ref: r,
      target: { repo: repoRefOf(r), reference: reference(r), platform: platform ?? ctx.config.platform },
      scanner: ctx.scanning.scanner({
        ...(scanner !== undefined ? { name: scanner } : {}),
        ...(report !== undefined ? { report } : {}),
      }),
    });
    const outcome = await runScan({
      image: subject(ref, options.report),
      ...(againstRef !== null ? { against: subject(againstRef, options.againstReport) } : {}),
    });
    if (!outcome.ok) {
      const which = outcome.failed === 'against' ? '--against image ' : '';
      io.stderr.write(`error: cannot scan ${which}${outcome.reference}: ${outcome.error.message}\n`);
      const usage = ['USAGE', 'CONFIG_INVALID', 'INVALID_REFERENCE'].includes(outcome.error.code);
      return usage ? ExitCode.usage : ExitCode.unresolved;
    }
    const { report } = outcome;
    for (const warning of report.warnings) io.stderr.write(`warning: ${warning}\n`);
    if (format === 'json') io.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else if (format === 'cyclonedx') {
      const bom = cyclonedxBom({
        image: report.image,
        inventory: outcome.inventory,
        findings: report.findings,
        tool: { name: 'shipshape', version: VERSION },
      });
      io.stdout.write(JSON.stringify(bom, null, 2) + '\n');
    } else io.stdout.write(formatScanTable(report, { color: io.color }));
    // 1, as for `check --fail-on`: the condition the pipeline asked about holds.
    return failOn !== null && failsOn(report, failOn) ? ExitCode.updatesFound : ExitCode.ok;
  } finally {
    await ctx.close();
  }
}
