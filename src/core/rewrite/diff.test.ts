import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './diff.js';

// Expected outputs were checked against GNU `diff -u`.
describe('unifiedDiff', () => {
  it('is empty when nothing changed', () => {
    expect(unifiedDiff('a', 'x\n', 'x\n')).toBe('');
  });

  it('shows separate hunks with three lines of context', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\nn\n';
    const after = before.replace('d\n', 'D\n').replace('m\n', 'M\n');
    expect(unifiedDiff('Dockerfile', before, after)).toBe(
      '--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n@@ -10,5 +10,5 @@\n j\n k\n l\n-m\n+M\n n\n',
    );
  });

  it('joins nearby changes into one hunk', () => {
    expect(unifiedDiff('f', '1\n2\n3\n4\n5\n6\n7\n8\n', '1\n2\nX\n4\n5\n6\n7\nY\n')).toBe(
      '--- a/f\n+++ b/f\n@@ -1,8 +1,8 @@\n 1\n 2\n-3\n+X\n 4\n 5\n 6\n 7\n-8\n+Y\n',
    );
  });

  it('keeps CR characters and marks a missing final newline', () => {
    expect(unifiedDiff('f', 'x\r\ny\r\nz', 'x\r\nY\r\nz')).toBe(
      '--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n x\r\n-y\r\n+Y\r\n z\n\\ No newline at end of file\n',
    );
    expect(unifiedDiff('f', 'one\ntwo', 'one\ntwo\n')).toBe(
      '--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n one\n-two\n\\ No newline at end of file\n+two\n',
    );
  });

  it('handles empty files on either side', () => {
    expect(unifiedDiff('f', '', 'new\n')).toBe('--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+new\n');
    expect(unifiedDiff('f', 'a\n', '')).toBe('--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n-a\n');
  });

  it('is fast on a large file with scattered edits', () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `line ${i}\n`);
    const after = lines.map((l, i) => (i % 5000 === 0 ? `changed ${i}\n` : l));
    const started = performance.now();
    const diff = unifiedDiff('big', lines.join(''), after.join(''));
    // A guard against quadratic diffing (minutes on 50k lines), not a speed target.
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(diff.match(/^@@/gm)).toHaveLength(10);
  });
});
