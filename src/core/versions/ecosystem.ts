import { compareApk } from './apk.js';
import type { Comparator } from './common.js';
import { compareDpkg } from './dpkg.js';
import { compareGo } from './go.js';
import { compareMaven } from './maven.js';
import { comparePep440 } from './pep440.js';
import { compareRpm } from './rpm.js';
import { compareRubyGems } from './rubygems.js';
import { compareSemver } from './semver.js';

/** OSV ecosystem name (lower-cased, without the `:release` suffix) → comparator. */
const BY_ECOSYSTEM: ReadonlyMap<string, Comparator> = new Map([
  ['debian', compareDpkg],
  ['ubuntu', compareDpkg],
  ['alpine', compareApk],
  // apk-based distributions.
  ['wolfi', compareApk],
  ['chainguard', compareApk],
  ['alpaquita', compareApk],
  ['bellsoft hardened containers', compareApk],
  ['minimos', compareApk],
  ['red hat', compareRpm],
  ['rocky linux', compareRpm],
  ['almalinux', compareRpm],
  ['opensuse', compareRpm],
  ['suse', compareRpm],
  ['mageia', compareRpm],
  ['openeuler', compareRpm],
  ['azure linux', compareRpm],
  ['npm', compareSemver],
  ['crates.io', compareSemver],
  ['pypi', comparePep440],
  ['go', compareGo],
  ['maven', compareMaven],
  ['rubygems', compareRubyGems],
]);

/**
 * The comparator for an OSV `affected[].package.ecosystem`, e.g. "Debian:12", "Ubuntu:22.04:LTS",
 * "Alpine:v3.19", "Red Hat:enterprise_linux:9::appstream", "PyPI". The part after the first `:`
 * (the release) does not change the order. Null for ecosystems without a comparator here.
 */
export function comparatorForEcosystem(ecosystem: string): Comparator | null {
  const colon = ecosystem.indexOf(':');
  const name = (colon >= 0 ? ecosystem.slice(0, colon) : ecosystem).trim().toLowerCase();
  return BY_ECOSYSTEM.get(name) ?? null;
}
