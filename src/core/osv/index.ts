/** OSV advisories, pure: parsing, range evaluation, CVSS scoring, inventory matching. */
export type {
  AffectedRow,
  CvssScore,
  JsonObject,
  OsvAffected,
  OsvEvent,
  OsvEventKind,
  OsvRange,
  OsvRecord,
  OsvSeverityEntry,
  SeverityAssessment,
} from './types.js';
export { parseOsvRecord, type OsvParseResult } from './parse.js';
export {
  evaluateAffected,
  inRange,
  inVersions,
  type AffectedEntry,
  type Compare,
  type RangeComparators,
  type Verdict,
} from './ranges.js';
export { cvss2BaseScore, cvss3BaseScore, type CvssResult, type CvssVersion } from './cvss.js';
export { assessSeverity, scoreToSeverity, textToSeverity } from './severity.js';
export {
  baseEcosystem,
  normalizePackageName,
  osEcosystems,
  queriesForPackage,
  type OsvQuery,
} from './ecosystems.js';
export { comparatorsForEcosystem } from './comparators.js';
export { matchInventory, mergeAliases, type AdvisoryLookup } from './match.js';
