import { describe, expect, it } from 'vitest';
import { engineError, registryErrorCode } from './errors.js';

describe('engineError', () => {
  it('prefixes the host and keeps the engine message', () => {
    const e = engineError('edge-1', 'inspect container web', {
      statusCode: 404,
      json: { message: 'No such container: web' },
      message: '(HTTP code 404) no such container - No such container: web ',
    });
    expect(e).toMatchObject({ code: 'NOT_FOUND', source: 'docker:edge-1', retryable: false });
    expect(e.message).toBe('[docker:edge-1] inspect container web: No such container: web');
  });

  it('connection failures are retryable REGISTRY_UNAVAILABLE; a refused socket permission is not', () => {
    const refused = engineError(
      'local',
      'ping',
      Object.assign(new Error('connect ECONNREFUSED /var/run/docker.sock'), { code: 'ECONNREFUSED' }),
    );
    expect(refused).toMatchObject({ code: 'REGISTRY_UNAVAILABLE', retryable: true });
    expect(refused.message).toBe(
      '[docker:local] ping: cannot reach the engine (connect ECONNREFUSED /var/run/docker.sock)',
    );
    const denied = engineError(
      'local',
      'ping',
      Object.assign(new Error('connect EACCES /var/run/docker.sock'), { code: 'EACCES' }),
    );
    expect(denied).toMatchObject({ code: 'IO_FAILED', retryable: false });
  });

  it('maps registry answers relayed by the engine', () => {
    expect(
      registryErrorCode('manifest for 127.0.0.1:5000/x:1 not found: manifest unknown: manifest unknown'),
    ).toBe('NOT_FOUND');
    expect(
      registryErrorCode('Head "http://127.0.0.1:5000/v2/x/manifests/1": no basic auth credentials'),
    ).toBe('AUTH_FAILED');
    expect(registryErrorCode('unauthorized: authentication required')).toBe('AUTH_FAILED');
    expect(
      registryErrorCode("pull access denied for x, repository does not exist or may require 'docker login'"),
    ).toBe('NOT_FOUND');
    expect(registryErrorCode('Get "https://r.example/v2/": dial tcp: connection refused')).toBe(
      'REGISTRY_UNAVAILABLE',
    );
    expect(registryErrorCode('something else')).toBeNull();
    expect(
      engineError('local', 'pull x', { statusCode: 500, json: { message: 'unauthorized: x' } }, true).code,
    ).toBe('AUTH_FAILED');
  });
});
