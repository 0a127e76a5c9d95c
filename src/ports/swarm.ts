/**
 * Docker Swarm services: the small subset a rollout needs. Implementation: adapters/docker/swarm.
 * Errors: ShipshapeError with source `docker:<host>` like the container engine.
 */
import type { RegistryAuth } from './container-engine.js';

/** A service inspect document (GET /services/{id}), opaque except what rollouts read. */
export type ServiceInspect = Readonly<Record<string, unknown>> & {
  readonly ID: string;
  readonly Version: { readonly Index: number };
  readonly Spec: Readonly<Record<string, unknown>> & {
    readonly Name: string;
    readonly Labels?: Readonly<Record<string, string>> | null;
    readonly TaskTemplate: Readonly<Record<string, unknown>>;
  };
  readonly UpdateStatus?: {
    /** updating, paused, completed, rollback_started, rollback_paused, rollback_completed */
    readonly State?: string;
    readonly StartedAt?: string;
    readonly CompletedAt?: string;
    readonly Message?: string;
  };
};

export interface SwarmEngine {
  readonly host: string;
  /** Every service's name; empty when the engine is not a Swarm manager. */
  listServices(): Promise<string[]>;
  /** The service, or null when there is none by that name or id (or the engine is not a Swarm manager). */
  inspectService(idOrName: string): Promise<ServiceInspect | null>;
  /** Replaces the service's spec at `version` (optimistic concurrency); nodes pull with `auth`. */
  updateService(
    id: string,
    version: number,
    spec: Readonly<Record<string, unknown>>,
    auth?: RegistryAuth,
  ): Promise<void>;
}
