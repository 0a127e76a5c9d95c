import { describe, expect, it } from 'vitest';
import { compileGitignore, isIgnored, isIgnoredWithParents } from './gitignore.js';

type Row = [pattern: string, path: string, isDir: boolean, ignored: boolean];

describe('gitignore semantics', () => {
  const table: Row[] = [
    ['*.log', 'a.log', false, true],
    ['*.log', 'deep/dir/a.log', false, true],
    ['*.log', 'a.log.txt', false, false],
    ['build', 'build', true, true],
    ['build', 'src/build', false, true],
    ['/build', 'build', true, true],
    ['/build', 'src/build', true, false],
    ['build/', 'build', true, true],
    ['build/', 'build', false, false],
    ['build/', 'a/build', true, true],
    ['doc/frotz', 'doc/frotz', true, true],
    ['doc/frotz', 'a/doc/frotz', true, false],
    ['doc/*.yaml', 'doc/x.yaml', false, true],
    ['doc/*.yaml', 'doc/sub/x.yaml', false, false],
    ['**/foo', 'foo', false, true],
    ['**/foo', 'a/b/foo', false, true],
    ['**/foo/bar', 'x/foo/bar', false, true],
    ['abc/**', 'abc/x/y', false, true],
    ['abc/**', 'abc', true, false],
    ['a/**/b', 'a/b', false, true],
    ['a/**/b', 'a/x/y/b', false, true],
    ['a/**/b', 'ab', false, false],
    ['?.yaml', 'x.yaml', false, true],
    ['?.yaml', 'xy.yaml', false, false],
    ['[abc].txt', 'b.txt', false, true],
    ['[!abc].txt', 'b.txt', false, false],
    ['[!abc].txt', 'd.txt', false, true],
    ['\\#file', '#file', false, true],
    ['\\!important', '!important', false, true],
    ['# comment', '# comment', false, false],
    ['trailing   ', 'trailing', false, true],
    ['space\\ ', 'space ', false, true],
    ['*', 'anything/at/all', false, true],
  ];
  it.each(table)('%j vs %j (dir=%j) → %j', (pattern, path, isDir, ignored) => {
    expect(isIgnored([compileGitignore(pattern, '')], path, isDir)).toBe(ignored);
  });

  it('lets the last matching pattern win, with negation', () => {
    const set = compileGitignore('*.yaml\n!keep.yaml\n', '');
    expect(isIgnored([set], 'x.yaml', false)).toBe(true);
    expect(isIgnored([set], 'a/keep.yaml', false)).toBe(false);
    const reverse = compileGitignore('!keep.yaml\n*.yaml\n', '');
    expect(isIgnored([reverse], 'keep.yaml', false)).toBe(true);
  });

  it('reads nested files relative to their directory; deeper files win', () => {
    const root = compileGitignore('*.yaml\r\n', '');
    const nested = compileGitignore('!values.yaml\n/local.yaml\n', 'charts/web');
    const sets = [root, nested];
    expect(isIgnored(sets, 'charts/web/values.yaml', false)).toBe(false);
    expect(isIgnored(sets, 'charts/other/values.yaml', false)).toBe(true);
    expect(isIgnored(sets, 'charts/web/local.yaml', false)).toBe(true);
    expect(isIgnored([nested], 'charts/web/sub/local.yaml', false)).toBe(false);
  });

  it('cannot re-include a file below an ignored directory', () => {
    const set = compileGitignore('secret/\n!secret/Dockerfile\n', '');
    expect(isIgnored([set], 'secret/Dockerfile', false)).toBe(false);
    expect(isIgnoredWithParents([set], 'secret/Dockerfile', false)).toBe(true);
  });
});
