import { describe, expect, it } from 'vitest';
import { isShipshapeError } from '../errors.js';
import { formatImageRef, parseImageRef, tryParseImageRef } from './index.js';

const D = 'sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c';
const D512 = `sha512:${'0123456789abcdef'.repeat(8)}`;
const D384 = `sha384:${'0123456789abcdef'.repeat(6)}`;
const HEX64 = D.slice('sha256:'.length);

// input → [registry, repository, tag, digest, familiar form]
const valid: [string, string, string, string | null, string | null, string][] = [
  // Docker Hub, official images
  ['nginx', 'docker.io', 'library/nginx', null, null, 'nginx'],
  ['nginx:1.27', 'docker.io', 'library/nginx', '1.27', null, 'nginx:1.27'],
  ['nginx:latest', 'docker.io', 'library/nginx', 'latest', null, 'nginx:latest'],
  [`nginx@${D}`, 'docker.io', 'library/nginx', null, D, `nginx@${D}`],
  [`nginx:1.27@${D}`, 'docker.io', 'library/nginx', '1.27', D, `nginx:1.27@${D}`],
  ['library/nginx', 'docker.io', 'library/nginx', null, null, 'nginx'],
  ['library/nginx:1.27-alpine', 'docker.io', 'library/nginx', '1.27-alpine', null, 'nginx:1.27-alpine'],
  ['docker.io/nginx', 'docker.io', 'library/nginx', null, null, 'nginx'],
  ['docker.io/library/nginx:1', 'docker.io', 'library/nginx', '1', null, 'nginx:1'],
  ['index.docker.io/nginx', 'docker.io', 'library/nginx', null, null, 'nginx'],
  ['index.docker.io/library/nginx:1', 'docker.io', 'library/nginx', '1', null, 'nginx:1'],
  ['registry-1.docker.io/nginx:1', 'docker.io', 'library/nginx', '1', null, 'nginx:1'],
  ['registry-1.docker.io/bitnami/redis', 'docker.io', 'bitnami/redis', null, null, 'bitnami/redis'],
  ['Docker.IO/nginx', 'docker.io', 'library/nginx', null, null, 'nginx'],
  ['INDEX.docker.io/nginx', 'docker.io', 'library/nginx', null, null, 'nginx'],
  // Docker Hub, user namespaces and deeper paths
  ['bitnami/redis', 'docker.io', 'bitnami/redis', null, null, 'bitnami/redis'],
  [
    'bitnami/redis:7.2.4-debian-12-r0',
    'docker.io',
    'bitnami/redis',
    '7.2.4-debian-12-r0',
    null,
    'bitnami/redis:7.2.4-debian-12-r0',
  ],
  ['docker.io/bitnami/redis', 'docker.io', 'bitnami/redis', null, null, 'bitnami/redis'],
  ['library/foo/bar', 'docker.io', 'library/foo/bar', null, null, 'library/foo/bar'],
  ['store/foo/bar:1', 'docker.io', 'store/foo/bar', '1', null, 'store/foo/bar:1'],
  ['other/library', 'docker.io', 'other/library', null, null, 'other/library'],
  ['test_com/foo', 'docker.io', 'test_com/foo', null, null, 'test_com/foo'],
  ['dock__er/do-ck--er.x_y', 'docker.io', 'dock__er/do-ck--er.x_y', null, null, 'dock__er/do-ck--er.x_y'],
  ['d/docker', 'docker.io', 'd/docker', null, null, 'd/docker'],
  // Path components that look like hosts stay on Docker Hub only when written after docker.io/
  ['docker.io/my.org/app', 'docker.io', 'my.org/app', null, null, 'docker.io/my.org/app'],
  ['docker.io/localhost/app', 'docker.io', 'localhost/app', null, null, 'docker.io/localhost/app'],
  // Single names that look like hosts are still official images (Docker's documented FIXME)
  ['localhost', 'docker.io', 'library/localhost', null, null, 'localhost'],
  ['ghcr.io', 'docker.io', 'library/ghcr.io', null, null, 'ghcr.io'],
  ['localhost:5000', 'docker.io', 'library/localhost', '5000', null, 'localhost:5000'],
  ['192.168.0.1:80', 'docker.io', 'library/192.168.0.1', '80', null, '192.168.0.1:80'],
  // A 64-hex name is fine once it is not the whole input
  [`docker.io/${HEX64}`, 'docker.io', `library/${HEX64}`, null, null, `library/${HEX64}`],
  [`${HEX64}:1`, 'docker.io', `library/${HEX64}`, '1', null, `library/${HEX64}:1`],
  [
    'dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9',
    'docker.io',
    'library/dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9',
    null,
    null,
    'dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9',
  ],
  // Other registries
  ['ghcr.io/o/r', 'ghcr.io', 'o/r', null, null, 'ghcr.io/o/r'],
  [`ghcr.io/o/r:tag@${D}`, 'ghcr.io', 'o/r', 'tag', D, `ghcr.io/o/r:tag@${D}`],
  ['GHCR.io/o/r:V1', 'ghcr.io', 'o/r', 'V1', null, 'ghcr.io/o/r:V1'],
  ['quay.io/x', 'quay.io', 'x', null, null, 'quay.io/x'],
  [
    'gcr.io/google-containers/pause:3.9',
    'gcr.io',
    'google-containers/pause',
    '3.9',
    null,
    'gcr.io/google-containers/pause:3.9',
  ],
  [
    'registry.gitlab.com/group/sub/project/image:main',
    'registry.gitlab.com',
    'group/sub/project/image',
    'main',
    null,
    'registry.gitlab.com/group/sub/project/image:main',
  ],
  [
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:v2',
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    'app',
    'v2',
    null,
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:v2',
  ],
  ['xn--n3h.com:18080/foo', 'xn--n3h.com:18080', 'foo', null, null, 'xn--n3h.com:18080/foo'],
  ['test-com:8080/foo', 'test-com:8080', 'foo', null, null, 'test-com:8080/foo'],
  ['example.com/library/nginx', 'example.com', 'library/nginx', null, null, 'example.com/library/nginx'],
  ['docker.io:443/nginx', 'docker.io:443', 'nginx', null, null, 'docker.io:443/nginx'],
  // localhost and IP addresses
  ['localhost:5000/x', 'localhost:5000', 'x', null, null, 'localhost:5000/x'],
  ['localhost:5000/x:1.0', 'localhost:5000', 'x', '1.0', null, 'localhost:5000/x:1.0'],
  ['localhost/x', 'localhost', 'x', null, null, 'localhost/x'],
  ['LOCALHOST/x', 'localhost', 'x', null, null, 'localhost/x'],
  ['127.0.0.1:5000/x', '127.0.0.1:5000', 'x', null, null, '127.0.0.1:5000/x'],
  ['127.0.0.1/a/b:c', '127.0.0.1', 'a/b', 'c', null, '127.0.0.1/a/b:c'],
  ['[::1]:5000/x', '[::1]:5000', 'x', null, null, '[::1]:5000/x'],
  ['[::1]/x', '[::1]', 'x', null, null, '[::1]/x'],
  [
    '[FC00::1]:5000/docker/docker',
    '[fc00::1]:5000',
    'docker/docker',
    null,
    null,
    '[fc00::1]:5000/docker/docker',
  ],
  [
    '[fc00:1:2:3:4:5:6:7]:5000/library/debian',
    '[fc00:1:2:3:4:5:6:7]:5000',
    'library/debian',
    null,
    null,
    '[fc00:1:2:3:4:5:6:7]:5000/library/debian',
  ],
  // Tags and digests
  ['nginx:_', 'docker.io', 'library/nginx', '_', null, 'nginx:_'],
  ['nginx:Latest_1.x-y', 'docker.io', 'library/nginx', 'Latest_1.x-y', null, 'nginx:Latest_1.x-y'],
  [
    `nginx:a${'b'.repeat(127)}`,
    'docker.io',
    'library/nginx',
    `a${'b'.repeat(127)}`,
    null,
    `nginx:a${'b'.repeat(127)}`,
  ],
  [`ghcr.io/o/r@${D512}`, 'ghcr.io', 'o/r', null, D512, `ghcr.io/o/r@${D512}`],
  [`ghcr.io/o/r@${D384}`, 'ghcr.io', 'o/r', null, D384, `ghcr.io/o/r@${D384}`],
  [`localhost:5000/x@${D}`, 'localhost:5000', 'x', null, D, `localhost:5000/x@${D}`],
];

