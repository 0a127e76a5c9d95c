import { describe, expect, it } from 'vitest';
import { evaluateGate, type GateObservation, type GateSpec } from './gate.js';
import type { ObservedState, ProbeOutcome } from './types.js';

const T0 = 1_000_000;
const running: ObservedState = {
  status: 'running',
  running: true,
  restarting: false,
  exitCode: 0,
  oomKilled: false,
  health: 'none',
  restartCount: 0,
};
const spec = (extra: Partial<GateSpec> = {}): GateSpec => ({
  probe: false,
  healthTimeoutMs: 10_000,
  probeTimeoutMs: 5_000,
  stableMs: 3_000,
  ...extra,
});
const obs = (ms: number, state: Partial<ObservedState> = {}, probe?: ProbeOutcome): GateObservation => ({
  at: T0 + ms,
  state: { ...running, ...state },
  ...(probe ? { probe } : {}),
});
const ok = { ok: true, detail: 'HTTP 200' };
const bad = { ok: false, detail: 'HTTP 500' };

describe('evaluateGate', () => {
  it('passes a running container without HEALTHCHECK after the stability window', () => {
    expect(evaluateGate(spec(), T0, [obs(0), obs(1000)])).toEqual({ kind: 'wait', probe: false });
    const v = evaluateGate(spec(), T0, [obs(0), obs(1000), obs(3000)]);
    expect(v).toEqual({ kind: 'pass', detail: 'running; stable for 3 seconds' });
  });

  it('fails at once on exit, OOM kill, restart or unhealthy', () => {
    expect(
      evaluateGate(spec(), T0, [obs(0), obs(200, { running: false, status: 'exited', exitCode: 3 })]),
    ).toEqual({
      kind: 'fail',
      reason: 'the container exited (status exited, exit code 3)',
    });
    expect(evaluateGate(spec(), T0, [obs(0), obs(200, { oomKilled: true, running: false })])).toMatchObject({
      reason: 'the container was OOM-killed',
    });
    expect(evaluateGate(spec(), T0, [obs(0), obs(2500, { restartCount: 2 })])).toMatchObject({
      reason: 'the container restarted (RestartCount 0 → 2)',
    });
    expect(
      evaluateGate(spec(), T0, [
        obs(0),
        obs(2500, { restartCount: 1, running: false, restarting: true, status: 'restarting', exitCode: 3 }),
      ]),
    ).toMatchObject({
      reason: 'the container restarted (RestartCount 0 → 1, last exit code 3)',
    });
    expect(
      evaluateGate(spec(), T0, [obs(0, { health: 'starting' }), obs(900, { health: 'unhealthy' })]),
    ).toMatchObject({
      reason: 'the HEALTHCHECK reported unhealthy',
    });
  });

  it('measures restarts against the first observation', () => {
    expect(evaluateGate(spec(), T0, [obs(0, { restartCount: 1 }), obs(3000, { restartCount: 1 })]).kind).toBe(
      'pass',
    );
  });

  it('waits for healthy, then the stability window starts', () => {
    const s = spec();
    const seen = [
      obs(0, { health: 'starting' }),
      obs(2000, { health: 'healthy' }),
      obs(4000, { health: 'healthy' }),
    ];
    expect(evaluateGate(s, T0, seen)).toEqual({ kind: 'wait', probe: false });
    expect(evaluateGate(s, T0, [...seen, obs(5000, { health: 'healthy' })])).toMatchObject({ kind: 'pass' });
  });

  it('fails when not healthy within the timeout', () => {
    const v = evaluateGate(spec(), T0, [obs(0, { health: 'starting' }), obs(10_000, { health: 'starting' })]);
    expect(v).toEqual({ kind: 'fail', reason: 'not healthy within 10 seconds (health: starting)' });
  });

  it('asks for the probe until it passes, then once more at the end of the window', () => {
    const s = spec({ probe: true });
    expect(evaluateGate(s, T0, [obs(0)])).toEqual({ kind: 'wait', probe: true });
    expect(evaluateGate(s, T0, [obs(0, {}, bad), obs(500, {}, ok)])).toEqual({ kind: 'wait', probe: false });
    expect(evaluateGate(s, T0, [obs(0, {}, bad), obs(500, {}, ok), obs(3600)])).toEqual({
      kind: 'wait',
      probe: true,
    });
    expect(evaluateGate(s, T0, [obs(0, {}, bad), obs(500, {}, ok), obs(3600, {}, ok)])).toMatchObject({
      kind: 'pass',
      detail: 'running, probe passed; stable for 3.1 s',
    });
  });

  it('fails a probe that never passes, or fails after passing', () => {
    const s = spec({ probe: true });
    expect(evaluateGate(s, T0, [obs(0, {}, bad), obs(5000, {}, bad)])).toEqual({
      kind: 'fail',
      reason: 'the probe did not pass within 5 seconds (last: HTTP 500)',
    });
    expect(evaluateGate(s, T0, [obs(0, {}, ok), obs(3000, {}, bad)])).toEqual({
      kind: 'fail',
      reason: 'the probe failed after passing: HTTP 500',
    });
  });
});
