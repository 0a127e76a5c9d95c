/**
 * Go module versions, ordered as golang.org/x/mod/semver `Compare`: semver with `vMAJOR` and
 * `vMAJOR.MINOR` shorthands (v1 == v1.0.0), build metadata ignored (so `+incompatible` is too),
 * pseudo-versions (v0.0.0-20191109021931-daa7c04131f5) are ordinary prereleases.
 *
 * The `v` is optional here because OSV writes Go versions without it ("1.20.1", "0").
 */
import { withInvalidFirst } from './common.js';
import { compareSemverParsed, type Semver } from './semver.js';

const NUM = '0|[1-9][0-9]*';
const IDENT = `(?:${NUM}|[0-9]*[A-Za-z-][0-9A-Za-z-]*)`;
const BUILD = '[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*';
const GO = new RegExp(
  `^v?(${NUM})(?:\\.(${NUM})(?:\\.(${NUM})(?:-(${IDENT}(?:\\.${IDENT})*))?(?:\\+${BUILD})?)?)?$`,
);

export function parseGo(v: string): Semver | null {
  const m = GO.exec(v);
  if (m === null) return null;
  const [, major = '', minor = '0', patch = '0', pre] = m;
  return { major, minor, patch, prerelease: pre === undefined ? [] : pre.split('.') };
}

export function isValidGo(v: string): boolean {
  return parseGo(v) !== null;
}

/**
 * x/mod/semver.Compare, except that two invalid strings compare by code-unit order instead of
 * as equal (a refinement: they still sort before every valid version).
 */
export const compareGo = withInvalidFirst(parseGo, compareSemverParsed);