describe('parseImageRef: valid references', () => {
  it.each(valid)('%s', (input, registry, repository, tag, digest, familiar) => {
    const ref = parseImageRef(input);
    expect(ref).toEqual({ registry, repository, tag, digest });
    expect(formatImageRef(ref)).toBe(
      `${registry}/${repository}${tag === null ? '' : `:${tag}`}${digest === null ? '' : `@${digest}`}`,
    );
    expect(formatImageRef(ref, { familiar: true })).toBe(familiar);
    expect(parseImageRef(familiar)).toEqual(ref);
    expect(tryParseImageRef(input)).toEqual({ ok: true, ref });
  });

  it('accepts a repository path of exactly 255 characters', () => {
    const path = `a/${'b'.repeat(253)}`;
    expect(parseImageRef(path).repository).toBe(path);
  });
});

// input → fragments the message must contain (besides naming the input)
const invalid: [string, string][] = [
  ['', 'it is empty'],
  ['   ', 'only whitespace'],
  [' nginx', 'write "nginx"'],
  ['nginx:1.27\n', 'leading or trailing whitespace'],
  ['nginx latest', 'contains whitespace'],
  ['nginx:', 'the tag after ":" is empty'],
  ['nginx:-1', 'tag "-1" is invalid'],
  ['nginx:.1', 'tag ".1" is invalid'],
  ['nginx:1:2', 'tag "1:2" is invalid'],
  ['nginx:1+2', 'tag "1+2" is invalid'],
  [`nginx:a${'b'.repeat(128)}`, 'the tag has 129 characters; the limit is 128'],
  [':tag', 'it has no repository name'],
  [`@${D}`, 'it has no repository name'],
  ['nginx@', 'nothing follows "@"'],
  ['nginx@sha256:short', 'is not hexadecimal'],
  ['nginx@sha256:abcdef', 'has 6 hex characters instead of 64'],
  [`nginx@sha256:${HEX64}0`, 'has 65 hex characters instead of 64'],
  [`nginx@sha256:${HEX64.toUpperCase()}`, `write "sha256:${HEX64}"`],
  [`nginx@SHA256:${HEX64}`, 'algorithm must be lowercase'],
  [`nginx@md5:${HEX64}`, 'digest algorithm "md5" is not supported'],
  [`nginx@blake3:${HEX64}`, 'not supported'],
  [`nginx@toString:${HEX64}`, 'digest algorithm "toString" is not supported'],
  [`nginx@__proto__:${HEX64}`, 'digest algorithm "__proto__" is not supported'],
  [`nginx@${HEX64}`, `write "@sha256:${HEX64}"`],
  [`nginx@${D}@${D}`, 'more than one "@"'],
  [`nginx@1.27`, 'digest "1.27" has no algorithm'],
  [HEX64, 'reserves for image IDs'],
  ['Nginx:1', 'repository name must be lowercase; write "nginx:1"'],
  ['docker/Docker', 'repository name must be lowercase'],
  ['ghcr.io/Owner/app', 'write "ghcr.io/owner/app"'],
  ['Docker/docker', '"Docker" is not a registry host'],
  ['FOO_BAR/x', 'must be lowercase'],
  ['a//b', 'empty component'],
  ['docker///docker', 'empty component'],
  ['docker/', 'empty component'],
  ['/nginx', 'empty component'],
  ['ghcr.io/', 'names registry "ghcr.io" but no repository'],
  ['ghcr.io//x', 'empty component'],
  ['-docker', 'path component "-docker" is invalid'],
  ['docker-/docker', 'path component "docker-" is invalid'],
  ['docker/dock..er', 'path component "dock..er" is invalid'],
  ['docker/dock_.er', 'path component "dock_.er" is invalid'],
  ['dock..er/docker', 'registry host "dock..er" is invalid'], // has a ".", so Docker reads a host
  ['____/____', 'path component "____" is invalid'],
  ['nginx!', 'path component "nginx!" is invalid'],
  ['-docker.io/docker/docker', 'registry host "-docker.io" is invalid'],
  ['my_reg.io/x', 'registry host "my_reg.io" is invalid'],
  ['localhost:/x', 'registry host "localhost:" is invalid'],
  ['fc00::1:5000/debian', 'registry host "fc00::1:5000" is invalid'],
  ['[fe80::1%eth0]:5000/debian', 'registry host "[fe80::1%eth0]:5000" is invalid'],
  ['[2001:db8:3:4::192.0.2.33]:5000/debian', 'is invalid'],
  ['[fc00::1]', 'names a registry host but no repository'],
  ['[::1]:5000', 'write "[::1]:5000/name"'],
  ['https://github.com/docker/docker', 'starts with a URL scheme "https://"'],
  ['docker://nginx', 'drop "docker://"'],
  [`x/${'a'.repeat(254)}`, 'has 256 characters; the limit is 255'],
  [`${'a'.repeat(248)}`, 'has 256 characters; the limit is 255'],
];

