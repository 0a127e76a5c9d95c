import { describe, expect, it } from 'vitest';
import { isShipshapeError } from '../errors.js';
import { findCandidates, updateType } from './candidates.js';
import { regexVersioning } from './regex.js';

// Renovate's python example: glued prerelease, compatibility after the first `-`.
const python = regexVersioning(
  '^(?<major>\\d+)\\.(?<minor>\\d+)\\.(?<patch>\\d+)(?<prerelease>[^.-]+)?(?:-(?<compatibility>.*))?$',
);
const bitnami = regexVersioning(
  '^(?<major>\\d+)\\.(?<minor>\\d+)\\.(?<patch>\\d+)(:?-(?<compatibility>.+)(?<build>\\d+)-r(?<revision>\\d+))?$',
);

describe('regex: pattern validation', () => {
  it.each([
    ['not a regex (', /Invalid regular expression/],
    ['^(?<major>\\d+)(', /Invalid regular expression/],
    ['^(?<minor>\\d+)$', /needs a named group <major>/],
    ['^\\d+$', /needs a named group <major>/],
    ['^(?<major>\\d+)?(?<compabillity>.+)', /unknown group <compabillity>/],
    ['^(?<major>\\d+)(?<x>a)(?<y>b)$', /unknown group <x>, <y>/],
  ] as const)('rejects %j', (pattern, message) => {
    let error: unknown;
    try {
      regexVersioning(pattern);
    } catch (e) {
      error = e;
    }
    expect(isShipshapeError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/^\[versioning:regex\] invalid versioning pattern/);
  });

  it('accepts a pattern whose version groups may be missing (Renovate: "works with missing version")', () => {
    const re = regexVersioning('^(?<major>\\d+)?(?<compatibility>.+)');
    expect(re.isVersion('alpine')).toBe(true);
    expect(re.getMajor('alpine')).toBe(0);
  });

  it('accepts Renovate-style escaped hyphens', () => {
    const re = regexVersioning('^(?<major>\\d+)\\.(?<minor>\\d+)(\\-(?<compatibility>.+))?$');
    expect(re.isCompatible('1.2-alpine', '1.3-alpine')).toBe(true);
  });
});

