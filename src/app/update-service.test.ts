import { describe, expect, it } from 'vitest';
import { ROLLOUT_DEFAULTS, type RolloutSettings } from '../core/rollout/settings.js';
import type { ServiceInspect } from '../ports/swarm.js';
import { serviceImage, updatedSpec } from './update-service.js';

const D1 = 'sha256:' + '1'.repeat(64);
const D2 = 'sha256:' + '2'.repeat(64);
const service: ServiceInspect = {
  ID: 'svc1',
  Version: { Index: 7 },
  Spec: {
    Name: 'web',
    Labels: {},
    TaskTemplate: { ContainerSpec: { Image: `reg:5000/app:1.0.0@${D1}`, Env: ['A=1'] }, ForceUpdate: 2 },
    UpdateConfig: { Parallelism: 2, Delay: 5_000_000_000, FailureAction: 'pause', Order: 'start-first' },
  },
};
const settings: RolloutSettings = {
  ...ROLLOUT_DEFAULTS,
  enabled: true,
  disabledBy: null,
  stableMs: 3000,
  probe: null,
  test: null,
  preflight: null,
  dependsOn: [],
  composeDependsOn: [],
  stopTimeoutMs: null,
};

describe('Swarm service specs', () => {
  it('reads the pinned image apart', () => {
    expect(serviceImage(service)).toEqual({ image: 'reg:5000/app:1.0.0', digest: D1 });
  });

  it('pins the candidate by digest and makes Swarm roll back, keeping what the user set', () => {
    const spec = updatedSpec(service, { image: 'reg:5000/app:1.1.0', digest: D2 }, settings);
    expect(spec).toMatchObject({
      Name: 'web',
      TaskTemplate: { ContainerSpec: { Image: `reg:5000/app:1.1.0@${D2}`, Env: ['A=1'] }, ForceUpdate: 3 },
      UpdateConfig: {
        Parallelism: 2,
        Delay: 5_000_000_000,
        Order: 'start-first',
        Monitor: 3_000_000_000,
        FailureAction: 'rollback',
        MaxFailureRatio: 0,
      },
      RollbackConfig: { Parallelism: 1, Monitor: 3_000_000_000, FailureAction: 'pause' },
    });
    // The inspect document is left alone.
    expect(service.Spec.TaskTemplate['ForceUpdate']).toBe(2);
  });
});
