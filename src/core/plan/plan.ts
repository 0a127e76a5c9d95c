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
}

export interface Subject {
  readonly input: PlanInput;
  readonly ref: ImageRef;
  readonly tag: string;
  readonly mode: 'version' | 'digest';
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
    digest: ref?.digest ?? null,
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
  const parsed = tryParseImageRef(input.image);
  if (!parsed.ok) return { kind: 'done', entry: errorEntry(input, null, parsed.error) };
  const ref = parsed.ref;
  const { settings, matchedRules, ignoredBy, origin } = resolvePolicy(policy, {
    image: ref,
    ...(input.file !== null ? { file: input.file } : {}),
    kind: input.kind,
  });
  if (ignoredBy !== null) return skipped(input, ref, `ignored by "${ignoredBy}"`);
  if (!settings.enabled) {
    const rule = matchedRules.length > 0 ? `rule #${matchedRules[matchedRules.length - 1]}` : 'policy';
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
  if (mode === 'digest' && ref.digest === null && !settings.pinDigests) {
    return skipped(
      input,
      ref,
      `tag "${tag}" is not a version and has no digest: enable policy.pinDigests to track it by digest`,
    );
  }
  return { kind: 'check', subject: { input, ref, tag, mode, versioning, settings, matchedRules, origin } };
}

export function needsOf(subject: Subject): Needs {
  const s = subject.settings;
  const wantsVersions = s.updateTypes.some((t) => t === 'major' || t === 'minor' || t === 'patch');
  const pinned = subject.ref.digest !== null;
  return {
    tags: subject.mode === 'version' && wantsVersions,
    currentDigest: pinned || s.pinDigests,
    candidateDigests: pinned || s.pinDigests,
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
  readonly now: Date;
}

/** The tags whose digests/configs are needed after the candidates are known. */
export function candidateTags(subject: Subject, tags: readonly string[]): string[] {
  return findCandidates(subject.versioning, subject.tag, tags, tagFilter(subject.settings)).map((c) => c.tag);
}

const ORDER: Record<ReportUpdateType, number> = { patch: 0, minor: 1, major: 2, digest: 3, pin: 4 };

export function assemble(subject: Subject, facts: SubjectFacts): ReportReference {
  const { input, ref, tag, settings, matchedRules, origin } = subject;
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
    const candidate = {
      type,
      tag: candidateTag,
      digest,
      created: facts.createdOf(candidateTag),
      firstSeen: facts.firstSeenOf(candidateTag),
    };
    const decision = decide(settings, matchedRules, candidate, facts.now, origin);
    const reasons = [...decision.reasons, ...extra];
    if (decision.allowed) updates.push({ type, tag: candidateTag, digest, reasons });
    else held.push({ type, tag: candidateTag, digest, reasons });
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
      if (ref.digest !== null && current !== ref.digest) consider('digest', tag, current, []);
      else if (ref.digest === null && settings.pinDigests) consider('pin', tag, current, []);
    }
  }

  updates.sort((a, b) => ORDER[a.type] - ORDER[b.type]);
  held.sort((a, b) => ORDER[a.type] - ORDER[b.type]);
  const base = baseEntry(input, ref);
  const error = errors.length > 0 ? errors.join('; ') : null;
  const status =
    error !== null && updates.length === 0 ? 'error' : updates.length > 0 ? 'update-available' : 'up-to-date';
  return { ...base, status, updates, error, ...(held.length > 0 ? { held } : {}) };
}
