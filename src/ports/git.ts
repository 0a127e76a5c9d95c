/**
 * The subset of git that `apply --branch` uses: find the work tree, check it is safe to commit in,
 * make a branch, commit some paths. Implementation: adapters/git/cli (the `git` program).
 * Paths are relative to the work tree's root with "/" separators.
 */
export interface Git {
  /**
   * The work tree holding `file` (an absolute path; its directory must exist): the root as git
   * names it and the file's path inside it. null when the file is not in a work tree.
   */
  locate(file: string): Promise<{ readonly root: string; readonly path: string } | null>;
  /** The work tree at `root`, as `locate` returned it. */
  workTree(root: string): GitWorkTree;
}

export interface GitWorkTree {
  /** Absolute path of the work tree's top-level directory. */
  readonly root: string;
  /** The commit HEAD points at, or null on an unborn branch (no commits yet). */
  head(): Promise<string | null>;
  /** Whether `name` is acceptable as a branch name (`git check-ref-format --branch`). */
  isValidBranchName(name: string): Promise<boolean>;
  branchExists(name: string): Promise<boolean>;
  /**
   * The paths among `paths` that differ from HEAD in the index or the work tree, or are untracked:
   * committing them would mix in changes Shipshape did not make.
   */
  uncleanPaths(paths: readonly string[]): Promise<string[]>;
  /** Creates branch `name` at HEAD and checks it out; the work tree and index are left as they are. */
  createBranch(name: string): Promise<void>;
  /**
   * Commits the work-tree content of exactly `paths` (other staged changes stay staged, uncommitted)
   * and returns the new commit's id.
   */
  commit(paths: readonly string[], message: string): Promise<string>;
}
