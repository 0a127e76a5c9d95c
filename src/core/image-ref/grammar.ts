import { quoteFragment } from './quote.js';

/**
 * The reference grammar of Docker's distribution/reference (regexp.go) and the digest rules of
 * opencontainers/go-digest, as anchored regular expressions and small predicates.
 */

/** One path component: lowercase alphanumerics joined by ".", "_", "__" or any run of "-". */
export const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/** A registry host: DNS-like name or IPv4 (case-insensitive) or bracketed IPv6, optional port. */
export const DOMAIN_AND_PORT =
  /^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$/;

/** Tag characters; the length limit (128) is checked separately for a clearer message. */
export const TAG = /^\w[\w.-]*$/;
export const TAG_MAX_LENGTH = 128;

/** Limit on the repository path (after Docker Hub's `library/` is added), as in reference.go. */
export const PATH_MAX_LENGTH = 255;

/** 64 lowercase hex characters: Docker reserves this form for image IDs and refuses it as a name. */
export const IMAGE_ID = /^[a-f0-9]{64}$/;

/**
 * The digest algorithms Docker accepts (go-digest registers exactly these), with their
 * hex length. The encoded part must be lowercase hex of exactly that length.
 */
export const DIGEST_HEX_LENGTH: ReadonlyMap<string, number> = new Map([
  ['sha256', 64],
  ['sha384', 96],
  ['sha512', 128],
]);

const LOWER_HEX = /^[a-f0-9]+$/;
const ANY_HEX = /^[a-fA-F0-9]+$/;

/** Why a digest is invalid, with a suggested fix, or null when it is valid. */
export function digestProblem(digest: string): { problem: string; fix: string } | null {
  const example = '"sha256:" followed by 64 lowercase hex characters';
  if (digest === '') {
    return { problem: 'nothing follows "@"', fix: `write a digest (${example}) or drop the "@"` };
  }
  const colon = digest.indexOf(':');
  if (colon < 0) {
    return IMAGE_ID.test(digest)
      ? { problem: 'the digest has no algorithm', fix: `write "@sha256:${digest}"` }
      : { problem: `digest ${quoteFragment(digest)} has no algorithm`, fix: `write ${example}` };
  }
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  const expected = DIGEST_HEX_LENGTH.get(algorithm);
  if (expected === undefined) {
    const lower = algorithm.toLowerCase();
    return !DIGEST_HEX_LENGTH.has(lower)
      ? {
          problem: `digest algorithm ${quoteFragment(algorithm)} is not supported`,
          fix: 'use sha256, sha384 or sha512',
        }
      : { problem: 'the digest algorithm must be lowercase', fix: `write "${lower}:…"` };
  }
  if (!ANY_HEX.test(hex)) {
    return {
      problem: `the ${algorithm} digest is not hexadecimal`,
      fix: `write ${expected} hex characters after "${algorithm}:"`,
    };
  }
  if (hex.length !== expected) {
    return {
      problem: `the ${algorithm} digest has ${hex.length} hex characters instead of ${expected}`,
      fix: 'copy the complete digest',
    };
  }
  if (!LOWER_HEX.test(hex)) {
    return { problem: 'the digest hex must be lowercase', fix: `write "${algorithm}:${hex.toLowerCase()}"` };
  }
  return null;
}

/** Why a tag is invalid, with a suggested fix, or null when it is valid. */
export function tagProblem(tag: string): { problem: string; fix: string } | null {
  if (tag === '')
    return { problem: 'the tag after ":" is empty', fix: 'write a tag (as in "nginx:1.27") or drop the ":"' };
  if (tag.length > TAG_MAX_LENGTH) {
    return {
      problem: `the tag has ${tag.length} characters; the limit is ${TAG_MAX_LENGTH}`,
      fix: 'use a shorter tag',
    };
  }
  if (!TAG.test(tag)) {
    return {
      problem: `tag ${quoteFragment(tag)} is invalid`,
      fix: 'a tag has only letters, digits, "_", "." and "-", and does not start with "." or "-"',
    };
  }
  return null;
}

/**
 * Whether Docker reads a first path component as a registry host rather than a Docker Hub
 * namespace (normalize.go splitDockerDomain): it has a "." or ":", is "localhost", or is not
 * lowercase.
 */
export function looksLikeRegistryHost(component: string): boolean {
  return component === 'localhost' || /[.:]/.test(component) || component.toLowerCase() !== component;
}
