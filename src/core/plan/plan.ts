/**
 * The pure heart of `check`: decide what each reference needs from registries (classify),
 * then turn the fetched facts into report entries (assemble). No I/O here.
 */
import { effectiveTag, tryParseImageRef, type ImageRef } from '../image-ref/index.js';
import {
  decide,
  resolvePolicy,
  tagFilter,
  type Policy,
  type PolicySettings,
  type SettingsOrigin,
} from '../policy/index.js';
import { findCandidates, getVersioning, type Versioning } from '../versioning/index.js';
import type { ReferenceKind, ReportHeld, ReportReference, ReportUpdate, ReportUpdateType } from './report.js';
import { markPreferred, vulnerabilityFacts, type VulnerabilityAnswer } from './vulnerabilities.js';

/** A reference found by discovery (files or containers), before any registry look-up. */
export interface PlanInput {
  readonly kind: ReferenceKind;
  readonly image: string;
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;
  readonly unresolved?: string;
  readonly container?: string;
  readonly host?: string;
  /**
   * Running containers: the digest the container runs (null: unknown, e.g. an image built locally).
   * It is compared like a written digest, so a mutable tag gets digest updates without pinDigests;
   * a running container is never pinned.
   */
  readonly runningDigest?: string | null;
  /** Settings that win over the policy for this reference (a container's labels), and what set each one. */
  readonly overrides?: {
    readonly settings: Partial<PolicySettings>;
    /** For reasons: "update type major not allowed by label shipshape.update=minor". */
    readonly sources: Partial<Record<keyof PolicySettings, string>>;
  };
  /** A problem discovery found (bad labels): reported as an error, nothing is looked up. */
  readonly error?: string;
  /** Discovery knows it cannot be checked (a container started from an image id): reported as skipped. */
  readonly skip?: string;
}

export interface Subject {
  readonly input: PlanInput;
  readonly ref: ImageRef;
  readonly tag: string;
  readonly mode: 'version' | 'digest';
  /** The digest compared with the registry's: the written one, else the running one (containers). */
  readonly digest: string | null;
  /** Whether a `pin` update can apply (references in files, not running containers). */
  readonly pinnable: boolean;
  readonly versioning: Versioning;
  readonly settings: PolicySettings;
  readonly matchedRules: readonly number[];
  readonly origin: SettingsOrigin;
}

export type Classified =
  | { readonly kind: 'check'; readonly subject: Subject }
  | { readonly kind: 'done'; readonly entry: ReportReference };

/** What the registry must answer for one subject. */
export interface Needs {
  readonly tags: boolean;
  readonly currentDigest: boolean;
  readonly candidateDigests: boolean;
  readonly candidateCreated: boolean;
}

function baseEntry(
  input: PlanInput,
  ref: ImageRef | null,
): Omit<ReportReference, 'status' | 'updates' | 'error'> {
  return {
    file: input.file,
    line: input.line,
    column: input.column,
    kind: input.kind,
    image: input.image,
    registry: ref?.registry ?? null,
    repository: ref?.repository ?? null,
    tag: ref?.tag ?? null,
    digest: input.runningDigest ?? ref?.digest ?? null,
    ...(input.container !== undefined ? { container: input.container } : {}),
    ...(input.host !== undefined ? { host: input.host } : {}),
  };
}

function skipped(input: PlanInput, ref: ImageRef | null, reason: string): Classified {
  return {
    kind: 'done',
    entry: { ...baseEntry(input, ref), status: 'skipped', updates: [], error: null, skipReason: reason },
  };
}

export function errorEntry(input: PlanInput, ref: ImageRef | null, error: string): ReportReference {
  return { ...baseEntry(input, ref), status: 'error', updates: [], error };
}

