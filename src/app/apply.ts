/**
 * Use case `apply`: run the same check, choose one update per reference, then rewrite only the
 * replaced characters. Read everything, plan purely (app/apply-plan.ts), verify every file still
 * holds what was scanned, and only then write: atomically per file, one write per file, or one
 * commit per update on a new branch. Written only against ports.
 */
import type { TextFiles } from '../ports/text-files.js';
import { basename, dirname, join, relative, sep } from 'node:path';
import { ShipshapeError } from '../core/errors.js';
import type { PlanInput } from '../core/plan/plan.js';
import type { ReportProblem, ReportUpdateType } from '../core/plan/report.js';
import { tryParseImageRef } from '../core/image-ref/index.js';
import { applyReplacements, unifiedDiff, type TextEdit } from '../core/rewrite/index.js';
import type { Git, GitWorkTree } from '../ports/git.js';
import type { ReferenceSource } from '../ports/reference-source.js';
import type { FileReference } from '../ports/source.js';
import {
  commitUnits,
  imageSelected,
  planApply,
  withPinnedDigests,
  type ApplyItem,
  type ApplySelection,
  type ImageVersion,
  type PlannedChange,
} from './apply-plan.js';
import { runCheck, type CheckDeps, type CheckRequest } from './check.js';

export type { ApplySelection } from './apply-plan.js';

/** A file tree source that keeps, in input order, the references its last `discover()` produced. */
export interface ApplyFileSource extends ReferenceSource {
  /** Absolute root; FileReference.file is relative to it. */
  readonly root: string;
  readonly references: readonly FileReference[];
}

export type { TextFiles };

export interface ApplyDeps extends CheckDeps {
  readonly files: TextFiles;
  readonly git: Git;
}

export interface ApplyRequest extends Omit<CheckRequest, 'sources'> {
  readonly sources: readonly ApplyFileSource[];
  readonly selection: ApplySelection;
  /** Compute and return the diff; write nothing. */
  readonly dryRun: boolean;
  /** Create this branch from HEAD and commit each update on it; null = just write the files. */
  readonly branch: string | null;
  /** File paths in the result are relative to this directory. */
  readonly cwd: string;
}

export interface AppliedUpdate {
  readonly file: string;
  readonly line: number;
  readonly image: string;
  readonly from: ImageVersion;
  readonly to: ImageVersion;
  readonly type: ReportUpdateType;
}

export interface SkippedReference {
  readonly file: string;
  readonly line: number;
  readonly image: string;
  readonly reason: string;
  /** true when an update was wanted but could not be resolved or written (exit code 3). */
  readonly failed: boolean;
}

/** What `apply --format json` prints (schemaVersion 1). Extend, never rename. */
export interface ApplyReport {
  readonly schemaVersion: 1;
  readonly dryRun: boolean;
  readonly applied: readonly AppliedUpdate[];
  readonly skipped: readonly SkippedReference[];
  /** Files written (or, with dryRun, that would be). */
  readonly files: readonly string[];
  readonly branch: string | null;
  readonly commits: readonly string[];
  /** With dryRun: the unified diff of every file. */
  readonly diff?: string;
  /** Files that could not be parsed (the scan went on). */
  readonly problems?: readonly ReportProblem[];
}

export interface ApplyOutcome {
  readonly report: ApplyReport;
  /** Commit messages, aligned with `report.commits`. */
  readonly commitMessages: readonly string[];
  /** Some wanted update could not be resolved or rewritten. */
  readonly failed: boolean;
}

function applyError(message: string): ShipshapeError {
  return new ShipshapeError('IO_FAILED', 'apply', message);
}

function usage(message: string): ShipshapeError {
  return new ShipshapeError('USAGE', 'apply', message);
}

/** Narrows a source to the references `--only` selects, keeping inputs and references aligned. */
class SelectedSource implements ReferenceSource {
  selected: FileReference[] = [];

  constructor(
    readonly inner: ApplyFileSource,
    private readonly keep: (input: PlanInput) => boolean,
  ) {}

