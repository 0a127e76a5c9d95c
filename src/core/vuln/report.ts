/**
 * The `scan` report: the JSON document `shipshape scan --format json` prints (schemaVersion 1). A contract
 * other tools rely on: extend, never rename. Described in docs/scanning.md.
 */
import { formatImageRef } from '../image-ref/index.js';
import type { ImageRef } from '../image-ref/index.js';
import { deltaBadge } from './badge.js';
import { vulnerabilityDelta } from './delta.js';
import { packageChanges } from './packages.js';
import { atOrAbove, compareFindings, severityCounts } from './severity.js';
import type {
  Finding,
  FindingsDelta,
  Inventory,
  OsInfo,
  PackageChanges,
  Severity,
  SeverityCounts,
} from './types.js';

export interface ScanReportImage {
  /** As scanned: "registry/repository:tag" (or "…@sha256:…"), normalized. */
  readonly reference: string;
  readonly registry: string;
  readonly repository: string;
  readonly tag: string | null;
  /** The image manifest digest scanned (for a multi-platform image: the platform's). */
  readonly digest: string;
  /** "linux/amd64", or null when the scanner chose. */
  readonly platform: string | null;
  readonly os: OsInfo | null;
  /** Packages in the inventory. */
  readonly packages: number;
}

export interface ScanReport {
  readonly schemaVersion: 1;
  readonly image: ScanReportImage;
  readonly scanner: string;
  /** The image's findings, worst first. */
  readonly findings: readonly Finding[];
  readonly summary: SeverityCounts;
  readonly warnings: readonly string[];
  /** With `--against OLD`: the image compared with, else null. */
  readonly against: (ScanReportImage & { readonly summary: SeverityCounts }) | null;
  /** With `--against OLD`: fixed = in OLD not in the image, introduced = in the image not in OLD. */
  readonly delta: (FindingsDelta & { readonly badge: string }) | null;
  readonly packageChanges: PackageChanges | null;
}

/** One scanned image, as the report is built from it. */
export interface ScannedImage {
  readonly ref: ImageRef;
  readonly platform: string | null;
  readonly inventory: Inventory;
  readonly findings: readonly Finding[];
  readonly warnings: readonly string[];
}

function describe(image: ScannedImage): ScanReportImage {
  return {
    reference: formatImageRef(image.ref),
    registry: image.ref.registry,
    repository: image.ref.repository,
    tag: image.ref.tag,
    digest: image.inventory.imageDigest,
    platform: image.platform,
    os: image.inventory.os,
    packages: image.inventory.packages.length,
  };
}

export function buildScanReport(input: {
  readonly scanner: string;
  readonly image: ScannedImage;
  readonly against?: ScannedImage;
}): ScanReport {
  const { image, against } = input;
  const findings = [...image.findings].sort(compareFindings);
  const warnings = [...image.warnings];
  const warn = (w: string): void => {
    if (!warnings.includes(w)) warnings.push(w);
  };
  if (!against) {
    return {
      schemaVersion: 1,
      image: describe(image),
      scanner: input.scanner,
      findings,
      summary: severityCounts(findings),
      warnings,
      against: null,
      delta: null,
      packageChanges: null,
    };
  }
  against.warnings.forEach(warn);
  if (image.inventory.partial === true || against.inventory.partial === true)
    warn(
      `${input.scanner} reports only the packages that have findings: the package changes cover those alone`,
    );
  const delta = vulnerabilityDelta(against.findings, findings);
  return {
    schemaVersion: 1,
    image: describe(image),
    scanner: input.scanner,
    findings,
    summary: severityCounts(findings),
    warnings,
    against: { ...describe(against), summary: severityCounts(against.findings) },
    delta: { ...delta, badge: deltaBadge(delta.counts) },
    packageChanges: packageChanges(against.inventory, image.inventory),
  };
}

/**
 * `--fail-on SEVERITY`: any finding at or above it; when comparing, any introduced finding at or above it
 * (what is already there is not this change's doing).
 */
export function failsOn(report: ScanReport, threshold: Severity): boolean {
  const judged = report.delta ? report.delta.introduced : report.findings;
  return judged.some((f) => atOrAbove(f.severity, threshold));
}
