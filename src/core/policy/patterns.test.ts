import { describe, expect, it } from 'vitest';
import { isShipshapeError } from '../errors.js';
import { compileTagPattern, isRegexPattern, tagPatternProblem } from './patterns.js';

describe('tag patterns', () => {
  it.each([
    ['/-rc/', true],
    ['/^1\\./i', true],
    ['1.*', false],
    ['/', false],
    ['//', false],
  ])('%s is a regex: %s', (pattern, regex) => {
    expect(isRegexPattern(pattern)).toBe(regex);
  });

  it.each([
    ['/-rc/', null],
    ['*-alpine', null],
    ['/(unclosed/', 'Invalid regular expression: /(unclosed/: Unterminated group'],
    ['/-rc/g', 'regular expression flags may only be i, m, s and u'],
    ['', 'empty pattern'],
  ])('%j: problem %j', (pattern, problem) => {
    expect(tagPatternProblem(pattern)).toBe(problem);
  });

  it('regexes are unanchored, globs match the whole tag', () => {
    expect(compileTagPattern('/rc/').test('1.0-rc1')).toBe(true);
    expect(compileTagPattern('rc').test('1.0-rc1')).toBe(false);
    expect(compileTagPattern('/^1\\.2/').test('1.27')).toBe(true);
  });

  it('throws CONFIG_INVALID for an invalid pattern', () => {
    expect(() => compileTagPattern('/(/')).toThrow(
      '[policy] invalid tag pattern /(/: Invalid regular expression',
    );
    try {
      compileTagPattern('/(/');
    } catch (e) {
      expect(isShipshapeError(e, 'CONFIG_INVALID')).toBe(true);
    }
  });
});