describe('parseImageRef: invalid references', () => {
  it.each(invalid)('%j', (input, fragment) => {
    let thrown: unknown;
    try {
      parseImageRef(input);
    } catch (e) {
      thrown = e;
    }
    expect(isShipshapeError(thrown, 'INVALID_REFERENCE')).toBe(true);
    const message = (thrown as Error).message;
    expect(message.startsWith(`invalid image reference ${JSON.stringify(input.slice(0, 160))}`)).toBe(true);
    expect(message).toContain(fragment);
    expect(tryParseImageRef(input)).toEqual({ ok: false, error: message });
  });

  it('matches the documented message for an uppercase name', () => {
    expect(() => parseImageRef('Nginx:1')).toThrow(
      'invalid image reference "Nginx:1": repository name must be lowercase; write "nginx:1"',
    );
  });

  it('shortens very long input in the message', () => {
    const error = tryParseImageRef(`${'a'.repeat(5000)}!`);
    expect(error.ok).toBe(false);
    if (!error.ok) {
      expect(error.error.length).toBeLessThan(400);
      expect(error.error).toContain('(5001 characters)');
    }
  });

  it('reports a non-string from an untyped caller as invalid, not as a crash', () => {
    expect(tryParseImageRef(42 as unknown as string)).toEqual({
      ok: false,
      error: 'invalid image reference: expected a string, got number',
    });
  });
});
