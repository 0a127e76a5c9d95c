import { describe, expect, it } from 'vitest';
import { isTerminal, nextPhase, statusOf, touchesOld } from './machine.js';
import type { RolloutPhase } from './types.js';

describe('rollout state machine', () => {
  it('walks the happy path with and without pre-flight', () => {
    const path: RolloutPhase[] = ['pending'];
    while (!isTerminal(path.at(-1)!)) path.push(nextPhase(path.at(-1)!, { type: 'ok' }));
    expect(path).toEqual([
      'pending',
      'pulling',
      'recording',
      'preflight',
      'stopping-old',
      'starting-new',
      'verifying',
      'done',
    ]);
    expect(nextPhase('recording', { type: 'skip-preflight' })).toBe('stopping-old');
  });

  it('fails before anything is touched, rolls back after', () => {
    expect(nextPhase('pulling', { type: 'fail' })).toBe('failed');
    expect(nextPhase('preflight', { type: 'fail' })).toBe('rolled-back');
    expect(nextPhase('verifying', { type: 'fail' })).toBe('rolling-back');
    expect(nextPhase('rolling-back', { type: 'ok' })).toBe('rolled-back');
    expect(nextPhase('rolling-back', { type: 'fail' })).toBe('failed');
    expect(touchesOld('preflight')).toBe(false);
    expect(touchesOld('starting-new')).toBe(true);
  });

  it('rejects transitions it does not have', () => {
    expect(() => nextPhase('done', { type: 'ok' })).toThrow('no transition from done');
    expect(() => nextPhase('pulling', { type: 'skip-preflight' })).toThrow();
    expect(statusOf('done')).toBe('updated');
    expect(() => statusOf('verifying')).toThrow();
  });
});