  async discover(): Promise<{ inputs: PlanInput[]; problems: ReportProblem[] }> {
    const found = await this.inner.discover();
    const all = this.inner.references;
    if (all.length !== found.inputs.length)
      throw new Error(`${this.inner.root}: ${all.length} references for ${found.inputs.length} inputs`);
    const inputs: PlanInput[] = [];
    this.selected = [];
    found.inputs.forEach((input, i) => {
      if (!this.keep(input)) return;
      inputs.push(input);
      this.selected.push(all[i]!);
    });
    return { inputs, problems: found.problems };
  }
}

function selects(only: readonly string[]): (input: PlanInput) => boolean {
  if (only.length === 0) return () => true;
  return (input) => {
    const parsed = tryParseImageRef(input.image);
    return parsed.ok && imageSelected(only, parsed.ref);
  };
}

function displayPath(cwd: string, absolute: string): string {
  return relative(cwd, absolute).split(sep).join('/');
}

export async function runApply(deps: ApplyDeps, request: ApplyRequest): Promise<ApplyOutcome> {
  const policy = request.selection.pinDigests ? withPinnedDigests(request.policy) : request.policy;
  const keep = selects(request.selection.only);
  const sources = request.sources.map((s) => new SelectedSource(s, keep));
  const check = await runCheck(deps, { ...request, policy, sources });

  // runCheck reports one entry per input, in input order across sources: pair them by position
  // and check each pair names the same place, so a change there fails loudly instead of
  // rewriting the wrong reference.
  const items: ApplyItem[] = [];
  for (const source of sources) {
    for (const reference of source.selected) {
      const entry = check.references[items.length];
      if (
        entry === undefined ||
        entry.file !== reference.file ||
        entry.line !== reference.line ||
        entry.column !== reference.column ||
        entry.image !== reference.image
      )
        throw new Error(`check report out of step with discovery at ${reference.file}:${reference.line}`);
      const absolute = join(source.inner.root, reference.file);
      items.push({ path: displayPath(request.cwd, absolute), absolute, reference, entry });
    }
  }
  if (items.length !== check.references.length)
    throw new Error(`check report has ${check.references.length} entries for ${items.length} references`);

  const plan = planApply(items, request.selection, policy);
  const originals = await readAndVerify(deps.files, plan.changes);

  const changedFiles = [...originals.keys()];
  const files = changedFiles.map((abs) => displayPath(request.cwd, abs));
  const base = {
    schemaVersion: 1 as const,
    dryRun: request.dryRun,
    applied: plan.changes.map((c): AppliedUpdate => ({
      file: c.item.path,
      line: c.item.reference.line,
      image: c.item.reference.image,
      from: c.from,
      to: c.to,
      type: c.type,
    })),
    skipped: plan.skipped.map((s): SkippedReference => ({
      file: s.item.path,
      line: s.item.reference.line,
      image: s.item.reference.image,
      reason: s.reason,
      failed: s.failed,
    })),
    files,
    ...(check.problems ? { problems: check.problems } : {}),
  };
  const failed = plan.skipped.some((s) => s.failed);

  if (request.dryRun) {
    const diff = changedFiles
      .map((abs, i) => {
        const file = originals.get(abs)!;
        return unifiedDiff(files[i]!, file.before, file.after);
      })
      .join('');
    return { report: { ...base, branch: null, commits: [], diff }, commitMessages: [], failed };
  }

  if (request.branch === null) {
    for (const [abs, file] of originals) await deps.files.write(abs, file.after);
    return { report: { ...base, branch: null, commits: [] }, commitMessages: [], failed };
  }

  if (plan.changes.length === 0)
    return { report: { ...base, branch: null, commits: [] }, commitMessages: [], failed };
  const { commits, messages } = await commitOnBranch(deps, request.branch, plan.changes, originals);
  return { report: { ...base, branch: request.branch, commits }, commitMessages: messages, failed };
}

interface FileRewrite {
  readonly before: string;
  readonly after: string;
}

/**
 * Reads every file to change and applies all its edits in memory. Any span that no longer holds
 * what was scanned means the file changed since: fail naming it, before anything is written.
 */
