import { describe, expect, it } from 'vitest';
import { findChallenge, parseWwwAuthenticate } from './www-authenticate.js';

describe('parseWwwAuthenticate', () => {
  it('parses a Docker Hub bearer challenge', () => {
    const header =
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"';
    expect(parseWwwAuthenticate(header)).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/nginx:pull',
        },
      },
    ]);
  });

  it('keeps commas and escaped quotes inside quoted strings', () => {
    const [c] = parseWwwAuthenticate(
      'Bearer realm="https://a/t",scope="repository:a:pull,push",error="say \\"hi\\", ok"',
    );
    expect(c?.params).toEqual({
      realm: 'https://a/t',
      scope: 'repository:a:pull,push',
      error: 'say "hi", ok',
    });
  });

  it('splits several challenges in one header and across header lines', () => {
    const challenges = parseWwwAuthenticate([
      'Basic realm="Registry Realm", Bearer realm="https://t/token", service=reg',
      'Negotiate abc123==, Custom',
    ]);
    expect(challenges.map((c) => c.scheme)).toEqual(['basic', 'bearer', 'negotiate', 'custom']);
    expect(challenges[0]?.params).toEqual({ realm: 'Registry Realm' });
    expect(challenges[1]?.params).toEqual({ realm: 'https://t/token', service: 'reg' });
    expect(challenges[2]?.token68).toBe('abc123==');
  });

  it('is case-insensitive for schemes and parameter names, and tolerates spaces', () => {
    const [c] = parseWwwAuthenticate('BEARER  Realm = "https://x/token" ,  Service = "s"');
    expect(c).toEqual({ scheme: 'bearer', params: { realm: 'https://x/token', service: 's' } });
    expect(findChallenge(parseWwwAuthenticate('Basic realm=x'), 'BASIC')?.params['realm']).toBe('x');
  });

  it('survives garbage, empty input and unterminated quotes', () => {
    expect(parseWwwAuthenticate('')).toEqual([]);
    expect(parseWwwAuthenticate(undefined)).toEqual([]);
    expect(parseWwwAuthenticate(',,, ;;')).toEqual([]);
    expect(parseWwwAuthenticate('Bearer realm="https://x/token')[0]?.params['realm']).toBe('https://x/token');
    expect(parseWwwAuthenticate('realm=orphan, Basic')).toEqual([{ scheme: 'basic', params: {} }]);
  });
});
