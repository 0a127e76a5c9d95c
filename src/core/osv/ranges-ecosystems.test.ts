/**
 * Range evaluation with each ecosystem's real ordering (core/versions): the cases where a naive string or
 * numeric comparison would be wrong — epochs, tildes, revisions, pre-releases, qualifiers.
 */
import { describe, expect, it } from 'vitest';
import { comparatorsForEcosystem } from './comparators.js';
import { evaluateAffected } from './ranges.js';
import type { OsvEvent, OsvRange } from './types.js';

const I = (version: string): OsvEvent => ({ kind: 'introduced', version });
const F = (version: string): OsvEvent => ({ kind: 'fixed', version });
const L = (version: string): OsvEvent => ({ kind: 'last_affected', version });
const LIM = (version: string): OsvEvent => ({ kind: 'limit', version });
const eco = (...events: OsvEvent[]): OsvRange => ({ type: 'ECOSYSTEM', events });
const semver = (...events: OsvEvent[]): OsvRange => ({ type: 'SEMVER', events });

type Case = readonly [
  version: string,
  ranges: readonly OsvRange[],
  expected: boolean,
  versions?: readonly string[],
];

function table(ecosystem: string, cases: readonly Case[]): void {
  describe(ecosystem, () => {
    it.each(cases.map(([version, ranges, expected, versions]) => ({ version, ranges, expected, versions })))(
      '$version → $expected  ($ranges.0.events)',
      ({ version, ranges, expected, versions }) => {
        const verdict = evaluateAffected(
          version,
          [{ ranges, versions: versions ?? [] }],
          comparatorsForEcosystem(ecosystem),
        );
        expect(verdict.affected).toBe(expected);
      },
    );
  });
}

const opensslDeb12 = eco(I('0'), F('3.0.11-1~deb12u2'));
const glibc = eco(I('0'), F('2.36-9+deb12u3'));
const zlib = eco(I('0'), L('1:1.2.13.dfsg-1'));
const twoBranches = [eco(I('0'), F('1.1.1w-0+deb11u1')), eco(I('3.0.0-1'), F('3.0.11-1~deb12u2'))];

table('Debian:12', [
  ['3.0.11-1~deb12u1', [opensslDeb12], true],
  ['3.0.11-1~deb12u2', [opensslDeb12], false],
  ['3.0.11-1', [opensslDeb12], false], // ~ sorts before the end of the string
  ['3.0.9-1', [opensslDeb12], true],
  ['3.0.11-1~deb12u10', [opensslDeb12], false], // u10 > u2: digits compare numerically
  ['2.36-9+deb12u4', [glibc], false],
  ['2.36-9', [glibc], true],
  ['2.36-9+deb12u2', [glibc], true],
  ['1:1.2.13.dfsg-1', [zlib], true], // last_affected is inclusive
  ['1:1.2.13.dfsg-1+b1', [zlib], false], // binNMU above the last affected
  ['1:1.2.11.dfsg-2', [zlib], true],
  ['1.2.14-1', [zlib], true], // epoch 0 < epoch 1, whatever the upstream
  ['1.9-1', [eco(I('0'), F('1:2.0-1'))], true],
  ['5.0-1', [eco(I('0'), F('1:2.0-1'))], true],
  ['2:0.1-1', [eco(I('0'), F('1:2.0-1'))], false],
  ['1.0~rc2-1', [eco(I('1.0~rc1-1'), F('1.0-1'))], true],
  ['1.0~rc1-1', [eco(I('1.0~rc1-1'), F('1.0-1'))], true],
  ['1.0~beta-1', [eco(I('1.0~rc1-1'), F('1.0-1'))], false],
  ['1.5-1', [eco(F('2.0-1'), I('1.0-1'))], true], // unsorted events
  ['2.5-1', [eco(F('2.0-1'), I('1.0-1'))], false],
  ['2.0-1', twoBranches, false],
  ['1.1.1n-0+deb11u5', twoBranches, true],
  ['3.0.5-1', twoBranches, true],
  ['9:9.9-9', [eco(I('0'))], true],
  ['1.9-1', [eco(I('0'), LIM('2.0-1'))], true],
  ['2.0-1', [eco(I('0'), LIM('2.0-1'))], false],
  ['1.0-2', [], true, ['1.0-1', '1.0-2']],
  ['1.0-3', [], false, ['1.0-1', '1.0-2']],
  ['not a version', [eco(I('0'))], false], // dpkg cannot parse it: not evaluated
]);

