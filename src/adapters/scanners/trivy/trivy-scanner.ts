/**
 * The Scanner port over the `trivy` program: `trivy image --format json --list-all-pkgs IMAGE`, pulling the
 * image from its registry itself (never a local Docker engine), pinned to the platform's digest when the
 * composition root can resolve it.
 */
import type { ScanResult, ScanTarget, Scanner } from '../../../ports/scanner.js';
import { parseJson } from '../shared/json.js';
import { runTool } from '../shared/run-tool.js';
import { platformText, toolImageName, type PinDigest } from '../shared/target.js';
import { parseTrivyReport } from './parse.js';

export interface TrivyScannerOptions {
  /** The program: a name looked up on PATH, or a path. Default "trivy". */
  readonly executable?: string;
  readonly env: NodeJS.ProcessEnv;
  /** Registries to reach over plain HTTP or unverified TLS (`--insecure`). */
  readonly insecure?: (registry: string) => boolean;
  readonly pin?: PinDigest;
}

export class TrivyScanner implements Scanner {
  readonly name = 'trivy';

  constructor(private readonly options: TrivyScannerOptions) {}

  /** The arguments for one image; public for tests and `--log-level debug`. */
  args(target: ScanTarget, pinned: string | null): string[] {
    const platform = pinned === null ? platformText(target) : null;
    return [
      'image',
      '--format',
      'json',
      '--list-all-pkgs',
      '--scanners',
      'vuln',
      '--quiet',
      '--image-src',
      'remote',
      ...(this.options.insecure?.(target.repo.registry) ? ['--insecure'] : []),
      ...(platform !== null ? ['--platform', platform] : []),
      toolImageName(target, pinned),
    ];
  }

  async scan(target: ScanTarget): Promise<ScanResult> {
    const pinned = this.options.pin ? await this.options.pin(target) : null;
    const executable = this.options.executable ?? 'trivy';
    const stdout = await runTool(executable, this.args(target, pinned), {
      tool: 'trivy',
      setting: 'scan.trivyPath',
      env: this.options.env,
    });
    const parsed = parseTrivyReport(parseJson(stdout, 'scanner:trivy', `${executable}'s output`), {
      digest: pinned,
    });
    return { ...parsed, scanner: this.name };
  }
}
