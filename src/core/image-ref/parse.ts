import { ShipshapeError } from '../errors.js';
import {
  DOMAIN_AND_PORT,
  IMAGE_ID,
  PATH_COMPONENT,
  PATH_MAX_LENGTH,
  digestProblem,
  looksLikeRegistryHost,
  tagProblem,
} from './grammar.js';
import { DOCKER_HUB, OFFICIAL_REPO_PREFIX, isDockerHub, normalizeRegistryHost } from './registry-host.js';
import { quote, quoteFragment } from './quote.js';
import type { ImageRef, ParseResult } from './types.js';

interface Problem {
  readonly problem: string;
  readonly fix: string;
}

/**
 * Parses a reference the way `docker pull` reads it (distribution/reference
 * ParseNormalizedNamed): "nginx" → docker.io/library/nginx, tag and digest kept as written.
 * Throws ShipshapeError INVALID_REFERENCE with a message naming the input, the problem and a fix.
 */
export function parseImageRef(input: string): ImageRef {
  const result = tryParseImageRef(input);
  if (!result.ok) throw new ShipshapeError('INVALID_REFERENCE', '', result.error);
  return result.ref;
}

/** Like parseImageRef, but returns the error message instead of throwing. */
export function tryParseImageRef(input: string): ParseResult {
  if (typeof input !== 'string') {
    // Defends against untyped callers (parsed YAML, labels); the type says this cannot happen.
    return { ok: false, error: `invalid image reference: expected a string, got ${typeof input}` };
  }
  const result = analyse(input);
  if ('problem' in result) {
    return { ok: false, error: `invalid image reference ${quote(input)}: ${result.problem}; ${result.fix}` };
  }
  return { ok: true, ref: result };
}

function analyse(input: string): ImageRef | Problem {
  const early = wholeInputProblem(input);
  if (early) return early;

  const at = input.indexOf('@');
  const nameAndTag = at < 0 ? input : input.slice(0, at);
  let digest: string | null = null;
  if (at >= 0) {
    digest = input.slice(at + 1);
    if (digest.includes('@')) {
      return { problem: 'it has more than one "@"', fix: 'write one digest, as in "nginx@sha256:<hex>"' };
    }
    const problem = digestProblem(digest);
    if (problem) return problem;
  }

  const lastSlash = nameAndTag.lastIndexOf('/');
  if (lastSlash < 0 && nameAndTag.startsWith('[')) {
    return {
      problem: 'it names a registry host but no repository',
      fix: `write ${quote(`${nameAndTag}/name`)}`,
    };
  }
  // A tag follows the first ":" after the last "/"; earlier colons belong to a registry port.
  const colon = nameAndTag.indexOf(':', lastSlash + 1);
  const name = colon < 0 ? nameAndTag : nameAndTag.slice(0, colon);
  let tag: string | null = null;
  if (colon >= 0) {
    tag = nameAndTag.slice(colon + 1);
    const problem = tagProblem(tag);
    if (problem) return problem;
  }
  if (name === '') {
    return {
      problem: 'it has no repository name',
      fix: 'write the name before ":" or "@", as in "nginx:1.27"',
    };
  }

  const split = splitRegistry(input, name);
  if ('problem' in split) return split;
  const pathProblem = repositoryProblem(input, name, split.repository);
  if (pathProblem) return pathProblem;
  return { registry: split.registry, repository: split.repository, tag, digest };
}

function wholeInputProblem(input: string): Problem | null {
  if (input === '') {
    return {
      problem: 'it is empty',
      fix: 'write a name such as "nginx", "nginx:1.27" or "ghcr.io/owner/app:1.0"',
    };
  }
  if (/\s/.test(input)) {
    const trimmed = input.trim();
    if (trimmed === '') return { problem: 'it is only whitespace', fix: 'write a name such as "nginx:1.27"' };
    if (!/\s/.test(trimmed))
      return { problem: 'it has leading or trailing whitespace', fix: `write ${quote(trimmed)}` };
    return { problem: 'it contains whitespace', fix: 'write a single reference with no spaces' };
  }
  const scheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.exec(input);
  if (scheme)
    return {
      problem: `it starts with a URL scheme ${quoteFragment(scheme[0])}`,
      fix: `drop ${quoteFragment(scheme[0])}`,
    };
  if (IMAGE_ID.test(input)) {
    return {
      problem: 'it is 64 hex characters, which Docker reserves for image IDs',
      fix: 'to pin a digest write "name@sha256:<hex>"',
    };
  }
  return null;
}

/** Docker's splitDockerDomain, plus lowercasing and folding of Docker Hub's aliases. */
function splitRegistry(input: string, name: string): { registry: string; repository: string } | Problem {
  const slash = name.indexOf('/');
  if (slash < 0) return { registry: DOCKER_HUB, repository: OFFICIAL_REPO_PREFIX + name };
  const first = name.slice(0, slash);
  const rest = name.slice(slash + 1);
  if (!looksLikeRegistryHost(first)) return { registry: DOCKER_HUB, repository: name };

  // Docker (distribution/reference ≥ 0.6) reads an uppercase first component such as "Foo/bar"
  // as a registry host "Foo". Once lowercased it would read as a Docker Hub namespace, so the
  // normalized form could not round-trip; older Docker rejected it as not lowercase, and so do we.
  const host = first.toLowerCase();
  if (host !== 'localhost' && !/[.:]/.test(host)) {
    return lowercaseProblem(
      input,
      name,
      `${quoteFragment(first)} is not a registry host, which needs a "." or a ":port"`,
    );
  }
  if (!DOMAIN_AND_PORT.test(first)) {
    return {
      problem: `registry host ${quoteFragment(first)} is invalid`,
      fix: 'write a host name or IP address with an optional port, as in "registry.example.com:5000" or "[::1]:5000"',
    };
  }
  if (rest === '') {
    return {
      problem: `it names registry ${quoteFragment(first)} but no repository`,
      fix: `write ${quote(`${first}/name`)}`,
    };
  }
  const registry = normalizeRegistryHost(first);
  const repository = isDockerHub(registry) && !rest.includes('/') ? OFFICIAL_REPO_PREFIX + rest : rest;
  return { registry, repository };
}

function repositoryProblem(input: string, name: string, repository: string): Problem | null {
  const components = repository.split('/');
  if (components.includes('')) {
    return { problem: 'the repository path has an empty component', fix: 'remove the extra "/"' };
  }
  if (repository.toLowerCase() !== repository) return lowercaseProblem(input, name);
  for (const component of components) {
    if (!PATH_COMPONENT.test(component)) {
      return {
        problem: `path component ${quoteFragment(component)} is invalid`,
        fix: 'use lowercase letters and digits, joined by ".", "_", "__" or "-" (not at the start or end)',
      };
    }
  }
  if (repository.length > PATH_MAX_LENGTH) {
    return {
      problem: `the repository path has ${repository.length} characters; the limit is ${PATH_MAX_LENGTH}`,
      fix: 'use a shorter name',
    };
  }
  return null;
}

function lowercaseProblem(input: string, name: string, detail?: string): Problem {
  const problem = detail
    ? `repository name must be lowercase (${detail})`
    : 'repository name must be lowercase';
  // `name` is a prefix of `input`: keep the tag and digest exactly as written.
  const suggestion = name.toLowerCase() + input.slice(name.length);
  const suggested = analyse(suggestion);
  return { problem, fix: 'problem' in suggested ? 'use lowercase letters' : `write ${quote(suggestion)}` };
}