export function classify(input: PlanInput, policy: Policy): Classified {
  if (input.unresolved) return skipped(input, null, `unresolved: ${input.unresolved}`);
  if (input.skip !== undefined) return skipped(input, null, input.skip);
  const parsed = tryParseImageRef(input.image);
  if (!parsed.ok) return { kind: 'done', entry: errorEntry(input, null, parsed.error) };
  const ref = parsed.ref;
  if (input.error !== undefined) return { kind: 'done', entry: errorEntry(input, ref, input.error) };
  const resolved = resolvePolicy(policy, {
    image: ref,
    ...(input.file !== null ? { file: input.file } : {}),
    kind: input.kind,
  });
  const { matchedRules, ignoredBy } = resolved;
  const { settings, origin } = applyOverrides(resolved.settings, resolved.origin, input.overrides);
  if (ignoredBy !== null) return skipped(input, ref, `ignored by "${ignoredBy}"`);
  if (!settings.enabled) {
    const by = origin.enabled;
    const rule =
      typeof by === 'string'
        ? by
        : matchedRules.length > 0
          ? `rule #${matchedRules[matchedRules.length - 1]}`
          : 'policy';
    return skipped(input, ref, `disabled by ${rule}`);
  }
  const tag = effectiveTag(ref);
  if (tag === null) return skipped(input, ref, 'pinned by digest only: no tag to compare');
  let versioning: Versioning;
  try {
    versioning = getVersioning(
      settings.versioning,
      settings.versioningPattern ? { pattern: settings.versioningPattern } : undefined,
    );
  } catch (e) {
    return { kind: 'done', entry: errorEntry(input, ref, (e as Error).message) };
  }
  const mode = versioning.isVersion(tag) ? 'version' : 'digest';
  const running = input.runningDigest !== undefined;
  const digest = ref.digest ?? input.runningDigest ?? null;
  const pinnable = !running;
  if (mode === 'digest' && digest === null && (running || !settings.pinDigests)) {
    return skipped(
      input,
      ref,
      running
        ? `tag "${tag}" is not a version and the running digest is unknown (the image was not pulled from a registry)`
        : `tag "${tag}" is not a version and has no digest: enable policy.pinDigests to track it by digest`,
    );
  }
  return {
    kind: 'check',
    subject: { input, ref, tag, mode, digest, pinnable, versioning, settings, matchedRules, origin },
  };
}

/** Per-reference overrides (container labels) win over every rule; reasons name their source. */
function applyOverrides(
  settings: PolicySettings,
  origin: SettingsOrigin,
  overrides: PlanInput['overrides'],
): { settings: PolicySettings; origin: SettingsOrigin } {
  if (overrides === undefined) return { settings, origin };
  const merged: { -readonly [K in keyof PolicySettings]: PolicySettings[K] } = { ...settings };
  const by: { -readonly [K in keyof SettingsOrigin]: SettingsOrigin[K] } = { ...origin };
  for (const key of Object.keys(overrides.settings) as (keyof PolicySettings)[]) {
    const value = overrides.settings[key];
    if (value === undefined) continue;
    (merged as Record<keyof PolicySettings, unknown>)[key] = value;
    by[key] = overrides.sources[key] ?? 'reference overrides';
  }
  return { settings: merged, origin: by };
}

export function needsOf(subject: Subject): Needs {
  const s = subject.settings;
  const wantsVersions = s.updateTypes.some((t) => t === 'major' || t === 'minor' || t === 'patch');
  const pinned = subject.digest !== null;
  const pin = subject.pinnable && s.pinDigests;
  // A running container is compared by the digest its tag now has; a candidate's digest is only needed to
  // write it into a file, so containers skip those look-ups (`update --docker` resolves the one it pulls).
  const running = !subject.pinnable;
  return {
    tags: subject.mode === 'version' && wantsVersions,
    currentDigest: pinned || pin,
    candidateDigests: (pinned && !running) || pin,
    candidateCreated: s.minimumReleaseAgeMs > 0,
  };
}

