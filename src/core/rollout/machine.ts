/**
 * The rollout state machine of one container:
 *
 *   pending → pulling → recording → [preflight] → stopping-old → starting-new → verifying → done
 *                                        │               └──────────┴──────────────┴→ rolling-back → rolled-back | failed
 *                                        └→ rolled-back (the candidate failed pre-flight; nothing was touched)
 *   pending | pulling | recording → failed (nothing was touched)
 *
 * The app records every phase in the history store before acting on it, so an interrupted run can be
 * completed or undone from the last recorded phase (see recovery.ts).
 */
import type { RolloutPhase, RolloutStatus } from './types.js';

export type RolloutEvent =
  /** The current phase's work succeeded. */
  | { readonly type: 'ok' }
  /** Pre-flight is not wanted: from recording straight to stopping-old. */
  | { readonly type: 'skip-preflight' }
  /** The current phase's work failed or the gate rejected the candidate. */
  | { readonly type: 'fail' };

const FORWARD: Partial<Record<RolloutPhase, RolloutPhase>> = {
  pending: 'pulling',
  pulling: 'recording',
  recording: 'preflight',
  preflight: 'stopping-old',
  'stopping-old': 'starting-new',
  'starting-new': 'verifying',
  verifying: 'done',
  'rolling-back': 'rolled-back',
};

const ON_FAIL: Partial<Record<RolloutPhase, RolloutPhase>> = {
  pending: 'failed',
  pulling: 'failed',
  recording: 'failed',
  preflight: 'rolled-back',
  'stopping-old': 'rolling-back',
  'starting-new': 'rolling-back',
  verifying: 'rolling-back',
  'rolling-back': 'failed',
};

export const TERMINAL_PHASES: readonly RolloutPhase[] = ['done', 'rolled-back', 'failed'];

export function isTerminal(phase: RolloutPhase): boolean {
  return TERMINAL_PHASES.includes(phase);
}

/** The next phase; throws on a transition the machine does not have (a bug in the caller). */
export function nextPhase(phase: RolloutPhase, event: RolloutEvent): RolloutPhase {
  const next =
    event.type === 'ok'
      ? FORWARD[phase]
      : event.type === 'fail'
        ? ON_FAIL[phase]
        : phase === 'recording'
          ? 'stopping-old'
          : undefined;
  if (next === undefined) throw new Error(`rollout: no transition from ${phase} on ${event.type}`);
  return next;
}

/** Whether the old container may have been stopped, renamed or replaced in this phase. */
export function touchesOld(phase: RolloutPhase): boolean {
  return (
    phase === 'stopping-old' || phase === 'starting-new' || phase === 'verifying' || phase === 'rolling-back'
  );
}

/** The report status of a terminal phase. */
export function statusOf(phase: RolloutPhase): RolloutStatus {
  switch (phase) {
    case 'done':
      return 'updated';
    case 'rolled-back':
      return 'rolled-back';
    case 'failed':
      return 'failed';
    default:
      throw new Error(`rollout: ${phase} is not a terminal phase`);
  }
}
