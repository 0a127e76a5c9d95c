/**
 * Version comparators of the package ecosystems the scanner meets, each following its reference
 * implementation exactly (see README.md for sources, fallbacks for invalid strings and limits).
 */
export type { Comparator } from './common.js';
export { compareApk, isValidApk } from './apk.js';
export { compareDpkg, compareDpkgVersions, isValidDpkg, parseDpkgVersion } from './dpkg.js';
export type { DpkgParseResult, DpkgVersion } from './dpkg.js';
export { compareGo, isValidGo } from './go.js';
export { compareMaven, isValidMaven } from './maven.js';
export { comparePep440, isValidPep440 } from './pep440.js';
export { compareRpm, isValidRpm, parseRpmEvr, rpmvercmp } from './rpm.js';
export type { RpmEvr } from './rpm.js';
export { compareRubyGems, isValidRubyGems } from './rubygems.js';
export { compareSemver, isValidSemver } from './semver.js';
export { comparatorForEcosystem } from './ecosystem.js';