describe('regex: Renovate python-pattern tables', () => {
  it.each([
    ['1', false],
    ['aardvark', false],
    ['1.2a1-foo', false],
    ['1.2.3', true],
    ['1.2.3a1', true],
    ['1.2.3b2', true],
    ['1.2.3-foo', true],
    ['1.2.3b2-foo', true],
    ['1.2.3b2-foo-bar', true],
    ['1-foo', false],
    ['1.2', false],
    ['1.2-foo', false],
    ['1.2.3.4.5.6.7', false],
    ['1.2.aardvark', false],
    ['1.2.aardvark-foo', false],
    ['1.2a2.3', false],
  ] as const)('isVersion(%j) === %j', (tag, expected) => {
    expect(python.isVersion(tag)).toBe(expected);
  });

  it.each([
    ['1.2.3', '2.3.4', true],
    ['1.2.3a1', '2.3.4', true],
    ['1.2.3', '2.3.4b1', true],
    ['1.2.3-foobar', '2.3.4-foobar', true],
    ['1.2.3a1-foobar', '2.3.4-foobar', true],
    ['1.2.3-foobar', '2.3.4b1-foobar', true],
    ['1.2.3', '2.3.4-foobar', false],
    ['1.2.3a1', '2.3.4-foobar', false],
    ['1.2.3', '2.3.4b1-foobar', false],
    ['1.2.3-foobar', '2.3.4', false],
    ['1.2.3a1-foobar', '2.3.4', false],
    ['1.2.3-foobar', '2.3.4b1', false],
    ['1.2.3-foo', '2.3.4-bar', false],
    ['1.2.3a1-foo', '2.3.4-bar', false],
    ['1.2.3-foo', '2.3.4b1-bar', false],
  ] as const)('isCompatible(%j, %j) === %j', (a, b, expected) => {
    expect(python.isCompatible(a, b)).toBe(expected);
  });

  it.each([
    ['1.2.3', true],
    ['1.2.3-foo', true],
    ['1.2.3alpha', false],
    ['1.2.3b3-foo', false],
  ] as const)('isStable(%j) === %j', (tag, expected) => {
    expect(python.isStable(tag)).toBe(expected);
  });

  it.each([
    ['1.2.3', 1, 2, 3],
    ['1.2.3a1', 1, 2, 3],
    ['1.2.3a1-foo', 1, 2, 3],
  ] as const)('%j → %j.%j.%j', (tag, major, minor, patch) => {
    expect(python.getMajor(tag)).toBe(major);
    expect(python.getMinor(tag)).toBe(minor);
    expect(python.getPatch(tag)).toBe(patch);
  });

  it.each([
    ['1.2.3', '1.2.3', true],
    ['1.2.3a1', '1.2.3a1', true],
    ['1.2.3a1-foo', '1.2.3a1-foo', true],
    ['1.2.3', '1.2.3-bar', true],
    ['1.2.3a1', '1.2.3a1-bar', true],
    ['1.2.3a1-foo', '1.2.3a1-bar', true],
    ['1.2.3', '1.2.4', false],
    ['1.2.3', '1.3.3', false],
    ['1.2.3', '2.2.3', false],
    ['1.2.3', '1.2.3a1', false],
    ['1.2.3a1', '1.2.3a2', false],
    ['1.2.3', '1.2.4-foo', false],
    ['1.2.3', '1.3.3-foo', false],
    ['1.2.3', '2.2.3-foo', false],
    ['1.2.3', '1.2.3a1-foo', false],
    ['1.2.3a1', '1.2.3a2-foo', false],
  ] as const)('compare(%j, %j) === 0 is %j', (a, b, expected) => {
    expect(python.compare(a, b) === 0).toBe(expected);
  });

  it.each([
    ['2.0.0', '1.0.0', true],
    ['2.2.0', '2.1.0', true],
    ['2.2.1', '2.2.0', true],
    ['3.0.0a2', '3.0.0a1', true],
    ['3.0.0b1', '3.0.0a2', true],
    ['3.0.0', '3.0.0b2', true],
    ['2.0.0', '1.0.0-foo', true],
    ['2.2.0', '2.1.0-foo', true],
    ['2.2.1', '2.2.0-foo', true],
    ['3.0.0a2', '3.0.0a1-foo', true],
    ['3.0.0b1', '3.0.0a2-foo', true],
    ['1.0.0', '2.0.0', false],
    ['2.1.0', '2.2.0', false],
    ['2.2.1', '2.2.2', false],
    ['3.0.0a1', '3.0.0a2', false],
    ['3.0.0a2', '3.0.0b1', false],
    ['3.0.0b2', '3.0.0', false],
    ['1.0.0', '1.0.0', false],
    ['3.0.0a1', '3.0.0a1', false],
    ['1.0.0', '1.0.0-foo', false],
    ['3.0.0b2', '3.0.0b2-foo', false],
    // Ours: natural prerelease order.
    ['3.0.0rc10', '3.0.0rc9', true],
  ] as const)('compare(%j, %j) > 0 is %j', (a, b, expected) => {
    expect(python.compare(a, b) > 0).toBe(expected);
  });

  it('Renovate: sorts ascending', () => {
    expect(['1.2.3a1', '2.0.1', '1.3.4', '1.2.3'].sort((a, b) => python.compare(a, b))).toEqual([
      '1.2.3a1',
      '1.2.3',
      '1.3.4',
      '2.0.1',
    ]);
  });
});

describe('regex: build and revision (Renovate bitnami tables)', () => {
  it.each([
    ['12.7.0-debian-10-r69', true],
    ['12.7.0-debian-10-r100', true],
    ['12.7.0', true],
    ['12.7.0-debian-10-rx', false],
  ] as const)('isVersion(%j) === %j', (tag, expected) => {
    expect(bitnami.isVersion(tag)).toBe(expected);
  });

  it('compares revisions numerically and keeps the compatibility', () => {
    expect(bitnami.isCompatible('12.7.0-debian-10-r69', '12.7.0-debian-10-r100')).toBe(true);
    expect(bitnami.compare('12.7.0-debian-10-r69', '12.7.0-debian-10-r100')).toBeLessThan(0);
    expect(bitnami.compare('12.7.0-debian-10-r169', '12.7.0-debian-10-r100')).toBeGreaterThan(0);
    expect(updateType(bitnami, '12.7.0-debian-10-r69', '12.7.0-debian-10-r100')).toBe('patch');
  });

  it('finds bitnami candidates', () => {
    const tags = [
      '7.2.4-debian-12-r0',
      '7.2.4-debian-12-r9',
      '7.2.5-debian-12-r2',
      '7.4.1-debian-12-r0',
      '8.0.0-debian-12-r1',
      '7.2.5-debian-11-r7',
      'latest',
    ];
    expect(findCandidates(bitnami, '7.2.4-debian-12-r0', tags)).toEqual([
      { type: 'patch', tag: '7.2.5-debian-12-r2' },
      { type: 'minor', tag: '7.4.1-debian-12-r0' },
      { type: 'major', tag: '8.0.0-debian-12-r1' },
    ]);
  });
});
