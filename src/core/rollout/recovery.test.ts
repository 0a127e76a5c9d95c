import { describe, expect, it } from 'vitest';
import { planRecovery, type ContainerOperationState, type ObservedContainer } from './recovery.js';

const op: ContainerOperationState = {
  name: 'web',
  oldId: 'old1',
  oldName: 'web-shipshape-old-20261128T000000',
  preflightName: 'web-shipshape-preflight-20261128T000000',
  newId: null,
  candidateImage: 'app:2',
  wasRunning: true,
  previousTag: 'shipshape-previous/web:1',
};
const c = (id: string, name: string, running: boolean, image = 'app:1'): ObservedContainer => ({
  id,
  name,
  running,
  image,
});
const none = { old: null, atName: null, preflight: null, newById: null };

describe('planRecovery', () => {
  it('undoes a rollout killed while verifying', () => {
    const plan = planRecovery('verifying', op, {
      ...none,
      old: c('old1', op.oldName, false),
      atName: c('new1', 'web', true, 'app:2'),
    });
    expect(plan.outcome).toBe('rolled-back');
    expect(plan.steps).toEqual([
      { kind: 'remove', id: 'new1', what: 'new' },
      { kind: 'rename', id: 'old1', to: 'web' },
      { kind: 'start', id: 'old1' },
    ]);
  });

  it('does not take a foreign container at the name for the new one', () => {
    const plan = planRecovery('verifying', op, {
      ...none,
      old: c('old1', op.oldName, false),
      atName: c('x', 'web', true, 'other:1'),
    });
    expect(plan.steps[0]).toEqual({ kind: 'rename', id: 'old1', to: 'web' });
  });

  it('finishes a rollout whose gate had passed', () => {
    const plan = planRecovery(
      'done',
      { ...op, newId: 'new1' },
      { ...none, old: c('old1', op.oldName, false), newById: c('new1', 'web', true, 'app:2') },
    );
    expect(plan).toMatchObject({ outcome: 'updated', steps: [{ kind: 'remove', id: 'old1', what: 'old' }] });
  });

  it('recreates the old container from the record when it is gone after being touched', () => {
    expect(planRecovery('starting-new', op, none).steps).toEqual([{ kind: 'recreate-old', start: true }]);
    expect(planRecovery('preflight', op, none)).toMatchObject({ outcome: 'failed', steps: [] });
  });

  it('only cleans up the pre-flight container when the old one was never touched', () => {
    const plan = planRecovery('preflight', op, {
      ...none,
      old: c('old1', 'web', true),
      atName: c('old1', 'web', true),
      preflight: c('pf', op.preflightName!, true, 'app:2'),
    });
    expect(plan).toEqual({
      outcome: 'failed',
      steps: [{ kind: 'remove', id: 'pf', what: 'pre-flight' }],
      note: 'interrupted while preflight, before the container was changed',
    });
  });
});
