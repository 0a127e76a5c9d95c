import { describe, expect, it } from 'vitest';
import { ROLLOUT_DEFAULTS, rolloutSettings } from './settings.js';
import { previousRepository, previousTagNumber, keptName } from './names.js';

describe('rolloutSettings', () => {
  it('uses the defaults without labels', () => {
    expect(rolloutSettings({})).toEqual({
      ok: true,
      settings: {
        enabled: true,
        disabledBy: null,
        ...ROLLOUT_DEFAULTS,
        probe: null,
        test: null,
        preflight: null,
        dependsOn: [],
        composeDependsOn: [],
        stopTimeoutMs: null,
      },
    });
  });

  it('reads the shared labels and the rollout ones', () => {
    const r = rolloutSettings({
      'shipshape.stable': '3s',
      'shipshape.health-timeout': '1m',
      'shipshape.probe': 'http://:8080/cgi-bin/health 2xx ok',
      'shipshape.probe-timeout': '5s',
      'shipshape.test': 'wget -q -O- http://127.0.0.1:8080/',
      'shipshape.preflight': 'true',
      'shipshape.depends-on': 'db, cache',
      'shipshape.stop-timeout': '30s',
      'com.docker.compose.depends_on': 'redis:service_started:false,db:service_healthy:true',
    });
    expect(r).toMatchObject({
      ok: true,
      settings: {
        enabled: true,
        stableMs: 3000,
        healthTimeoutMs: 60_000,
        probeTimeoutMs: 5000,
        probe: {
          kind: 'http',
          host: null,
          port: 8080,
          path: '/cgi-bin/health',
          status: [{ min: 200, max: 299 }],
        },
        test: { argv: ['wget', '-q', '-O-', 'http://127.0.0.1:8080/'] },
        preflight: true,
        dependsOn: ['db', 'cache'],
        composeDependsOn: ['redis', 'db'],
        stopTimeoutMs: 30_000,
      },
    });
  });

  it('reports every invalid value, shared and rollout labels alike', () => {
    expect(
      rolloutSettings({
        'shipshape.stable': 'soon',
        'shipshape.preflight': 'maybe',
        'shipshape.health-timeout': '5 minutes',
      }),
    ).toEqual({
      ok: false,
      errors: [
        expect.stringContaining('label shipshape.stable: invalid duration "soon"'),
        'label shipshape.preflight: invalid value "maybe"; expected true or false',
        expect.stringContaining('label shipshape.health-timeout: invalid duration "5 minutes"'),
      ],
    });
  });

  it('passes a disabled container through with why', () => {
    expect(rolloutSettings({ 'shipshape.enable': 'false' })).toMatchObject({
      settings: { enabled: false, disabledBy: 'label shipshape.enable=false' },
    });
  });
});

describe('names', () => {
  it('makes valid container names and repositories', () => {
    expect(keptName('web', Date.UTC(2026, 10, 28, 0, 32, 27, 123))).toBe('web-shipshape-old-20261128T003227');
    expect(previousRepository('My_App..1')).toBe('shipshape-previous/my_app-1');
    expect(previousTagNumber('shipshape-previous/web:12')).toBe(12);
    expect(previousTagNumber('web:12')).toBeNull();
  });
});