/** Facts fetched for one subject. Errors are strings (already prefixed by their adapter). */
export interface SubjectFacts {
  readonly tags: readonly string[] | { readonly error: string } | null;
  /** Digest the registry serves for a tag now, or an error. */
  digestOf(tag: string): string | { readonly error: string } | null;
  createdOf(tag: string): Date | null;
  firstSeenOf(tag: string): Date | null;
  /**
   * With vulnerability scanning on: the delta from the current image (the reference's digest, else its
   * tag) to what `tag` points at now; `{ error }` when a scan failed; null when it was not scanned.
   */
  vulnerabilitiesOf?(tag: string): VulnerabilityAnswer;
  readonly now: Date;
}

/** The tags whose digests/configs are needed after the candidates are known. */
export function candidateTags(subject: Subject, tags: readonly string[]): string[] {
  return findCandidates(subject.versioning, subject.tag, tags, tagFilter(subject.settings)).map((c) => c.tag);
}

const ORDER: Record<ReportUpdateType, number> = { patch: 0, minor: 1, major: 2, digest: 3, pin: 4 };

export function assemble(subject: Subject, facts: SubjectFacts): ReportReference {
  const { input, ref, tag, settings, matchedRules, origin, digest } = subject;
  const needs = needsOf(subject);
  const updates: ReportUpdate[] = [];
  const held: ReportHeld[] = [];
  const errors: string[] = [];

  const consider = (
    type: ReportUpdateType,
    candidateTag: string,
    digest: string | null,
    extra: string[],
  ): void => {
    const vulns = facts.vulnerabilitiesOf
      ? vulnerabilityFacts(type, () => facts.vulnerabilitiesOf!(candidateTag))
      : {};
    const candidate = {
      type,
      tag: candidateTag,
      digest,
      created: facts.createdOf(candidateTag),
      firstSeen: facts.firstSeenOf(candidateTag),
      ...(vulns.facts ? { vulnerabilities: vulns.facts } : {}),
    };
    const decision = decide(settings, matchedRules, candidate, facts.now, origin);
    const reasons = [...decision.reasons, ...extra, ...(vulns.note !== undefined ? [vulns.note] : [])];
    if (decision.allowed) updates.push({ type, tag: candidateTag, digest, reasons, ...vulns.field });
    else held.push({ type, tag: candidateTag, digest, reasons, ...vulns.field });
  };

  const digestFor = (candidateTag: string, extra: string[]): string | null => {
    if (!needs.candidateDigests) return null;
    const d = facts.digestOf(candidateTag);
    if (d === null) return null;
    if (typeof d === 'string') return d;
    extra.push(`digest unavailable: ${d.error}`);
    return null;
  };

  if (needs.tags) {
    if (facts.tags === null) errors.push('tags were not fetched');
    else if ('error' in facts.tags) errors.push(facts.tags.error);
    else {
      for (const c of findCandidates(subject.versioning, tag, facts.tags, tagFilter(settings))) {
        const extra: string[] = [];
        consider(c.type, c.tag, digestFor(c.tag, extra), extra);
      }
    }
  }

  if (needs.currentDigest) {
    const current = facts.digestOf(tag);
    if (current !== null && typeof current !== 'string') errors.push(current.error);
    else if (typeof current === 'string') {
      if (digest !== null && current !== digest) consider('digest', tag, current, []);
      else if (digest === null && subject.pinnable && settings.pinDigests) consider('pin', tag, current, []);
    }
  }

  updates.sort((a, b) => ORDER[a.type] - ORDER[b.type]);
  held.sort((a, b) => ORDER[a.type] - ORDER[b.type]);
  const listed = settings.preferFixes ? markPreferred(updates) : updates;
  const base = baseEntry(input, ref);
  const error = errors.length > 0 ? errors.join('; ') : null;
  const status =
    error !== null && updates.length === 0 ? 'error' : updates.length > 0 ? 'update-available' : 'up-to-date';
  return { ...base, status, updates: listed, error, ...(held.length > 0 ? { held } : {}) };
}
