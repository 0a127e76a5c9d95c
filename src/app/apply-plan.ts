/**
 * The pure half of `apply`: which update each reference gets, the text edits that carry it out
 * (one generic rewriter, core/rewrite), conflicts between edits, and how updates become commits.
 * No I/O here: app/apply.ts reads, calls these, then writes.
 */
import { familiarName } from '../core/image-ref/index.js';
import type {
  ReportReference,
  ReportUpdate,
  ReportUpdateType,
  ReportVulnerabilities,
} from '../core/plan/report.js';
import { globMatches, groupKey, imageNames, resolvePolicy, type Policy } from '../core/policy/index.js';
import { editsFor, type TextEdit } from '../core/rewrite/index.js';
import type { FileReference } from '../ports/source.js';

export const APPLY_TYPES = [
  'patch',
  'minor',
  'major',
  'digest',
  'pin',
] as const satisfies readonly ReportUpdateType[];

/** Most conservative first: the first allowed type in this order is the one applied. */
const PREFERENCE: Record<ReportUpdateType, number> = { patch: 0, minor: 1, major: 2, digest: 3, pin: 4 };

export interface ApplySelection {
  /** Update types to apply; null = every type the policy allows. */
  readonly types: readonly ReportUpdateType[] | null;
  /** Image globs (familiar or full name, e.g. `nginx`, `ghcr.io/acme/*`); empty = every image. */
  readonly only: readonly string[];
  /** Write `tag@sha256:…` for every applied reference; also allows `pin` whatever `types` says. */
  readonly pinDigests: boolean;
}

export interface ImageVersion {
  readonly tag: string | null;
  readonly digest: string | null;
}

export type Choice =
  | {
      readonly kind: 'update';
      readonly type: ReportUpdateType;
      /** For the rewriter: null keeps the tag as written. */
      readonly newTag: string | null;
      readonly newDigest: string | null;
      readonly from: ImageVersion;
      readonly to: ImageVersion;
      /** The chosen update's vulnerability delta, when the check computed it (see ReportUpdate). */
      readonly vulnerabilities?: ReportVulnerabilities | null;
    }
  /** Nothing to do and nothing worth listing (up to date). */
  | { readonly kind: 'none' }
  /** Listed under `skipped`; `failed` ones make the run exit 3. */
  | { readonly kind: 'skip'; readonly reason: string; readonly failed: boolean };

/** Whether `--only` selects the image: any glob matching its familiar or full name. */
export function imageSelected(
  only: readonly string[],
  image: { readonly registry: string; readonly repository: string },
): boolean {
  if (only.length === 0) return true;
  const names = imageNames(image);
  return only.some((glob) => names.some((name) => globMatches(glob, name)));
}

function describe(u: ReportUpdate): string {
  return u.type === 'digest' || u.type === 'pin'
    ? `${u.type} ${u.digest ?? ''}`.trim()
    : `${u.type} ${u.tag ?? ''}`;
}

/**
 * The update to apply to one reference: among the report's allowed updates, those `selection`
 * lets through, the one policy `preferFixes` marked `preferred`, else the most conservative first
 * (patch, minor, major, digest, pin). The result keeps
 * a digest when the reference already has one or `pinning` is on (--pin-digests or policy
 * pinDigests); a wanted digest that the registry did not give is a failure, never a silent unpin.
 */
export function chooseUpdate(entry: ReportReference, selection: ApplySelection, pinning: boolean): Choice {
  if (entry.status === 'skipped')
    return { kind: 'skip', reason: entry.skipReason ?? 'skipped', failed: false };
  if (entry.status === 'error') return { kind: 'skip', reason: entry.error ?? 'error', failed: true };
  if (entry.updates.length === 0) return { kind: 'none' };

  const allowed = (type: ReportUpdateType): boolean =>
    selection.types === null || selection.types.includes(type) || (type === 'pin' && selection.pinDigests);
  const candidates = entry.updates
    .filter((u) => allowed(u.type))
    .sort((a, b) => PREFERENCE[a.type] - PREFERENCE[b.type]);
  const chosen = candidates.find((u) => u.preferred === true) ?? candidates[0];
  if (chosen === undefined) {
    const wanted = selection.types?.join(', ') ?? '';
    return {
      kind: 'skip',
      reason: `no ${wanted} update (available: ${entry.updates.map(describe).join(', ')})`,
      failed: false,
    };
  }

  const from: ImageVersion = { tag: entry.tag, digest: entry.digest };
  // A running container's new tag needs no digest from the check: `update` resolves the one it pulls.
  const container = entry.kind === 'container';
  const wantDigest =
    pinning || (entry.digest !== null && !container) || chosen.type === 'digest' || chosen.type === 'pin';
  if (wantDigest && chosen.digest === null) {
    const why = chosen.reasons.find((r) => r.startsWith('digest unavailable')) ?? 'digest unavailable';
    return { kind: 'skip', reason: `${describe(chosen)}: ${why}`, failed: true };
  }
  const newDigest = wantDigest || container ? chosen.digest : null;
  const versionChange = chosen.type === 'patch' || chosen.type === 'minor' || chosen.type === 'major';
  const newTag = versionChange ? chosen.tag : null;
  return {
    kind: 'update',
    type: chosen.type,
    newTag,
    newDigest,
    from,
    to: { tag: newTag ?? entry.tag, digest: newDigest },
    ...(chosen.vulnerabilities !== undefined ? { vulnerabilities: chosen.vulnerabilities } : {}),
  };
}

