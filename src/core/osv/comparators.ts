/** Version orderings for OSV ranges, from core/versions: the ecosystem's own for ECOSYSTEM, SemVer for SEMVER. */
import {
  comparatorForEcosystem,
  compareSemver,
  isValidApk,
  isValidMaven,
  isValidPep440,
  isValidRpm,
  isValidSemver,
  parseDpkgVersion,
} from '../versions/index.js';
import { baseEcosystem } from './ecosystems.js';
import type { RangeComparators } from './ranges.js';

// dpkg still compares a version it only warns about (e.g. "1_2"); only an unparsable one is rejected.
const isDpkgComparable = (v: string): boolean => parseDpkgVersion(v).ok;

/** Validators per base ecosystem (lower case); an ecosystem without one evaluates every version. */
const VALIDATORS: ReadonlyMap<string, (v: string) => boolean> = new Map([
  ['debian', isDpkgComparable],
  ['ubuntu', isDpkgComparable],
  ['alpine', isValidApk],
  ['red hat', isValidRpm],
  ['rocky linux', isValidRpm],
  ['almalinux', isValidRpm],
  ['npm', isValidSemver],
  ['pypi', isValidPep440],
  ['maven', isValidMaven],
]);

const cache = new Map<string, RangeComparators>();

/** Comparators and validators for `Debian:12`, `Alpine:v3.19`, `npm`, …, cached per ecosystem string. */
export function comparatorsForEcosystem(ecosystem: string): RangeComparators {
  let comparators = cache.get(ecosystem);
  if (comparators === undefined) {
    const isValidEcosystem = VALIDATORS.get(baseEcosystem(ecosystem).toLowerCase());
    comparators = {
      ecosystem: comparatorForEcosystem(ecosystem),
      semver: compareSemver,
      isValidSemver,
      ...(isValidEcosystem ? { isValidEcosystem } : {}),
    };
    cache.set(ecosystem, comparators);
  }
  return comparators;
}
