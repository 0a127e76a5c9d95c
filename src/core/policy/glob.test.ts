import { describe, expect, it } from 'vitest';
import { globMatches, globToRegExp } from './glob.js';

describe('globToRegExp', () => {
  it.each([
    ['nginx', 'nginx', true],
    ['nginx', 'nginx-proxy', false],
    ['ghcr.io/acme/*', 'ghcr.io/acme/api', true],
    ['ghcr.io/acme/*', 'ghcr.io/acme/team/api', false],
    ['ghcr.io/acme/**', 'ghcr.io/acme/team/api', true],
    ['ghcr.io/**/api', 'ghcr.io/api', true],
    ['ghcr.io/**/api', 'ghcr.io/a/b/api', true],
    ['**/Dockerfile', 'Dockerfile', true],
    ['**/Dockerfile', 'svc/a/Dockerfile', true],
    ['db/**', 'db/compose.yaml', true],
    ['db/**', 'dba/compose.yaml', false],
    ['*', 'bitnami/redis', false],
    ['**', 'bitnami/redis', true],
    ['bitnami/*', 'bitnami/redis', true],
    ['redis?', 'redis7', true],
    ['redis?', 'redis/', false],
    ['{nginx,httpd}', 'httpd', true],
    ['{nginx,httpd}', 'caddy', false],
    ['svc/{a,b/*}/x', 'svc/b/c/x', true],
    ['1.*', '1.27.3', true],
    ['1.*', '1x27', false],
    ['a+b(c)[d]', 'a+b(c)[d]', true],
    ['{open', '{open', true],
  ])('%s matches %s: %s', (glob, subject, expected) => {
    expect(globMatches(glob, subject)).toBe(expected);
  });

  it('anchors the whole string', () => {
    expect(globToRegExp('x*').source).toBe('^x[^/]*$');
  });
});
