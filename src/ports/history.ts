/**
 * Rollout history and in-flight operations. An operation is recorded (with the old container's full
 * inspect document) before anything is touched and updated before every phase, so a run that dies
 * half-way can be completed or undone by the next one; when it ends, its history entry is written and
 * the in-flight record dropped in one transaction.
 * Implementations: adapters/store/sqlite/sqlite-history.ts (default, same file as the Store),
 * adapters/store/memory/memory-history.ts (tests, --no-store). Contract: test/contracts/history.contract.ts.
 */
import type {
  ImageVersionRef,
  RolloutAction,
  RolloutPhase,
  RolloutStatus,
  StepRecord,
  TargetKind,
} from '../core/rollout/types.js';

/** Which process runs an operation: a record whose owner is gone is stale and recoverable. */
export interface OperationOwner {
  readonly pid: number;
  readonly hostname: string;
}

export interface InFlightOperation {
  /** Unique id (a UUID). */
  readonly id: string;
  /** Engine host name ("local", or a configured host). */
  readonly host: string;
  /** Container or service name. */
  readonly target: string;
  readonly kind: TargetKind;
  readonly action: Exclude<RolloutAction, 'recover'>;
  readonly phase: RolloutPhase;
  readonly owner: OperationOwner;
  readonly from: ImageVersionRef;
  readonly to: ImageVersionRef;
  /** Milliseconds since the epoch. */
  readonly startedAt: number;
  readonly updatedAt: number;
  /** Everything needed to complete or undo it (ContainerOperationState for containers). JSON. */
  readonly state: Readonly<Record<string, unknown>>;
  /** The old container's inspect document (or the service spec), as JSON. */
  readonly snapshot: Readonly<Record<string, unknown>>;
  readonly steps: readonly StepRecord[];
}

export interface HistoryEntry {
  /** Increasing with every entry written. */
  readonly seq: number;
  /** The operation id (entries of recovered operations keep it). */
  readonly id: string;
  readonly host: string;
  readonly target: string;
  readonly kind: TargetKind;
  readonly action: RolloutAction;
  readonly status: RolloutStatus;
  readonly from: ImageVersionRef;
  readonly to: ImageVersionRef | null;
  readonly reason: string | null;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly steps: readonly StepRecord[];
  /** The local tag keeping the `from` image (`shipshape-previous/<name>:<n>`), or null. */
  readonly previousTag: string | null;
}

export type NewHistoryEntry = Omit<HistoryEntry, 'seq'>;

export type BeginResult =
  | { readonly ok: true }
  /** Another operation on the same host and target is in flight. */
  | { readonly ok: false; readonly existing: InFlightOperation };

export interface HistoryFilter {
  readonly host?: string;
  readonly target?: string;
  /** At most this many, newest first. */
  readonly limit?: number;
}

export interface History {
  /** Records an operation before it touches anything; at most one per (host, target). */
  begin(operation: InFlightOperation): Promise<BeginResult>;
  /** Moves an operation to another phase, merging `state` keys and replacing `steps`. */
  advance(
    id: string,
    update: {
      readonly phase: RolloutPhase;
      readonly state?: Readonly<Record<string, unknown>>;
      readonly steps?: readonly StepRecord[];
      readonly updatedAt: number;
    },
  ): Promise<void>;
  /** Writes the entry and drops the in-flight record `entry.id` (when there is one) atomically. */
  finish(entry: NewHistoryEntry): Promise<HistoryEntry>;
  /** In-flight operations, oldest first. */
  inFlight(filter?: { readonly host?: string; readonly target?: string }): Promise<InFlightOperation[]>;
  /** History entries, newest first. */
  list(filter?: HistoryFilter): Promise<HistoryEntry[]>;
  close(): Promise<void>;
}
