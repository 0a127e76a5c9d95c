/** What the update, rollback and recover use cases need: ports only, built by main.ts. */
import type { FileReference } from '../ports/source.js';
import type { Clock } from '../ports/clock.js';
import type { ContainerEngine } from '../ports/container-engine.js';
import type { CredentialSource } from '../ports/credentials.js';
import type { History, OperationOwner } from '../ports/history.js';
import type { Logger } from '../ports/logger.js';
import type { ProbeRunner } from '../ports/probe.js';
import type { Registry } from '../ports/registry.js';
import type { SwarmEngine } from '../ports/swarm.js';
import type { TextFiles } from '../ports/text-files.js';

/** Finds the image references of one compose file (absolute path): discovery's compose adapter. */
export type ComposeScanner = (absolutePath: string) => Promise<FileReference[]>;

export interface RolloutDeps {
  readonly engine: ContainerEngine;
  readonly history: History;
  readonly probes: ProbeRunner;
  readonly registry: Registry;
  readonly credentials: CredentialSource;
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly logger: Logger;
  /** This process, recorded on every operation it starts. */
  readonly owner: OperationOwner;
  /** Whether the process that started an operation still runs (stale records are recovered). */
  readonly ownerAlive: (owner: OperationOwner) => boolean;
  readonly newId: () => string;
  /** Probes may use 127.0.0.1-published ports only when the engine runs on this machine. */
  readonly engineIsLocal: boolean;
  /** For rewriting compose files after an update; absent: compose files are left alone. */
  readonly compose?: { readonly files: TextFiles; readonly scan: ComposeScanner };
  /** Swarm services of the same host; absent: names are containers only. */
  readonly swarm?: SwarmEngine;
  /** How long engine calls that restore a container are retried while the engine is unreachable (default 30 s). */
  readonly engineRetryMs?: number;
  /** How often the gate polls the engine (default 500 ms). */
  readonly pollMs?: number;
}
