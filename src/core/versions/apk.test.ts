import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareApk, isValidApk } from './apk.js';

const RESULT = { '<': -1, '=': 0, '>': 1 } as const;

/** apk-tools' own `a op b` format; `#` starts a comment. */
function vectors(name: string): [string, string, number][] {
  return readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '')
    .map((l) => {
      const [a = '', op = '', b = ''] = l.split(/\s+/);
      return [a, b, RESULT[op as keyof typeof RESULT]];
    });
}

const flip = (r: number): number => (r === 0 ? 0 : -r);

describe('compareApk: apk-tools test/version.data', () => {
  it.each(vectors('apk-version.data'))('%s vs %s → %i', (a, b, r) => {
    expect(compareApk(a, b)).toBe(r);
    expect(compareApk(b, a)).toBe(flip(r));
  });
});

describe('compareApk: token rules of src/version.c', () => {
  it.each([
    // Suffixes: pre-releases before the bare version, the rest after, each by its rank.
    ['1.0_alpha', '1.0_beta', -1],
    ['1.0_beta', '1.0_pre', -1],
    ['1.0_pre', '1.0_rc', -1],
    ['1.0_rc', '1.0', -1],
    ['1.0', '1.0_cvs', -1],
    ['1.0_cvs', '1.0_svn', -1],
    ['1.0_svn', '1.0_git', -1],
    ['1.0_git', '1.0_hg', -1],
    ['1.0_hg', '1.0_p', -1],
    ['1.0_alpha', '1.0_alpha1', -1],
    ['1.0_alpha_beta', '1.0_alpha', -1],
    ['1.0_p1', '1.0_p1_p1', -1],
    ['1.0_rc01', '1.0_rc1', 0],
    ['1.0_pre20191002222144', '1.0_pre20191002222145', -1],
    // Letters: after the bare version, before further numbers.
    ['1.0', '1.0a', -1],
    ['1.0a', '1.0b', -1],
    ['1.0a', '1.0.1', -1],
    ['1.0_p', '1.0z', -1],
    // More components are newer; a revision is newer than none.
    ['1.0', '1.0.0', -1],
    ['1.0', '1.0-r0', -1],
    ['1.0-r1', '1.0-r2', -1],
    ['1.0-r9', '1.0-r10', -1],
    ['1.0-r01', '1.0-r1', 0],
    // A leading zero makes a component (not the first) compare as a string.
    ['1.0', '1.00', -1],
    ['1.01', '1.1', -1],
    ['1.05', '1.1', -1],
    ['1.09', '1.10', -1],
    ['1.010', '1.09', -1],
    ['01', '1', 0],
    ['007', '7', 0],
    // ~hash: after the version it follows, before a revision, hashes compared as strings.
    ['1.0', '1.0~abc', -1],
    ['1.0~abc', '1.0~abd', -1],
    ['1.0~abc', '1.0~abc0', -1],
    ['1.0-r1', '1.0~abc', -1],
    ['1.0~abc', '1.0~abc-r1', -1],
    ['1.0~abc-r1', '1.0~abc-r2', -1],
    ['1.0_git20240101~deadbeef', '1.0_git20240102', -1],
    // apk_blob_pull_uint accumulates in a uint64_t and wraps.
    ['18446744073709551615', '18446744073709551614', 1],
    ['18446744073709551616', '0', 0],
    ['1.18446744073709551617', '1.1', 0],
  ])('%s vs %s → %i', (a, b, r) => {
    expect(compareApk(a, b)).toBe(r);
    expect(compareApk(b, a)).toBe(flip(r));
  });
});

describe('compareApk: malformed strings, compared as apk compares them', () => {
  // Tokens stop at the first malformed one, which counts as an INVALID token: after END,
  // so a malformed tail makes a version older than the same version without it.
  it.each([
    ['1.0-foo', '1.0-bar', 0],
    ['1.0_foo', '1.0_bar', 0],
    ['1.0-foo', '1.0', -1],
    ['1.0A', '1.0', -1],
    ['1.0~ABC', '1.0', -1],
    ['1.0_alpha', '1.0-foo', -1],
    ['1.0-foo', '1.0-r1', -1],
    ['', '0', -1],
    ['', '', 0],
    ['a', '', 0],
    ['23_foo', '4_beta', 1],
  ])('%j vs %j → %i', (a, b, r) => {
    expect(compareApk(a, b)).toBe(r);
    expect(compareApk(b, a)).toBe(flip(r));
  });
});

describe('isValidApk (apk_version_validate)', () => {
  it.each([
    '0',
    '1',
    '01.002',
    '1.2.3',
    '1.2.3a',
    '1.2.3_alpha',
    '1.2.3_alpha2_beta3',
    '1.2.3_p1-r0',
    '1.2.3~abcdef0-r3',
    '1.2.3a_rc1~ff-r10',
    '2.9.11_pre20061021-r2',
    '1.0_git20240101~deadbeef-r0',
  ])('%j is valid', (v) => {
    expect(isValidApk(v)).toBe(true);
  });

  it.each([
    '',
    'a',
    'v1.0',
    ' 1.0',
    '1.0 ',
    '1.',
    '1..2',
    '1.2a3',
    '1.2ab',
    '1.0A',
    '1_',
    '1_foo',
    '1_alpha.1',
    '1-r',
    '1-r1-r2',
    '1-x1',
    '1~',
    '1~g',
    '1~AB',
    '1.0~ab~cd',
    '1-r1~ab',
    '1-r1_p1',
    '1.0bc',
  ])('%j is not valid', (v) => {
    expect(isValidApk(v)).toBe(false);
  });
});
