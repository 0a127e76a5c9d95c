/**
 * Recovery of an interrupted container rollout (Shipshape killed, engine connection lost): from the
 * last recorded phase and what the engine shows now, the steps that complete or undo it. Pure.
 *
 * Only a rollout whose gate passed (phase `done`) is completed; everything else is undone, so the
 * container ends up exactly as it was before (the update is retried by the next run).
 */
import type { RolloutPhase, RolloutStatus } from './types.js';
import { touchesOld } from './machine.js';

/** What the in-flight record keeps about a container rollout (stored as JSON). */
export interface ContainerOperationState {
  /** The target container's name. */
  readonly name: string;
  readonly oldId: string;
  /** The name the old container carries while it is kept: `<name>-shipshape-old-<ts>`. */
  readonly oldName: string;
  /** The temporary pre-flight container's name, when pre-flight runs. */
  readonly preflightName: string | null;
  /** The new container's id, once created. */
  readonly newId: string | null;
  /** The image reference the new container is created from. */
  readonly candidateImage: string;
  readonly wasRunning: boolean;
  /** The local tag that keeps the previous image (`shipshape-previous/<name>:<n>`). */
  readonly previousTag: string | null;
}

export interface ObservedContainer {
  readonly id: string;
  readonly name: string;
  readonly running: boolean;
  /** Config.Image */
  readonly image: string;
}

export interface RecoveryObservation {
  /** The old container, looked up by id (it may have been renamed). */
  readonly old: ObservedContainer | null;
  /** Whatever container holds the target name now. */
  readonly atName: ObservedContainer | null;
  /** The pre-flight container, by its recorded name. */
  readonly preflight: ObservedContainer | null;
  /** The new container by its recorded id. */
  readonly newById: ObservedContainer | null;
}

export type RecoveryStep =
  | { readonly kind: 'remove'; readonly id: string; readonly what: 'pre-flight' | 'new' | 'old' }
  | { readonly kind: 'rename'; readonly id: string; readonly to: string }
  | { readonly kind: 'start'; readonly id: string }
  /** The old container is gone: create it again from the recorded inspect document. */
  | { readonly kind: 'recreate-old'; readonly start: boolean };

export interface RecoveryPlan {
  readonly outcome: Exclude<RolloutStatus, 'skipped'>;
  readonly steps: readonly RecoveryStep[];
  readonly note: string;
}

const CREATED_NEW: readonly RolloutPhase[] = ['starting-new', 'verifying', 'rolling-back', 'done'];

export function planRecovery(
  phase: RolloutPhase,
  op: ContainerOperationState,
  seen: RecoveryObservation,
): RecoveryPlan {
  const steps: RecoveryStep[] = [];
  if (seen.preflight) steps.push({ kind: 'remove', id: seen.preflight.id, what: 'pre-flight' });

  // A new container created just before the process died may not have its id recorded yet:
  // it is the one at the target name, created from the candidate image.
  const atNameIsNew =
    seen.atName !== null &&
    seen.atName.id !== op.oldId &&
    CREATED_NEW.includes(phase) &&
    seen.atName.image === op.candidateImage;
  const created = seen.newById ?? (atNameIsNew ? seen.atName : null);

  if (phase === 'done' && created !== null && created.running) {
    if (seen.old) steps.push({ kind: 'remove', id: seen.old.id, what: 'old' });
    if (created.name !== op.name) steps.push({ kind: 'rename', id: created.id, to: op.name });
    return {
      outcome: 'updated',
      steps,
      note: 'the new container had passed its gate; finished the clean-up',
    };
  }

  const touched = touchesOld(phase) || phase === 'done';
  if (created !== null && created.id !== op.oldId)
    steps.push({ kind: 'remove', id: created.id, what: 'new' });
  if (seen.old) {
    if (seen.old.name !== op.name) steps.push({ kind: 'rename', id: seen.old.id, to: op.name });
    if (op.wasRunning && !seen.old.running) steps.push({ kind: 'start', id: seen.old.id });
  } else if (touched) {
    steps.push({ kind: 'recreate-old', start: op.wasRunning });
  } else {
    // Never touched by this rollout: someone else removed it; do not bring it back.
    return { outcome: 'failed', steps, note: `interrupted while ${phase}; the container no longer exists` };
  }
  return touched
    ? { outcome: 'rolled-back', steps, note: `interrupted while ${phase}; restored the previous container` }
    : { outcome: 'failed', steps, note: `interrupted while ${phase}, before the container was changed` };
}