async function readAndVerify(
  files: TextFiles,
  changes: readonly PlannedChange[],
): Promise<Map<string, FileRewrite>> {
  const byFile = new Map<string, { path: string; edits: TextEdit[] }>();
  for (const c of changes) {
    const entry = byFile.get(c.item.absolute) ?? { path: c.item.path, edits: [] };
    entry.edits.push(...c.edits);
    byFile.set(c.item.absolute, entry);
  }
  const out = new Map<string, FileRewrite>();
  for (const [abs, { path, edits }] of byFile) {
    const before = await files.read(abs);
    const result = applyReplacements(before, edits);
    if (!result.ok) throw applyError(`${path}: ${result.error}; nothing was written`);
    if (result.text !== before) out.set(abs, { before, after: result.text });
  }
  return out;
}

/** Repository-relative paths of `files` in their one work tree; preconditions checked before any change. */
async function prepareBranch(
  git: Git,
  branch: string,
  files: readonly string[],
): Promise<{ tree: GitWorkTree; pathOf: Map<string, string> }> {
  const pathOf = new Map<string, string>();
  // One git call per directory, not per file: siblings share the root and the directory's prefix.
  const byDir = new Map<string, { root: string; dir: string }>();
  let root: string | null = null;
  for (const abs of files) {
    let at = byDir.get(dirname(abs));
    if (at === undefined) {
      const found = await git.locate(abs);
      if (found === null) throw usage(`--branch needs a git work tree, and ${dirname(abs)} is not in one`);
      at = { root: found.root, dir: found.path.slice(0, found.path.length - basename(abs).length) };
      byDir.set(dirname(abs), at);
    }
    if (root !== null && at.root !== root)
      throw usage(`--branch: the files to change are in more than one git work tree (${root}, ${at.root})`);
    root = at.root;
    pathOf.set(abs, `${at.dir}${basename(abs)}`);
  }
  const tree = git.workTree(root!);
  if (!(await tree.isValidBranchName(branch))) throw usage(`"${branch}" is not a valid branch name`);
  if ((await tree.head()) === null)
    throw usage(`--branch needs a commit to branch from; ${tree.root} has none`);
  if (await tree.branchExists(branch))
    throw usage(`branch "${branch}" already exists; choose another name or delete it first`);
  const unclean = await tree.uncleanPaths([...pathOf.values()]);
  if (unclean.length > 0)
    throw usage(
      `--branch: ${unclean.join(', ')} ${unclean.length === 1 ? 'has' : 'have'} changes that are not committed; commit or stash them first`,
    );
  return { tree, pathOf };
}

/**
 * One commit per update (or group): each commit's files hold the edits of that commit and every
 * earlier one, written atomically, then `git commit --only` on exactly those paths.
 */
async function commitOnBranch(
  deps: ApplyDeps,
  branch: string,
  changes: readonly PlannedChange[],
  originals: ReadonlyMap<string, FileRewrite>,
): Promise<{ commits: string[]; messages: string[] }> {
  const { tree, pathOf } = await prepareBranch(deps.git, branch, [...originals.keys()]);
  await tree.createBranch(branch);
  const done = new Map<string, { text: string; edits: TextEdit[] }>();
  for (const [abs, file] of originals) done.set(abs, { text: file.before, edits: [] });

  const commits: string[] = [];
  const messages: string[] = [];
  for (const unit of commitUnits(changes)) {
    const touched = new Set<string>();
    for (const change of unit.changes) {
      const state = done.get(change.item.absolute);
      if (state === undefined) continue; // a no-op edit: the file was left out of `originals`
      state.edits.push(...change.edits);
      touched.add(change.item.absolute);
    }
    const paths: string[] = [];
    for (const abs of touched) {
      const state = done.get(abs)!;
      const result = applyReplacements(originals.get(abs)!.before, state.edits);
      if (!result.ok) throw new Error(`edits verified a moment ago failed: ${result.error}`);
      if (result.text === state.text) continue; // e.g. an ARG default an earlier commit already changed
      await deps.files.write(abs, result.text);
      state.text = result.text;
      paths.push(pathOf.get(abs)!);
    }
    if (paths.length === 0) continue;
    commits.push(await tree.commit(paths, unit.message));
    messages.push(unit.message);
  }
  return { commits, messages };
}
