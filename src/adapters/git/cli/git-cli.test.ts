import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isShipshapeError } from '../../../core/errors.js';
import { GitCli } from './git-cli.js';

const env: NodeJS.ProcessEnv = {
  PATH: process.env['PATH'],
  HOME: tmpdir(),
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'T',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 'T',
  GIT_COMMITTER_EMAIL: 't@example.com',
};
let dir: string;
const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });
const write = (path: string, text: string): void => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};

beforeEach(() => {
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'shipshape-git-')));
  git('init', '-q', '-b', 'main');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('GitCli', () => {
  const cli = new GitCli({ env });

  it('locates a file in its work tree, or says it is in none', async () => {
    write('deploy/app/compose.yaml', 'x\n');
    expect(await cli.locate(join(dir, 'deploy/app/compose.yaml'))).toEqual({
      root: dir,
      path: 'deploy/app/compose.yaml',
    });
    const outside = mkdtempSync(join(tmpdir(), 'shipshape-nogit-'));
    try {
      expect(await cli.locate(join(outside, 'f'))).toBeNull();
    } finally {
      rmSync(outside, { recursive: true });
    }
  });

  it('knows an unborn HEAD, branch names and existing branches', async () => {
    const tree = cli.workTree(dir);
    expect(await tree.head()).toBeNull();
    write('a', '1\n');
    git('add', 'a');
    git('commit', '-q', '-m', 'one');
    expect(await tree.head()).toBe(git('rev-parse', 'HEAD').trim());
    expect(await tree.isValidBranchName('deps/images')).toBe(true);
    for (const bad of ['a..b', '-x', 'a b', 'x.lock', ''])
      expect(await tree.isValidBranchName(bad)).toBe(false);
    expect(await tree.branchExists('main')).toBe(true);
    expect(await tree.branchExists('deps/images')).toBe(false);
  });

  it('lists modified, staged, untracked and ignored paths among those asked about, literally', async () => {
    write('.gitignore', 'ignored.yaml\n');
    write('clean.yaml', '1\n');
    write('modified.yaml', '1\n');
    write('staged.yaml', '1\n');
    write('*.yaml', 'a file named with a star\n');
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    write('modified.yaml', '2\n');
    write('staged.yaml', '2\n');
    git('add', 'staged.yaml');
    write('untracked.yaml', '1\n');
    write('ignored.yaml', '1\n');
    const tree = cli.workTree(dir);
    const asked = ['clean.yaml', 'modified.yaml', 'staged.yaml', 'untracked.yaml', 'ignored.yaml'];
    expect((await tree.uncleanPaths(asked)).sort()).toEqual([
      'ignored.yaml',
      'modified.yaml',
      'staged.yaml',
      'untracked.yaml',
    ]);
    expect(await tree.uncleanPaths(['*.yaml'])).toEqual([]);
    expect(await tree.uncleanPaths([])).toEqual([]);
  });

  it('branches from HEAD and commits exactly the given paths', async () => {
    write('a.yaml', '1\n');
    write('b.yaml', '1\n');
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    const base = git('rev-parse', 'HEAD').trim();
    const tree = cli.workTree(dir);
    await tree.createBranch('deps/x');
    expect(git('branch', '--show-current').trim()).toBe('deps/x');
    write('a.yaml', '2\n');
    write('b.yaml', '2\n');
    git('add', 'b.yaml'); // someone else's staged change stays out of the commit
    const sha = await tree.commit(['a.yaml'], 'chore(deps): update nginx to 1.25.4');
    expect(git('rev-parse', 'HEAD').trim()).toBe(sha);
    expect(git('rev-parse', `${sha}^`).trim()).toBe(base);
    expect(git('log', '-1', '--format=%B', sha)).toBe('chore(deps): update nginx to 1.25.4\n\n');
    expect(git('show', '--name-only', '--format=', sha).trim()).toBe('a.yaml');
    expect(git('status', '--porcelain')).toBe('M  b.yaml\n');
  });

  it('reports git failures as IO_FAILED with git’s message, and a missing git plainly', async () => {
    const error = await cli
      .workTree(dir)
      .commit(['nothing-here.yaml'], 'x')
      .catch((e: unknown) => e);
    expect(isShipshapeError(error, 'IO_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(/^\[git\] git commit failed: .*nothing-here\.yaml/);
    const missing = await new GitCli({ env, program: 'git-not-installed' })
      .locate(join(dir, 'a'))
      .catch((e: unknown) => e);
    expect((missing as Error).message).toBe('[git] git-not-installed is not on PATH');
  });
});
