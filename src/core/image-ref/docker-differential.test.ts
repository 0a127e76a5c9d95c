/**
 * Differential test: our hand-written parser against a direct transliteration of Docker's
 * distribution/reference (regexp.go + normalize.go ParseNormalizedNamed + go-digest validation).
 * The oracle is deliberately written the way Docker writes it — one big regular expression —
 * so the two implementations share no code.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImageRef } from './index.js';
import { normalizeRegistryHost, tryParseImageRef } from './index.js';

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const domainNameComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domainName = `${domainNameComponent}(?:\\.${domainNameComponent})*`;
const host = `(?:${domainName}|\\[(?:[a-fA-F0-9:]+)\\])`;
const domainAndPort = `${host}(?::[0-9]+)?`;
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const remoteName = `${pathComponent}(?:/${pathComponent})*`;
const namePat = `(?:${domainAndPort}/)?${remoteName}`;
const tag = '[\\w][\\w.-]{0,127}';
const digestPat = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const referenceRegexp = new RegExp(`^(${namePat})(?::(${tag}))?(?:@(${digestPat}))?$`);
const anchoredNameRegexp = new RegExp(`^(?:(${domainAndPort})/)?(${remoteName})$`);
const goDigestSizes: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

interface DockerRef {
  domain: string;
  path: string;
  tag: string | null;
  digest: string | null;
}

/** ParseNormalizedNamed, line by line. Returns null where Docker returns an error. */
function dockerParseNormalizedNamed(s: string): DockerRef | null {
  if (/^[a-f0-9]{64}$/.test(s)) return null;
  let domain: string;
  let remainder: string;
  const slash = s.indexOf('/');
  if (slash < 0) {
    [domain, remainder] = ['docker.io', `library/${s}`];
  } else {
    const maybeDomain = s.slice(0, slash);
    const maybeRemote = s.slice(slash + 1);
    if (maybeDomain === 'localhost') [domain, remainder] = [maybeDomain, maybeRemote];
    else if (maybeDomain === 'index.docker.io') [domain, remainder] = ['docker.io', maybeRemote];
    else if (/[.:]/.test(maybeDomain)) [domain, remainder] = [maybeDomain, maybeRemote];
    else if (maybeDomain.toLowerCase() !== maybeDomain) [domain, remainder] = [maybeDomain, maybeRemote];
    else [domain, remainder] = ['docker.io', s];
    if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`;
  }
  const tagSep = remainder.indexOf(':');
  const remote = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remote.toLowerCase() !== remote) return null;

  // reference.Parse(domain + "/" + remainder)
  const match = referenceRegexp.exec(`${domain}/${remainder}`);
  if (!match) return null;
  const name = anchoredNameRegexp.exec(match[1]!);
  const ref: DockerRef = {
    domain: name?.[1] ?? '',
    path: name?.[2] ?? match[1]!,
    tag: match[2] ?? null,
    digest: match[3] ?? null,
  };
  if (ref.path.length > 255) return null;
  if (ref.digest !== null) {
    const [algorithm, encoded] = ref.digest.split(':') as [string, string];
    const size = goDigestSizes[algorithm];
    if (size === undefined || encoded.length !== size || !/^[a-f0-9]+$/.test(encoded)) return null;
  }
  return ref;
}

/**
 * What we return for an input Docker accepts, given our documented deviations:
 * - a host is lowercased and Hub's aliases (incl. registry-1.docker.io) fold into docker.io + library/;
 * - Docker's empty domain (first component has "." but is no valid host, e.g. "my_reg.io/x") is an error;
 * - an uppercase single-label first component ("Foo/bar") is an error, not a registry "Foo".
 */
function expectedFromDocker(docker: DockerRef): ImageRef | null {
  const registry = normalizeRegistryHost(docker.domain);
  if (registry !== 'localhost' && !/[.:]/.test(registry)) return null;
  const repository =
    registry === 'docker.io' && !docker.path.includes('/') ? `library/${docker.path}` : docker.path;
  if (repository.length > 255) return null;
  return { registry, repository, tag: docker.tag, digest: docker.digest };
}

const HEX = 'dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c';
const pieces = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abzAZ09._-/:@[]'.split('')) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'localhost',
      'docker.io',
      'index.docker.io',
      'registry-1.docker.io',
      'Docker.io',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('library/', 'sha256:', 'sha512:', 'SHA256:', 'md5:', '__', '--') },
  { weight: 1, arbitrary: fc.constantFrom(HEX, HEX.toUpperCase(), HEX.slice(0, 40), HEX + HEX) },
);
const refish = fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join(''));

// Reference-shaped input: each part drawn from valid, borderline and invalid spellings.
const small = fc.array(pieces, { maxLength: 3 }).map((parts) => parts.join(''));
const hostish = fc.oneof(
  fc.constantFrom(
    'localhost',
    'LOCALHOST',
    'docker.io',
    'index.docker.io',
    'registry-1.docker.io',
    'Docker.io',
  ),
  fc.constantFrom(
    'ghcr.io',
    'GHCR.io',
    'my_reg.io',
    'Foo',
    'foo',
    '-a.io',
    'a-.io',
    '127.0.0.1',
    '[::1]',
    '[::1]:5000',
  ),
  fc.constantFrom('[a]', '[a]:1', 'localhost:5000', 'x:1', 'x:', 'a.b.c:0', '[fe80::1%eth0]', 'xn--n3h.com'),
  { weight: 1, arbitrary: small },
);
const pathish = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom('a', 'nginx', 'library', 'a.b', 'a__b', 'x--y', '0') },
      fc.constantFrom('a___b', 'a_', 'A', ''),
      small,
    ),
    {
      minLength: 1,
      maxLength: 3,
    },
  )
  .map((parts) => parts.join('/'));
const tagish = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('1', 'latest', 'V1', '_', 'a'.repeat(128)) },
  fc.constantFrom('-x', '.x', '', 'x:y', 'a'.repeat(129)),
  small,
);
const digestish = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      `sha256:${HEX}`,
      `sha512:${HEX}${HEX}`,
      `sha384:${HEX}${HEX.slice(0, 32)}`,
      `sha256:${HEX.toUpperCase()}`,
    ),
  },
  fc.constantFrom(
    `SHA256:${HEX}`,
    `md5:${HEX}`,
    `sha1:${HEX.slice(0, 40)}`,
    `sha256:${HEX.slice(0, 40)}`,
    HEX,
    '',
    `sha256+b64:${HEX}`,
  ),
  small,
);
const shaped = fc
  .record({
    host: fc.option(hostish, { nil: null }),
    path: pathish,
    tag: fc.option(tagish, { nil: null }),
    digest: fc.option(digestish, { nil: null }),
  })
  .map(
    ({ host, path, tag, digest }) =>
      `${host === null ? '' : `${host}/`}${path}${tag === null ? '' : `:${tag}`}${digest === null ? '' : `@${digest}`}`,
  );

function compare(input: string): void {
  const docker = dockerParseNormalizedNamed(input);
  const expected = docker === null ? null : expectedFromDocker(docker);
  const ours = tryParseImageRef(input);
  expect({ input, ref: ours.ok ? ours.ref : null }).toEqual({ input, ref: expected });
}

describe('agreement with Docker distribution/reference', () => {
  it('accepts and rejects what Docker does, with the same parts (random reference-like input)', () => {
    fc.assert(fc.property(refish, compare), { numRuns: 5000 });
  });

  it('accepts and rejects what Docker does, with the same parts (reference-shaped input)', () => {
    fc.assert(fc.property(shaped, compare), { numRuns: 5000 });
  });

  it('agrees on arbitrary strings', () => {
    fc.assert(fc.property(fc.string(), compare), { numRuns: 1000 });
  });

  it.each([
    'nginx',
    'Docker/docker',
    'my_reg.io/x',
    'registry-1.docker.io/nginx',
    'Docker.io/nginx',
    'localhost:5000',
    '192.168.0.1',
    `docker.io/${HEX}`,
    `nginx:1@sha256:${HEX}`,
    'nginx:1/x',
  ])('agrees on %s (documented deviations included)', compare);

  it('the oracle itself reproduces Docker behaviour we rely on elsewhere', () => {
    expect(dockerParseNormalizedNamed('Docker/docker')).toEqual({
      domain: 'Docker',
      path: 'docker',
      tag: null,
      digest: null,
    });
    expect(dockerParseNormalizedNamed('my_reg.io/x')).toEqual({
      domain: '',
      path: 'my_reg.io/x',
      tag: null,
      digest: null,
    });
    expect(dockerParseNormalizedNamed('registry-1.docker.io/nginx')?.path).toBe('nginx');
  });
});
