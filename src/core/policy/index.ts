export type {
  BlockLevel,
  CandidateFacts,
  CandidateVulnerabilities,
  Decision,
  FindingRef,
  Policy,
  PolicyRule,
  PolicySettings,
  PolicySubject,
  ResolvedPolicy,
  SettingsOrigin,
  UpdateType,
  VersioningName,
} from './types.js';
export { BLOCK_LEVELS, DEFAULT_POLICY_SETTINGS, UPDATE_TYPES } from './types.js';
export { resolvePolicy, imageNames } from './resolve.js';
export { decide, fixesText, groupKey, skipReason, tagFilter } from './decide.js';
export { DURATION_HINT, DURATION_PATTERN, formatDuration, parseDuration } from './duration.js';
export { compileTagPattern, isRegexPattern, tagPatternProblem } from './patterns.js';
export { globMatches, globToRegExp } from './glob.js';
