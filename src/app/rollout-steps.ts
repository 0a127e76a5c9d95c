/** Small helpers shared by the rollout use cases: timed steps, engine retries, registry credentials. */
import { isShipshapeError } from '../core/errors.js';
import { tryParseImageRef } from '../core/image-ref/index.js';
import type { StepName, StepRecord } from '../core/rollout/types.js';
import type { Clock } from '../ports/clock.js';
import type { RegistryAuth } from '../ports/container-engine.js';
import type { CredentialSource } from '../ports/credentials.js';
import type { RolloutDeps } from './rollout-deps.js';

export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The steps of one rollout, each timed; a failing step is recorded and its error rethrown. */
export class StepLog {
  readonly steps: StepRecord[] = [];

  constructor(private readonly clock: Clock) {}

  async run<T>(step: StepName, fn: () => Promise<T>, detail?: (value: T) => string | undefined): Promise<T> {
    const t0 = this.clock.now();
    try {
      const value = await fn();
      const d = detail?.(value);
      this.steps.push({ step, ok: true, ms: this.clock.now() - t0, ...(d ? { detail: d } : {}) });
      return value;
    } catch (e) {
      this.steps.push({ step, ok: false, ms: this.clock.now() - t0, detail: errorMessage(e) });
      throw e;
    }
  }

  add(step: StepName, ok: boolean, ms: number, detail?: string): void {
    this.steps.push({ step, ok, ms, ...(detail ? { detail } : {}) });
  }
}

/**
 * Runs an engine call, retrying while the engine is unreachable (retryable errors) for about
 * `budgetMs`: a restarting dockerd must not leave a container half rolled back.
 */
export async function withEngineRetry<T>(
  deps: Pick<RolloutDeps, 'sleep' | 'engineRetryMs'>,
  fn: () => Promise<T>,
  budgetMs = deps.engineRetryMs ?? 30_000,
): Promise<T> {
  let waited = 0;
  let delay = 250;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (!isShipshapeError(e) || !e.retryable || waited >= budgetMs) throw e;
      await deps.sleep(delay);
      waited += delay;
      delay = Math.min(delay * 2, 4000);
    }
  }
}

/** The engine's pull credentials for an image's registry, or undefined for anonymous pulls. */
export async function registryAuth(
  credentials: CredentialSource,
  image: string,
): Promise<RegistryAuth | undefined> {
  const parsed = tryParseImageRef(image);
  if (!parsed.ok) return undefined;
  const registry = parsed.ref.registry;
  const c = await credentials.get(registry);
  if (c === null) return undefined;
  return {
    serveraddress: registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry,
    ...(c.username !== undefined ? { username: c.username } : {}),
    ...(c.password !== undefined ? { password: c.password } : {}),
    ...(c.identityToken !== undefined ? { identitytoken: c.identityToken } : {}),
    ...(c.registryToken !== undefined ? { registrytoken: c.registryToken } : {}),
  };
}
