/** The versioning schemes a user can choose; `docker-tag` is the default. */
export const VERSIONING_NAMES = ['docker-tag', 'semver', 'regex', 'loose'] as const;
export type VersioningName = (typeof VERSIONING_NAMES)[number];

export interface Versioning {
  readonly name: VersioningName;
  isVersion(tag: string): boolean;
  /** Same suffix/compatibility, same precision, same prefix: could `candidate` replace `current`? */
  isCompatible(current: string, candidate: string): boolean;
  /** Negative, zero or positive like `Array.prototype.sort`; only meaningful for compatible versions. */
  compare(a: string, b: string): number;
  /** Not a prerelease. False for tags that are not versions. */
  isStable(tag: string): boolean;
  getMajor(tag: string): number | null;
  getMinor(tag: string): number | null;
  getPatch(tag: string): number | null;
}

export type UpdateType = 'major' | 'minor' | 'patch' | 'digest' | 'pin';

export interface Candidate {
  readonly type: 'major' | 'minor' | 'patch';
  readonly tag: string;
}

/** A tag parsed once; every scheme reduces a tag to this shape (plus its own extras). */
export interface ParsedVersion {
  /** `v` or empty: candidates keep the prefix of the current tag. */
  readonly prefix: string;
  /** Numeric release parts, most significant first. */
  readonly release: readonly number[];
  /** Empty when stable. */
  readonly prerelease: string;
  /** Compatibility marker (docker suffix, regex `compatibility` group); compared for equality only. */
  readonly compat: string;
}

/** What a scheme implements; `defineVersioning` turns it into the public string-based API. */
export interface Scheme<P extends ParsedVersion = ParsedVersion> {
  readonly name: VersioningName;
  parse(tag: string): P | null;
  isCompatible(current: P, candidate: P): boolean;
  compare(a: P, b: P): number;
}
