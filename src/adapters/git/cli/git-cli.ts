/**
 * The Git port over the real `git` program (execFile, never a shell). Pathspecs are literal
 * (`--literal-pathspecs`), so a file named `*.yaml` means only that file.
 */
import { execFile } from 'node:child_process';
import { basename, dirname } from 'node:path';
import { ShipshapeError } from '../../../core/errors.js';
import type { Git, GitWorkTree } from '../../../ports/git.js';

const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

export interface GitCliOptions {
  /** Environment for git (PATH finds the program; GIT_* variables apply as usual). */
  readonly env?: NodeJS.ProcessEnv;
  /** The program to run; default "git". */
  readonly program?: string;
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class GitCli implements Git {
  private readonly env: NodeJS.ProcessEnv;
  private readonly program: string;

  constructor(options: GitCliOptions = {}) {
    this.env = options.env ?? process.env;
    this.program = options.program ?? 'git';
  }

  /** Runs git in `cwd`; resolves with any exit code, rejects only when git cannot be started. */
  run(cwd: string, args: readonly string[]): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        this.program,
        ['--literal-pathspecs', ...args],
        { cwd, env: this.env, maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8' },
        (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number') {
            const why = error.code === 'ENOENT' ? 'is not on PATH' : `could not run (${error.message})`;
            reject(new ShipshapeError('IO_FAILED', 'git', `${this.program} ${why}`, { cause: error }));
            return;
          }
          resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
        },
      );
      // git never reads stdin here; close it so nothing waits on it (a git that exits first is no error).
      child.stdin?.on('error', () => undefined);
      child.stdin?.end();
    });
  }

  /** Runs git and returns its stdout; a non-zero exit is an IO_FAILED error with git's own message. */
  async must(cwd: string, args: readonly string[]): Promise<string> {
    const r = await this.run(cwd, args);
    if (r.code !== 0) {
      const detail = r.stderr.trim().split('\n').slice(-3).join(' ').trim() || `exit code ${r.code}`;
      throw new ShipshapeError('IO_FAILED', 'git', `git ${args[0] ?? ''} failed: ${detail}`);
    }
    return r.stdout;
  }

  async locate(file: string): Promise<{ root: string; path: string } | null> {
    // Asking git for the prefix avoids comparing our spelling of the path with its (symlinks, case).
    const r = await this.run(dirname(file), ['rev-parse', '--show-toplevel', '--show-prefix']);
    if (r.code !== 0) return null;
    const [root = '', prefix = ''] = r.stdout.split('\n');
    return root === '' ? null : { root, path: `${prefix}${basename(file)}` };
  }

  workTree(root: string): GitWorkTree {
    return new GitCliWorkTree(this, root);
  }
}

class GitCliWorkTree implements GitWorkTree {
  constructor(
    private readonly git: GitCli,
    readonly root: string,
  ) {}

  async head(): Promise<string | null> {
    const r = await this.git.run(this.root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    return r.code === 0 ? r.stdout.trim() : null;
  }

  async isValidBranchName(name: string): Promise<boolean> {
    if (name.startsWith('-')) return false;
    return (await this.git.run(this.root, ['check-ref-format', '--branch', name])).code === 0;
  }

  async branchExists(name: string): Promise<boolean> {
    const r = await this.git.run(this.root, ['show-ref', '--verify', '--quiet', `refs/heads/${name}`]);
    return r.code === 0;
  }

  async uncleanPaths(paths: readonly string[]): Promise<string[]> {
    if (paths.length === 0) return [];
    const out = await this.git.must(this.root, [
      'status',
      '--porcelain=v1',
      '-z',
      '--untracked-files=all',
      '--ignored=matching',
      '--',
      ...paths,
    ]);
    // Entries are "XY path\0", renames and copies add "orig\0"; paths are relative to the root.
    const found: string[] = [];
    const fields = out.split('\0');
    for (let i = 0; i < fields.length; i++) {
      const entry = fields[i]!;
      if (entry.length < 4) continue;
      found.push(entry.slice(3));
      if (entry[0] === 'R' || entry[0] === 'C') i++;
    }
    return found;
  }

  async createBranch(name: string): Promise<void> {
    await this.git.must(this.root, ['switch', '--quiet', '--create', name]);
  }

  async commit(paths: readonly string[], message: string): Promise<string> {
    await this.git.must(this.root, ['commit', '--quiet', '--only', '--message', message, '--', ...paths]);
    return (await this.git.must(this.root, ['rev-parse', '--verify', 'HEAD^{commit}'])).trim();
  }
}