table('Ubuntu:22.04:LTS', [
  ['1.1.1f-1ubuntu2.19', [eco(I('0'), F('1.1.1f-1ubuntu2.20'))], true],
  ['1.1.1f-1ubuntu2.20', [eco(I('0'), F('1.1.1f-1ubuntu2.20'))], false],
  ['1.1.1f-1ubuntu2.3', [eco(I('0'), F('1.1.1f-1ubuntu2.20'))], true],
  ['1.1.1f-1ubuntu2.20+esm1', [eco(I('0'), F('1.1.1f-1ubuntu2.20'))], false],
  ['2.35-0ubuntu3.6', [eco(I('0'), F('2.35-0ubuntu3.7'))], true],
  ['2.35-0ubuntu3', [eco(I('0'), F('2.35-0ubuntu3.7'))], true],
]);

const alpineSsl = eco(I('0'), F('3.1.4-r1'));
table('Alpine:v3.19', [
  ['3.1.4-r0', [alpineSsl], true],
  ['3.1.4-r1', [alpineSsl], false],
  ['3.1.4-r10', [alpineSsl], false],
  ['3.1.3_p1-r0', [alpineSsl], true],
  ['1.2.3_rc1-r0', [eco(I('0'), F('1.2.3-r0'))], true], // _rc sorts before the release
  ['1.2.3_p1-r0', [eco(I('0'), F('1.2.3-r0'))], false], // _p after it
  ['1.2.3b-r0', [eco(I('1.2.3a-r0'), F('1.2.4-r0'))], true],
  ['1.2.3-r5', [eco(I('1.2.3a-r0'), F('1.2.4-r0'))], false],
  ['1.2.10-r0', [eco(I('0'), F('1.2.9-r0'))], false],
  ['2.0-r0', [eco(I('0'), L('2.0-r0'))], true],
  ['2.0-r1', [eco(I('0'), L('2.0-r0'))], false],
]);

const lodash = semver(I('0'), F('4.17.12'));
table('npm', [
  ['4.17.11', [lodash], true],
  ['4.17.12', [lodash], false],
  ['4.17.12-beta.1', [lodash], true], // a pre-release precedes its release
  ['4.17.2', [lodash], true],
  ['10.0.0', [lodash], false],
  ['2.0.0-beta', [semver(I('2.0.0-alpha'), F('2.0.0'))], true],
  ['2.0.0-alpha', [semver(I('2.0.0-alpha'), F('2.0.0'))], true],
  ['2.0.0-alpha.1', [semver(I('2.0.0-alpha'), F('2.0.0'))], true],
  ['1.9.9', [semver(I('2.0.0-alpha'), F('2.0.0'))], false],
  ['1.2.3+build.7', [semver(I('0'), L('1.2.3'))], true], // build metadata does not count
  ['1.2.4', [semver(I('0'), L('1.2.3'))], false],
  ['2.9.9', [semver(I('0'), LIM('3.0.0'))], true],
  ['3.0.0', [semver(I('0'), LIM('3.0.0'))], false],
  ['5.0.0', [semver(I('1.0.0'), F('2.0.0'), I('4.0.0'))], true],
  ['3.0.0', [semver(I('1.0.0'), F('2.0.0'), I('4.0.0'))], false],
  ['latest', [semver(I('0'))], false], // not SemVer: not evaluated
  ['1.0.1', [], true, ['1.0.0', '1.0.1']],
]);