/** A reference paired with its check entry; `path` is how the user names the file, `absolute` where it is. */
export interface ApplyItem {
  readonly path: string;
  readonly absolute: string;
  readonly reference: FileReference;
  readonly entry: ReportReference;
}

export interface PlannedChange {
  readonly item: ApplyItem;
  readonly type: ReportUpdateType;
  readonly from: ImageVersion;
  readonly to: ImageVersion;
  readonly edits: readonly TextEdit[];
  /** The commit this change goes into with --branch (changes with the same message share one). */
  readonly commitMessage: string;
}

export interface PlannedSkip {
  readonly item: ApplyItem;
  readonly reason: string;
  readonly failed: boolean;
}

export interface ApplyPlan {
  readonly changes: readonly PlannedChange[];
  readonly skipped: readonly PlannedSkip[];
}

function shortDigest(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1, digest.indexOf(':') + 8);
}

/**
 * `chore(deps): update <group> group` when policy puts the image in a group, else
 * `chore(deps): update <repository> to <tag>`, or `… <repository> digest to <short>` when only
 * the digest changes (digest drift or a new pin).
 */
export function commitMessage(
  entry: ReportReference,
  to: ImageVersion,
  type: ReportUpdateType,
  group: string | null,
): string {
  if (group !== null) return `chore(deps): update ${group} group`;
  const repository =
    entry.registry !== null && entry.repository !== null
      ? familiarName({ registry: entry.registry, repository: entry.repository, tag: null, digest: null })
      : entry.image;
  if ((type === 'digest' || type === 'pin') && to.digest !== null)
    return `chore(deps): update ${repository} digest to ${shortDigest(to.digest)}`;
  return `chore(deps): update ${repository} to ${to.tag ?? ''}`;
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === b.start && a.end === b.end) return a.replacement !== b.replacement;
  return a.start < b.end && b.start < a.end;
}

/**
 * Chooses and renders every reference's update. `policy` is the one the check ran with (its
 * `pinDigests` and `group` per reference). An update whose edits clash with an earlier one in the
 * same file (e.g. one ARG default feeding two images that want different tags) is refused.
 */
export function planApply(items: readonly ApplyItem[], selection: ApplySelection, policy: Policy): ApplyPlan {
  const changes: PlannedChange[] = [];
  const skipped: PlannedSkip[] = [];
  const editsByFile = new Map<string, { edits: TextEdit[]; owner: ApplyItem[] }>();

  for (const item of items) {
    const { entry, reference } = item;
    const image =
      entry.registry !== null && entry.repository !== null
        ? { registry: entry.registry, repository: entry.repository }
        : null;
    const settings = image
      ? resolvePolicy(policy, { image, file: reference.file, kind: reference.kind }).settings
      : null;
    const choice = chooseUpdate(entry, selection, selection.pinDigests || (settings?.pinDigests ?? false));
    if (choice.kind === 'none') continue;
    if (choice.kind === 'skip') {
      skipped.push({ item, reason: choice.reason, failed: choice.failed });
      continue;
    }
    if (reference.spans.length === 0) {
      const why = reference.readOnlyReason ?? reference.unresolved ?? 'no rewritable text';
      skipped.push({ item, reason: `cannot be rewritten here: ${why}`, failed: true });
      continue;
    }
    const rendered = editsFor({
      reference,
      newTag: choice.newTag,
      newDigest: choice.newDigest,
      keepDigest: false,
    });
    if (!rendered.ok) {
      skipped.push({ item, reason: rendered.error, failed: true });
      continue;
    }
    const file = editsByFile.get(item.absolute) ?? { edits: [], owner: [] };
    const clashIndex = file.edits.findIndex((a) => rendered.edits.some((b) => overlaps(a, b)));
    if (clashIndex >= 0) {
      const other = file.owner[clashIndex]!;
      skipped.push({
        item,
        reason: `its text is shared with ${other.entry.image} at line ${other.reference.line}, which gets a different update`,
        failed: true,
      });
      continue;
    }
    for (const edit of rendered.edits) {
      file.edits.push(edit);
      file.owner.push(item);
    }
    editsByFile.set(item.absolute, file);
    const group = settings && image ? groupKey(settings, image) : null;
    changes.push({
      item,
      type: choice.type,
      from: choice.from,
      to: choice.to,
      edits: rendered.edits,
      commitMessage: commitMessage(entry, choice.to, choice.type, group),
    });
  }
  return { changes, skipped };
}

export interface CommitUnit {
  readonly message: string;
  readonly changes: readonly PlannedChange[];
}

/** Changes sharing a commit message travel in one commit, in order of first appearance. */
export function commitUnits(changes: readonly PlannedChange[]): CommitUnit[] {
  const units = new Map<string, PlannedChange[]>();
  for (const change of changes) {
    const list = units.get(change.commitMessage) ?? [];
    list.push(change);
    units.set(change.commitMessage, list);
  }
  return [...units].map(([message, list]) => ({ message, changes: list }));
}

/** The policy a check runs with under `--pin-digests`: digests pinned (so resolved) for every reference. */
export function withPinnedDigests(policy: Policy): Policy {
  return {
    ...policy,
    defaults: { ...policy.defaults, pinDigests: true },
    rules: policy.rules.map((rule) => {
      if (rule.settings.pinDigests === undefined) return rule;
      const { pinDigests: _dropped, ...settings } = rule.settings;
      return { ...rule, settings };
    }),
  };
}
