import { ShipshapeError } from '../errors.js';
import { globToRegExp } from './glob.js';

/** `/source/flags`: the regular-expression form of a tag pattern. Stateful flags (g, y) are refused. */
const REGEX_FORM = /^\/(.+)\/([imsu]*)$/s;

/** True when a tag pattern is written as a regular expression (`/-rc/`), false for a glob. */
export function isRegexPattern(pattern: string): boolean {
  return REGEX_FORM.test(pattern);
}

/**
 * Why a tag pattern cannot be used, or null when it is fine. Regexes must compile; a pattern that
 * starts and ends with "/" but has other flags is refused rather than silently read as a glob.
 */
export function tagPatternProblem(pattern: string): string | null {
  const m = REGEX_FORM.exec(pattern);
  if (m === null) {
    if (/^\/.*\/[a-z]+$/s.test(pattern)) return 'regular expression flags may only be i, m, s and u';
    return pattern === '' ? 'empty pattern' : null;
  }
  try {
    new RegExp(m[1] ?? '', m[2]);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const cache = new Map<string, RegExp>();

/**
 * Compiles a tag pattern: `/…/flags` → that regex (unanchored, as written); otherwise a glob matched
 * against the whole tag. Throws ShipshapeError CONFIG_INVALID for an invalid pattern.
 */
export function compileTagPattern(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached !== undefined) return cached;
  const problem = tagPatternProblem(pattern);
  if (problem !== null) {
    throw new ShipshapeError('CONFIG_INVALID', 'policy', `invalid tag pattern ${pattern}: ${problem}`);
  }
  const m = REGEX_FORM.exec(pattern);
  const re = m === null ? globToRegExp(pattern) : new RegExp(m[1] ?? '', m[2]);
  cache.set(pattern, re);
  return re;
}

/** The first pattern matching the tag, or null. */
export function firstMatch(patterns: readonly string[], tag: string): string | null {
  return patterns.find((p) => compileTagPattern(p).test(tag)) ?? null;
}