const django = [eco(I('3.2'), F('3.2.23'), I('4.1'), F('4.1.13'), I('4.2'), F('4.2.7'))];
table('PyPI', [
  ['4.2.6', django, true],
  ['4.2.7', django, false],
  ['4.2.7rc1', django, true],
  ['4.2.7.dev0', django, true],
  ['4.2.7.post1', django, false],
  ['4.2.10', django, false],
  ['4.1.5', django, true],
  ['4.0', django, false],
  ['3.2.0', django, true], // 3.2.0 == 3.2: introduced is inclusive
  ['3.2.23', django, false],
  ['2.0', [eco(I('0'), F('1!1.0'))], true], // epoch 0 < epoch 1
  ['1.0+ubuntu1', [eco(I('0'), F('1.0'))], false], // a local version sorts after the public one
  ['1.1', [], true, ['1.0', '1.1']],
  ['1.2', [], false, ['1.0', '1.1']],
]);

table('Go', [
  ['0.15.0', [semver(I('0'), F('0.17.0'))], true],
  ['0.17.0', [semver(I('0'), F('0.17.0'))], false],
  ['0.0.0-20230905200255-921286631fa9', [semver(I('0'), F('0.17.0'))], true], // pseudo-version
  ['1.21.1', [semver(I('1.21.0-0'), F('1.21.3'))], true],
  ['1.20.10', [semver(I('1.21.0-0'), F('1.21.3'))], false],
  ['2.0.0+incompatible', [semver(I('0'), F('2.1.0'))], true],
]);

const log4j = [eco(I('2.13.0'), F('2.15.0')), eco(I('2.0-beta9'), F('2.3.1')), eco(I('2.4'), F('2.12.2'))];
table('Maven', [
  ['2.14.1', log4j, true],
  ['2.0-beta9', log4j, true],
  ['2.0-beta8', log4j, false],
  ['2.3', log4j, true],
  ['2.3.1', log4j, false],
  ['2.12.1', log4j, true],
  ['2.12.2', log4j, false],
  ['2.15.0', log4j, false],
  ['2.17.1', log4j, false],
  ['1.0-SNAPSHOT', [eco(I('0'), F('1.0'))], true],
  ['1.0-rc1', [eco(I('0'), F('1.0'))], true],
  ['1.0.0', [eco(I('0'), F('1.0'))], false], // trailing zeros do not count
  ['5.3.9', [eco(I('0'), F('5.3.18'))], true],
]);

table('Rocky Linux:9', [
  ['1:3.0.7-24.el9', [eco(I('0'), F('1:3.0.7-25.el9_3'))], true],
  ['1:3.0.7-25.el9_3', [eco(I('0'), F('1:3.0.7-25.el9_3'))], false],
  ['1:3.0.7-27.el9', [eco(I('0'), F('1:3.0.7-25.el9_3'))], false],
  ['3.0.7-27.el9', [eco(I('0'), F('1:3.0.7-25.el9_3'))], true], // no epoch is epoch 0
  ['2.0~rc1-1.el9', [eco(I('0'), F('2.0-1.el9'))], true],
  ['2.0-1.el9', [eco(I('0'), F('2.0-1.el9'))], false],
]);

table('AlmaLinux:8', [
  ['4.4.20-4.el8_6', [eco(I('0'), F('4.4.20-5.el8'))], true],
  ['4.4.20-5.el8', [eco(I('0'), F('4.4.20-5.el8'))], false],
]);

describe('an ecosystem without a comparator', () => {
  it('matches the versions list only', () => {
    const comparators = comparatorsForEcosystem('Hackage');
    expect(comparators.ecosystem).toBeNull();
    expect(evaluateAffected('1.0', [{ ranges: [eco(I('0'))], versions: [] }], comparators).affected).toBe(
      false,
    );
    expect(
      evaluateAffected('1.0', [{ ranges: [eco(I('0'))], versions: ['1.0'] }], comparators).affected,
    ).toBe(true);
  });
});
