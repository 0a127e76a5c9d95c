/** The vulnerability domain, pure: severities, the delta between two images, package changes, the scan report. */
export * from './types.js';
export { deltaBadge, severityBadge } from './badge.js';
export { vulnerabilityDelta } from './delta.js';
export { packageChanges, versionComparator } from './packages.js';
export {
  atOrAbove,
  compareFindings,
  groupBySeverity,
  isSeverity,
  SEVERITY_LETTER,
  SEVERITY_RANK,
  severityCounts,
  totalCount,
  zeroCounts,
} from './severity.js';
export {
  buildScanReport,
  failsOn,
  type ScannedImage,
  type ScanReport,
  type ScanReportImage,
} from './report.js';
