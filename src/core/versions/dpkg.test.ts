import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareDpkg, compareDpkgVersions, isValidDpkg, parseDpkgVersion } from './dpkg.js';

/** `a b result` lines; `#` comments. */
function vectors(name: string): [string, string, number][] {
  return readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const [a = '', b = '', r = ''] = l.split(' ');
      return [a, b, Number(r)];
    });
}

const flip = (r: number): number => (r === 0 ? 0 : -r);
const v = (epoch: number, upstream: string, revision: string) => ({ epoch, upstream, revision });

describe('compareDpkg: dpkg test suites', () => {
  const data = vectors('dpkg-version.data');
  it.each(data)('Dpkg_Version.t: %s vs %s → %i', (a, b, r) => {
    expect(compareDpkg(a, b)).toBe(r);
    expect(compareDpkg(b, a)).toBe(flip(r));
  });

  // lib/dpkg/t/t-version.c, test_version_compare (DPKG_VERSION_OBJECT(epoch, version, revision)).
  it.each([
    [v(0, '', ''), v(0, '', ''), 0],
    [v(1, '', ''), v(2, '', ''), -1],
    [v(0, '1', '1'), v(0, '2', '1'), -1],
    [v(0, '1', '1'), v(0, '1', '2'), -1],
    [v(0, '0', '0'), v(0, '0', '0'), 0],
    [v(0, '0', '00'), v(0, '00', '0'), 0],
    [v(1, '2', '3'), v(1, '2', '3'), 0],
    [v(0, '0', '0'), v(1, '0', '0'), -1],
    [v(0, 'a', '0'), v(0, 'b', '0'), -1],
    [v(0, '0', 'a'), v(0, '0', 'b'), -1],
  ])('t-version.c: %o vs %o → %i', (a, b, r) => {
    expect(compareDpkgVersions(a, b)).toBe(r);
    expect(compareDpkgVersions(b, a)).toBe(flip(r));
  });
});

describe('compareDpkg: recorded from dpkg --compare-versions', () => {
  it.each(vectors('dpkg-oracle.data'))('%s vs %s → %i', (a, b, r) => {
    expect(compareDpkg(a, b)).toBe(r);
    expect(compareDpkg(b, a)).toBe(flip(r));
  });
});

describe('compareDpkg: Debian policy ordering', () => {
  // Policy 5.6.12: ~ sorts before everything, even the end of a part; letters before non-letters.
  const ordered = [
    '~~',
    '~~a',
    '~',
    '0',
    '0a',
    '0z',
    '0+',
    '0.',
    '1.0~~',
    '1.0~~a',
    '1.0~',
    '1.0~rc1',
    '1.0',
    '1.0-1~bpo1',
    '1.0-1',
    '1.0-1+b1',
    '1.0-1+deb12u1',
    '1.0-1.1',
    '1.0-2',
    '1.0-10',
    '1.0a',
    '1.0+dfsg',
    '1.0.1',
    '1.1',
    '1.10',
    '2',
    '1:0.1',
    '1:1.0',
    '2:0',
  ];
  it.each(ordered.slice(1).map((b, i) => [ordered[i] ?? '', b]))('%s < %s', (a, b) => {
    expect(compareDpkg(a, b)).toBe(-1);
    expect(compareDpkg(b, a)).toBe(1);
  });

  it('sorts a shuffled list into policy order', () => {
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort(compareDpkg)).toEqual(ordered);
  });

  it.each([
    ['1.0', '1.00'],
    ['1.0', '1.0-0'],
    ['1.01', '1.1'],
    ['0:1.0', '1.0'],
    ['00:1.0', '1.0'],
    ['1.0-1', '1.0-01'],
    ['  1.0-1\t', '1.0-1'],
  ])('%j == %j', (a, b) => {
    expect(compareDpkg(a, b)).toBe(0);
  });
});

