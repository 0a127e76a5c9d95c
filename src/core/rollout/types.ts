/**
 * Rollout vocabulary shared by the state machine, the gate, the scheduler, the history port and the
 * `update --format json` report. The report names here are a contract: extend, never rename.
 */
import type { VulnerabilityDelta } from '../vuln/types.js';

/** Where one rollout is. Terminal: done, rolled-back, failed. */
export type RolloutPhase =
  | 'pending'
  | 'pulling'
  | 'recording'
  | 'preflight'
  | 'stopping-old'
  | 'starting-new'
  | 'verifying'
  | 'done'
  | 'rolling-back'
  | 'rolled-back'
  | 'failed';

export type TargetKind = 'container' | 'service';

/** The outcome of one target in the report. */
export type RolloutStatus = 'updated' | 'rolled-back' | 'skipped' | 'failed';

/** What a history entry records: a forward update, an explicit rollback, or a recovery of an interrupted one. */
export type RolloutAction = 'update' | 'rollback' | 'recover';

export interface ImageVersionRef {
  /** The reference as the container/service names it, e.g. "registry:5000/team/app:1.1.0". */
  readonly image: string;
  /** The registry manifest digest ("sha256:…"), or null for an image that was never pulled by digest. */
  readonly digest: string | null;
  /**
   * Extension, only on a `to` chosen by the check with scanning on (`check --vulnerabilities`,
   * `scan.inCheck`): the candidate's vulnerability delta, as on the check report; null when the scan
   * failed. Absent otherwise (`--to`, scanning off).
   */
  readonly vulnerabilities?: VulnerabilityDelta | null;
}

/** What the check decided for one container or service: a new tag and/or digest, nothing, or why not. */
export type CandidateChoice =
  | {
      readonly kind: 'update';
      readonly tag: string | null;
      readonly digest: string | null;
      /** The candidate's vulnerability delta, when the check computed it; carried into the result's `to`. */
      readonly vulnerabilities?: ImageVersionRef['vulnerabilities'];
    }
  | { readonly kind: 'none'; readonly reason: string }
  | { readonly kind: 'skip'; readonly reason: string; readonly failed: boolean };

/** Step names in `steps[]` (documented in docs/updates.md). */
export type StepName =
  | 'resolve'
  | 'pull'
  | 'record'
  | 'preflight'
  | 'stop-old'
  | 'start-new'
  | 'verify'
  | 'rollback'
  | 'cleanup'
  | 'compose-file'
  | 'recover'
  | 'service-update';

export interface StepRecord {
  readonly step: StepName;
  readonly ok: boolean;
  readonly ms: number;
  /** Extension: what happened, for humans and `history`. */
  readonly detail?: string;
}

/** One entry of `update --format json` `results[]` (schemaVersion 1). */
export interface RolloutResult {
  readonly target: string;
  readonly kind: TargetKind;
  readonly host: string;
  readonly from: ImageVersionRef;
  readonly to: ImageVersionRef | null;
  readonly status: RolloutStatus;
  readonly reason: string | null;
  readonly steps: readonly StepRecord[];
}

export interface UpdateReport {
  readonly schemaVersion: 1;
  /** Extension: present (true) on `update --dry-run`; every would-be rollout is `skipped` with its step. */
  readonly dryRun?: true;
  readonly results: readonly RolloutResult[];
}

/** The subset of a container's engine state the gate reads. */
export interface ObservedState {
  readonly status: string;
  readonly running: boolean;
  readonly restarting: boolean;
  readonly exitCode: number;
  readonly oomKilled: boolean;
  readonly health: 'starting' | 'healthy' | 'unhealthy' | 'none';
  readonly restartCount: number;
}

export interface ProbeOutcome {
  readonly ok: boolean;
  /** "HTTP 200", "HTTP 500", "connection refused", … */
  readonly detail: string;
}
