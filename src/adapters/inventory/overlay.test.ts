import { describe, expect, it } from 'vitest';
import { normalizeEntryPath, Overlay, whiteoutOf, type FsNode } from './overlay.js';

const file = (text: string): FsNode => ({ kind: 'memory', data: new TextEncoder().encode(text) });
const link = (target: string): FsNode => ({ kind: 'symlink', target });

function overlayOf(entries: Record<string, FsNode>): Overlay {
  const overlay = new Overlay();
  for (const [path, node] of Object.entries(entries)) overlay.set(path, node);
  return overlay;
}

const paths = (overlay: Overlay): string[] => [...overlay.entries()].map(([p]) => p).sort();

describe('normalizeEntryPath', () => {
  it('strips ./, leading and trailing slashes and . segments; rejects ..', () => {
    expect(normalizeEntryPath('./etc/os-release')).toBe('etc/os-release');
    expect(normalizeEntryPath('/usr//lib/./x/')).toBe('usr/lib/x');
    expect(normalizeEntryPath('./')).toBeNull();
    expect(normalizeEntryPath('a/../../etc/passwd')).toBeNull();
  });
});

describe('whiteoutOf', () => {
  it('tells deletions, opaque markers and aufs bookkeeping apart', () => {
    expect(whiteoutOf('var/lib/dpkg/.wh.status')).toEqual({ kind: 'delete', path: 'var/lib/dpkg/status' });
    expect(whiteoutOf('.wh.app')).toEqual({ kind: 'delete', path: 'app' });
    expect(whiteoutOf('app/node_modules/.wh..wh..opq')).toEqual({ kind: 'opaque', dir: 'app/node_modules' });
    expect(whiteoutOf('.wh..wh..opq')).toEqual({ kind: 'opaque', dir: '' });
    expect(whiteoutOf('.wh..wh.plnk/123.456')).toBeNull(); // inside the bookkeeping dir: an ordinary name
    expect(whiteoutOf('.wh..wh.plnk')).toEqual({ kind: 'meta' });
    expect(whiteoutOf('etc/what.wh.ever')).toBeNull();
  });
});

describe('Overlay', () => {
  it('a whiteout deletes the path and everything below it', () => {
    const overlay = overlayOf({ 'a/b': file('1'), 'a/b/c': file('2'), 'a/bc': file('3') });
    overlay.applyWhiteout({ kind: 'delete', path: 'a/b' });
    expect(paths(overlay)).toEqual(['a/bc']);
  });

  it('an opaque marker empties the directory but keeps the directory itself and its siblings', () => {
    const overlay = overlayOf({
      'n/x/package.json': file('1'),
      'n/y/package.json': file('2'),
      n2: file('3'),
      n: link('elsewhere'),
    });
    overlay.applyWhiteout({ kind: 'opaque', dir: 'n' });
    expect(paths(overlay)).toEqual(['n', 'n2']);
    overlay.applyWhiteout({ kind: 'opaque', dir: '' });
    expect(paths(overlay)).toEqual([]);
  });

  it('an entry replaces the node at its path; a non-directory replaces a whole subtree', () => {
    const overlay = overlayOf({
      lib: link('usr/lib'),
      'app/a': file('1'),
      'app/b/c': file('2'),
      'keep/x': file('3'),
    });
    overlay.replace('lib', true); // a real directory where the symlink was
    overlay.replace('app', false); // a file (or symlink) where the directory was
    overlay.replace('keep', true); // a directory entry over a directory changes nothing below
    expect(paths(overlay)).toEqual(['keep/x']);
    expect(overlay.size).toBe(1);
  });

  it('resolves relative, absolute and chained links in any component, within the root', () => {
    const overlay = overlayOf({
      'etc/os-release': link('../usr/lib/os-release'),
      'usr/lib/os-release': file('ID=debian'),
      'var/lib/rpm': link('../../usr/lib/sysimage/rpm'),
      'usr/lib/sysimage/rpm/rpmdb.sqlite': file('db'),
      'opt/abs': link('/etc/os-release'),
      'opt/escape': link('../../../../usr/lib/os-release'),
    });
    expect(overlay.resolve('etc/os-release')).toMatchObject({ path: 'usr/lib/os-release', viaLink: true });
    expect(overlay.resolve('var/lib/rpm/rpmdb.sqlite')).toMatchObject({
      path: 'usr/lib/sysimage/rpm/rpmdb.sqlite',
      node: { kind: 'memory' },
    });
    expect(overlay.resolve('opt/abs')?.path).toBe('usr/lib/os-release');
    expect(overlay.resolve('opt/escape')?.path).toBe('usr/lib/os-release');
    expect(overlay.resolve('usr/lib/os-release')).toMatchObject({ viaLink: false });
    expect(overlay.resolve('missing/file')).toEqual({
      path: 'missing/file',
      node: undefined,
      viaLink: false,
    });
  });

  it('gives up on link loops', () => {
    const overlay = overlayOf({ a: link('b'), b: link('a'), self: link('self/x') });
    expect(overlay.resolve('a')).toBeNull();
    expect(overlay.resolve('self/y')).toBeNull();
  });
});
