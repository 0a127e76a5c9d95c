/**
 * A Scanner over a report another scanner already wrote (Trivy `--format json` or Grype `-o json`): the
 * format is recognised from the content. The target only names the image; nothing is pulled.
 */
import { readFile } from 'node:fs/promises';
import { ShipshapeError } from '../../../core/errors.js';
import type { ScanResult, ScanTarget, Scanner } from '../../../ports/scanner.js';
import { parseGrypeReport } from '../grype/parse.js';
import { parseTrivyReport } from '../trivy/parse.js';
import { isObject, parseJson } from './json.js';
import { isDigest } from './target.js';

export type ReportFormat = 'trivy' | 'grype';

export function detectReportFormat(report: unknown): ReportFormat | null {
  if (!isObject(report)) return null;
  if ('SchemaVersion' in report || 'Results' in report) return 'trivy';
  if ('matches' in report) return 'grype';
  return null;
}

export class ReportScanner implements Scanner {
  readonly name: string;

  constructor(
    private readonly path: string,
    private readonly expected: ReportFormat | null = null,
  ) {
    this.name = expected ?? 'report';
  }

  async scan(target: ScanTarget): Promise<ScanResult> {
    const source = 'scanner:report';
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      throw new ShipshapeError(
        'USAGE',
        source,
        `cannot read the report ${this.path}: ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    }
    const report = parseJson(text, source, `the report ${this.path}`);
    const format = detectReportFormat(report);
    if (format === null)
      throw new ShipshapeError(
        'USAGE',
        source,
        `${this.path} is neither a Trivy (--format json) nor a Grype (-o json) report`,
      );
    if (this.expected !== null && format !== this.expected)
      throw new ShipshapeError(
        'USAGE',
        source,
        `${this.path} is a ${format} report, but the scanner is ${this.expected}`,
      );
    const digest = isDigest(target.reference) ? target.reference : null;
    const parsed = format === 'trivy' ? parseTrivyReport(report) : parseGrypeReport(report);
    const warnings = [...parsed.warnings];
    if (digest !== null && parsed.inventory.imageDigest !== digest)
      warnings.push(
        `the report ${this.path} is about ${parsed.inventory.imageDigest}, not ${digest} as the image reference says`,
      );
    return { ...parsed, warnings, scanner: format };
  }
}
