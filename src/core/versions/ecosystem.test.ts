import { describe, expect, it } from 'vitest';
import {
  comparatorForEcosystem,
  compareApk,
  compareDpkg,
  compareGo,
  compareMaven,
  comparePep440,
  compareRpm,
  compareRubyGems,
  compareSemver,
} from './index.js';

describe('comparatorForEcosystem', () => {
  it.each([
    ['Debian', compareDpkg],
    ['Debian:12', compareDpkg],
    ['Ubuntu', compareDpkg],
    ['Ubuntu:22.04:LTS', compareDpkg],
    ['Ubuntu:Pro:18.04:LTS', compareDpkg],
    ['Alpine', compareApk],
    ['Alpine:v3.19', compareApk],
    ['Wolfi', compareApk],
    ['Chainguard', compareApk],
    ['Red Hat', compareRpm],
    ['Red Hat:enterprise_linux:9::appstream', compareRpm],
    ['Rocky Linux', compareRpm],
    ['Rocky Linux:9', compareRpm],
    ['AlmaLinux', compareRpm],
    ['AlmaLinux:8', compareRpm],
    ['openSUSE', compareRpm],
    ['openSUSE:Leap 15.5', compareRpm],
    ['SUSE:Linux Enterprise Server 15 SP5', compareRpm],
    ['npm', compareSemver],
    ['crates.io', compareSemver],
    ['PyPI', comparePep440],
    ['Go', compareGo],
    ['Maven', compareMaven],
    ['RubyGems', compareRubyGems],
  ])('%j → %o', (ecosystem, comparator) => {
    expect(comparatorForEcosystem(ecosystem)).toBe(comparator);
  });

  it('ignores case and surrounding space in the name', () => {
    expect(comparatorForEcosystem(' pypi ')).toBe(comparePep440);
    expect(comparatorForEcosystem('DEBIAN:11')).toBe(compareDpkg);
  });

  it.each(['', 'NuGet', 'Packagist', 'Hackage', 'GIT', 'Linux', 'Debianish', ':Debian'])('%j → null', (e) => {
    expect(comparatorForEcosystem(e)).toBeNull();
  });

  it('gives comparators that order real advisories the way the distribution does', () => {
    // openssl fixed in Debian 12 in 3.0.11-1~deb12u2; the installed one is older.
    expect(comparatorForEcosystem('Debian:12')?.('3.0.11-1~deb12u1', '3.0.11-1~deb12u2')).toBe(-1);
    expect(comparatorForEcosystem('Alpine:v3.19')?.('3.1.4-r5', '3.1.4-r6')).toBe(-1);
    expect(comparatorForEcosystem('Red Hat')?.('1:3.0.7-24.el9', '1:3.0.7-27.el9_4')).toBe(-1);
    expect(comparatorForEcosystem('PyPI')?.('2.31.0', '2.32.0rc1')).toBe(-1);
    expect(comparatorForEcosystem('Go')?.('0.17.0', 'v0.23.0')).toBe(-1);
    expect(comparatorForEcosystem('Maven')?.('2.17.0', '2.17.1')).toBe(-1);
    expect(comparatorForEcosystem('npm')?.('4.17.20', '4.17.21')).toBe(-1);
  });
});
