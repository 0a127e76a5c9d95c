import { describe, expect, it } from 'vitest';
import { compareRubyGems, isValidRubyGems } from './rubygems.js';

const flip = (r: number): number => (r === 0 ? 0 : -r);

describe('compareRubyGems (Gem::Version#<=>, best effort)', () => {
  it.each([
    // rubygems test_gem_version.rb test_spaceship
    ['1.0', '1.0.0', 0],
    ['1.0', '1.0.a', 1],
    ['1.8.2', '0.0.0', 1],
    ['1.8.2', '1.8.2.a', 1],
    ['1.8.2.b', '1.8.2.a', 1],
    ['1.8.2.a', '1.8.2', -1],
    ['1.8.2.a10', '1.8.2.a9', 1],
    ['', '0', 0],
    ['0.beta.1', '0.0.beta.1', 0],
    ['0.0.beta', '0.0.beta.1', -1],
    ['0.0.beta', '0.beta.1', -1],
    ['5.a', '5.0.0.rc2', -1],
    ['5.x', '5.0.0.rc2', 1],
    // test_equals2
    ['1.2.b1', '1.2.b.1', 0],
    // test_semver
    ['1.0.0-alpha', '1.0.0-alpha.1', -1],
    ['1.0.0-alpha.1', '1.0.0-beta.2', -1],
    ['1.0.0-beta.2', '1.0.0-beta.11', -1],
    ['1.0.0-beta.11', '1.0.0-rc.1', -1],
    ['1.0.0-rc1', '1.0.0', -1],
    ['1.0.0-1', '1', -1],
    // Canonical segments and case.
    ['1.a.0', '1.a', 0],
    ['1.0.0-pre', '1.0.0.pre', -1],
    ['2.0.0.rc1', '2.0.0.beta2', 1],
    ['2.0.0', '2.0.0.1', -1],
    ['1.10', '1.9', 1],
    ['1.0.A', '1.0.a', -1],
    [' 1.0 ', '1', 0],
    ['7.0.8.1', '7.0.8', 1],
    ['3.2.22.5', '4.0.0.beta1', -1],
  ])('%j vs %j → %i', (a, b, r) => {
    expect(compareRubyGems(a, b)).toBe(r);
    expect(compareRubyGems(b, a)).toBe(flip(r));
  });

  it.each(['', '   ', ' 1.0 ', '1', '1.0.a', '1.0-beta.1', '1.0-1', '1.2.b1', '0.0.0'])(
    '%j is valid',
    (v) => {
      expect(isValidRubyGems(v)).toBe(true);
    },
  );

  it.each(['junk', '1.0\n2.0', '1.0+build', '-1', '1..0', '.1', '1.0.', 'v1.0', '1.0-'])(
    '%j is not valid',
    (v) => {
      expect(isValidRubyGems(v)).toBe(false);
    },
  );

  it('sorts malformed strings first, among themselves by code units', () => {
    expect(compareRubyGems('junk', '0')).toBe(-1);
    expect(compareRubyGems('junk', 'crud')).toBe(1);
  });
});
