import type { Severity, SeverityCounts } from '../vuln/types.js';
import type { UpdateType, VersioningName } from '../versioning/index.js';

export type { UpdateType, VersioningName };

/** `blockIntroduced` levels: hold candidates that introduce findings at or above one; `none` never holds. */
export const BLOCK_LEVELS = ['critical', 'high', 'medium', 'low', 'none'] as const;
export type BlockLevel = (typeof BLOCK_LEVELS)[number];

/** Every update type, in the order reasons and docs list them. */
export const UPDATE_TYPES = [
  'patch',
  'minor',
  'major',
  'digest',
  'pin',
] as const satisfies readonly UpdateType[];

// Fails to compile when versioning grows an update type this list does not know.
type MissingUpdateType = Exclude<UpdateType, (typeof UPDATE_TYPES)[number]>;
const _allUpdateTypesListed: [MissingUpdateType] extends [never] ? true : MissingUpdateType = true;

export interface PolicySettings {
  /** false: the reference is reported as skipped, never looked up. */
  readonly enabled: boolean;
  readonly versioning: VersioningName;
  /** The pattern for `versioning: regex` (named groups major, minor, patch…). */
  readonly versioningPattern?: string;
  /** Update types allowed. `pin` is governed by `pinDigests` alone. */
  readonly updateTypes: readonly UpdateType[];
  /** Tag patterns: `/source/flags` is a regular expression (unanchored), anything else a glob (`*`). */
  readonly include: readonly string[];
  readonly exclude: readonly string[];
  /** Add `@sha256:…` to references that have only a tag (candidates of type `pin`). */
  readonly pinDigests: boolean;
  /** Hold candidates younger than this; 0 disables the check. */
  readonly minimumReleaseAgeMs: number;
  /** Updates sharing a group name travel together (one branch / pull request). */
  readonly group: string | null;
  /** Hold candidates that introduce vulnerabilities at or above this severity (needs vulnerability facts). */
  readonly blockIntroduced: BlockLevel;
  /** Mark the most conservative allowed candidate that fixes as much as any other (`preferred`). */
  readonly preferFixes: boolean;
  /** A candidate that fixes findings of high severity or worse is not held by `minimumReleaseAgeMs`. */
  readonly securityBypassesAge: boolean;
}

export interface PolicyRule {
  /** Image globs, matched against the familiar name ("nginx") and the full name ("docker.io/library/nginx"). */
  readonly matchImages?: readonly string[];
  /** Path globs over "/"-separated paths relative to the scanned root. */
  readonly matchPaths?: readonly string[];
  /** Reference kinds: "dockerfile", "compose", "kubernetes", … */
  readonly matchKinds?: readonly string[];
  readonly settings: Partial<PolicySettings>;
}

export interface Policy {
  readonly defaults: PolicySettings;
  /** Later rules override earlier ones field by field. */
  readonly rules: readonly PolicyRule[];
  /** Image globs whose references are skipped entirely. */
  readonly ignore: readonly string[];
}

/** The reference a policy is resolved for. */
export interface PolicySubject {
  readonly image: { readonly registry: string; readonly repository: string };
  /** Path relative to the scanned root ("/" separators); absent for running containers. */
  readonly file?: string;
  readonly kind?: string;
}

/**
 * Which rule set each field: its 1-based number, null when the policy defaults did, or a description of a
 * per-reference override ("label shipshape.update=minor").
 */
export type SettingsOrigin = { readonly [K in keyof PolicySettings]-?: number | string | null };

export interface ResolvedPolicy {
  readonly settings: PolicySettings;
  /** 1-based numbers of the rules that matched, in order. */
  readonly matchedRules: readonly number[];
  /** The `ignore` glob that matched the image, or null. */
  readonly ignoredBy: string | null;
  readonly origin: SettingsOrigin;
}

export interface CandidateFacts {
  readonly type: UpdateType;
  readonly tag: string | null;
  readonly digest: string | null;
  /** The image config's `created` time. */
  readonly created: Date | null;
  /** When Shipshape first saw this tag or digest. */
  readonly firstSeen: Date | null;
  /** What moving to the candidate fixes and introduces; absent when not scanned or unknown. */
  readonly vulnerabilities?: CandidateVulnerabilities;
}

/** An advisory named in reasons ("held: introduces 1 critical (CVE-2024-1234)"). */
export interface FindingRef {
  readonly id: string;
  readonly severity: Severity;
}

/** The vulnerability delta from the current image to a candidate, as policy sees it. */
export interface CandidateVulnerabilities {
  readonly fixed: SeverityCounts;
  readonly introduced: SeverityCounts;
  /** The advisories behind the counts, worst first; may be absent (counts alone still decide). */
  readonly fixedFindings?: readonly FindingRef[];
  readonly introducedFindings?: readonly FindingRef[];
}

export interface Decision {
  readonly candidate: CandidateFacts;
  readonly allowed: boolean;
  /** Why it was refused or held, and notes such as "age unknown". Empty for a plain yes. */
  readonly reasons: readonly string[];
}

export const DEFAULT_POLICY_SETTINGS: PolicySettings = {
  enabled: true,
  versioning: 'docker-tag',
  updateTypes: ['patch', 'minor', 'major', 'digest'],
  include: [],
  exclude: [],
  pinDigests: false,
  minimumReleaseAgeMs: 0,
  group: null,
  blockIntroduced: 'none',
  preferFixes: false,
  securityBypassesAge: false,
};
