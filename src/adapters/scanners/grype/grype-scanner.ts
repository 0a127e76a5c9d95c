/**
 * The Scanner port over the `grype` program: `grype registry:IMAGE -o json`, read from the registry (the
 * `registry:` scheme keeps grype away from a local Docker engine), pinned to the platform's digest when
 * the composition root can resolve it.
 */
import type { ScanResult, ScanTarget, Scanner } from '../../../ports/scanner.js';
import { parseJson } from '../shared/json.js';
import { runTool } from '../shared/run-tool.js';
import { platformText, toolImageName, type PinDigest } from '../shared/target.js';
import { parseGrypeReport } from './parse.js';

export interface GrypeScannerOptions {
  /** The program: a name looked up on PATH, or a path. Default "grype". */
  readonly executable?: string;
  readonly env: NodeJS.ProcessEnv;
  /** Registries to reach over plain HTTP or unverified TLS. */
  readonly insecure?: (registry: string) => boolean;
  readonly pin?: PinDigest;
}

export class GrypeScanner implements Scanner {
  readonly name = 'grype';

  constructor(private readonly options: GrypeScannerOptions) {}

  args(target: ScanTarget, pinned: string | null): string[] {
    const platform = pinned === null ? platformText(target) : null;
    return [
      `registry:${toolImageName(target, pinned)}`,
      '-o',
      'json',
      '--quiet',
      ...(platform !== null ? ['--platform', platform] : []),
    ];
  }

  /** Grype takes registry settings from its environment. */
  env(target: ScanTarget): NodeJS.ProcessEnv {
    const insecure = this.options.insecure?.(target.repo.registry) === true;
    return {
      ...this.options.env,
      GRYPE_CHECK_FOR_APP_UPDATE: 'false',
      ...(insecure
        ? { GRYPE_REGISTRY_INSECURE_USE_HTTP: 'true', GRYPE_REGISTRY_INSECURE_SKIP_TLS_VERIFY: 'true' }
        : {}),
    };
  }

  async scan(target: ScanTarget): Promise<ScanResult> {
    const pinned = this.options.pin ? await this.options.pin(target) : null;
    const executable = this.options.executable ?? 'grype';
    const stdout = await runTool(executable, this.args(target, pinned), {
      tool: 'grype',
      setting: 'scan.grypePath',
      env: this.env(target),
    });
    const parsed = parseGrypeReport(parseJson(stdout, 'scanner:grype', `${executable}'s output`), {
      digest: pinned,
    });
    return { ...parsed, scanner: this.name };
  }
}
