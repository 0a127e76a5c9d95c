/**
 * The scan use case: scan an image (and, with `against`, the image it replaces) through the Scanner port,
 * then build the report in the pure core. `scan NEW --against OLD`: fixed = in OLD not in NEW,
 * introduced = in NEW not in OLD.
 */
import { isShipshapeError, type ShipshapeError } from '../core/errors.js';
import { formatImageRef, type ImageRef } from '../core/image-ref/index.js';
import { buildScanReport, type ScannedImage, type ScanReport } from '../core/vuln/index.js';
import type { ScanResult, ScanTarget, Scanner } from '../ports/scanner.js';

export interface ScanSubject {
  /** The reference as parsed, for the report. */
  readonly ref: ImageRef;
  readonly target: ScanTarget;
  readonly scanner: Scanner;
}

export interface ScanRequest {
  readonly image: ScanSubject;
  readonly against?: ScanSubject;
}

export type ScanOutcome =
  | { readonly ok: true; readonly report: ScanReport; readonly inventory: ScanResult['inventory'] }
  | {
      readonly ok: false;
      /** Which image could not be scanned. */
      readonly failed: 'image' | 'against';
      readonly reference: string;
      readonly error: ShipshapeError;
    };

function platformText(target: ScanTarget): string | null {
  const p = target.platform;
  return p ? [p.os, p.architecture, p.variant].filter(Boolean).join('/') : null;
}

function scanned(subject: ScanSubject, result: ScanResult): ScannedImage {
  return {
    ref: subject.ref,
    platform: platformText(subject.target),
    inventory: result.inventory,
    findings: result.findings,
    warnings: result.warnings,
  };
}

/**
 * Both images are scanned at once. An image that cannot be scanned (not found, corrupt layer, scanner
 * failure) is an outcome, not an exception; anything that is not a ShipshapeError is a bug and throws.
 */
export async function runScan(request: ScanRequest): Promise<ScanOutcome> {
  const subjects = request.against ? [request.image, request.against] : [request.image];
  const settled = await Promise.allSettled(subjects.map((s) => s.scanner.scan(s.target)));
  const results: ScanResult[] = [];
  for (const [i, outcome] of settled.entries()) {
    if (outcome.status === 'fulfilled') {
      results.push(outcome.value);
      continue;
    }
    const error: unknown = outcome.reason;
    if (!isShipshapeError(error)) throw error;
    return {
      ok: false,
      failed: i === 0 ? 'image' : 'against',
      reference: formatImageRef(subjects[i]!.ref),
      error,
    };
  }
  const [image, against] = results as [ScanResult, ScanResult | undefined];
  const report = buildScanReport({
    scanner: image.scanner,
    image: scanned(request.image, image),
    ...(request.against && against ? { against: scanned(request.against, against) } : {}),
  });
  return { ok: true, report, inventory: image.inventory };
}