describe('parseDpkgVersion (lib/dpkg/t/t-version.c test_version_parse)', () => {
  it.each([
    ['0', v(0, '0', '')],
    ['0:0', v(0, '0', '')],
    ['0:0-0', v(0, '0', '0')],
    ['0:0.0-0.0', v(0, '0.0', '0.0')],
    ['1:0', v(1, '0', '')],
    ['5:1', v(5, '1', '')],
    ['0:0-0-0', v(0, '0-0', '0')],
    ['0:0-0-0-0', v(0, '0-0-0', '0')],
    ['0:0:0-0', v(0, '0:0', '0')],
    ['0:0:0:0-0', v(0, '0:0:0', '0')],
    ['0:0:0-0-0', v(0, '0:0-0', '0')],
    ['0:0-0:0-0', v(0, '0-0:0', '0')],
    ['0:09azAZ.-+~:-0', v(0, '09azAZ.-+~:', '0')],
    ['0:0-azAZ09.+~', v(0, '0', 'azAZ09.+~')],
    ['  \t0:0-1', v(0, '0', '1')],
    ['0:0-1\t  ', v(0, '0', '1')],
    ['\t  0:0-1  \t', v(0, '0', '1')],
    ['2147483647:1', v(2147483647, '1', '')],
  ])('%j parses to %o', (input, version) => {
    expect(parseDpkgVersion(input)).toEqual({ ok: true, version, warning: null });
    expect(isValidDpkg(input)).toBe(true);
  });

  it.each([
    ['', 'version string is empty'],
    ['  ', 'version string is empty'],
    ['0:', 'nothing after colon in version number'],
    [':1.0', 'epoch in version is empty'],
    ['1.0-', 'revision number is empty'],
    ['0:0 0-1', 'version string has embedded spaces'],
    ['-1:0-1', 'epoch in version is negative'],
    ['999999999999999999999999:0-1', 'epoch in version is too big'],
    ['2147483648:0', 'epoch in version is too big'],
    ['a:0-0', 'epoch in version is empty'],
    ['A:0-0', 'epoch in version is empty'],
    ['10a:5.2', 'epoch in version is not number'],
    ['-0', 'version number is empty'],
    ['0:-0', 'version number is empty'],
  ])('%j is an error: %s', (input, error) => {
    expect(parseDpkgVersion(input)).toEqual({ ok: false, error });
    expect(isValidDpkg(input)).toBe(false);
  });

  it('warns when the upstream version does not start with a digit', () => {
    expect(parseDpkgVersion('0:abc3-0')).toEqual({
      ok: true,
      version: v(0, 'abc3', '0'),
      warning: 'version number does not start with digit',
    });
    expect(isValidDpkg('0:abc3-0')).toBe(false);
  });

  it.each([...`!#@$%&/|\\<>()[]{};,_=*^'`])('warns on %j in the upstream version', (c) => {
    const r = parseDpkgVersion(`0:0${c}-0`);
    expect(r).toMatchObject({ ok: true, warning: 'invalid character in version number' });
  });

  it.each([...`!#@$%&/|\\<>()[]{}:;,_=*^'`])('warns on %j in the revision', (c) => {
    const r = parseDpkgVersion(`0:0-0${c}`);
    expect(r).toMatchObject({ ok: true, warning: 'invalid character in revision number' });
  });
});

describe('compareDpkg: strings dpkg rejects', () => {
  it('sorts them before every version, and among themselves by code units', () => {
    expect(compareDpkg('', '0')).toBe(-1);
    expect(compareDpkg('1.0-', '0~')).toBe(-1);
    expect(compareDpkg('0foo', '0foo-')).toBe(1);
    expect(compareDpkg('-0.6.5', '0.9.1')).toBe(-1);
    expect(compareDpkg('1 2', '1.0-')).toBe(-1);
    expect(compareDpkg('1.0-', '1 2')).toBe(1);
    expect(compareDpkg('', '')).toBe(0);
  });

  it('still compares versions dpkg only warns about, as dpkg does', () => {
    expect(compareDpkg('abc', '1')).toBe(1);
    expect(compareDpkg('1_2', '1.2')).toBe(1);
    expect(compareDpkg('1é', '1z')).toBe(1);
    expect(compareDpkg('1é', '1+')).toBe(-1);
  });
});
