/**
 * Rollout settings of one container: the shared `shipshape.*` labels (core/container/labels: enable,
 * probe, stable, test, depends-on) plus the rollout-only ones below, and compose's depends_on label.
 * Invalid values are errors for that container only; the rest of the run proceeds.
 *
 *   shipshape.preflight=true        start the candidate as a temporary container first
 *   shipshape.health-timeout=2m     how long a HEALTHCHECK may take to report healthy
 *   shipshape.probe-timeout=1m      how long the probe may take to pass the first time
 *   shipshape.stop-timeout=30s      grace period when stopping the old container
 */
import { parseContainerLabels, type LabelOptions, type TestCommand } from '../container/labels.js';
import type { Probe } from '../container/probe.js';
import { DURATION_HINT, parseDuration } from '../policy/duration.js';

export const ROLLOUT_LABELS = {
  preflight: 'shipshape.preflight',
  healthTimeout: 'shipshape.health-timeout',
  probeTimeout: 'shipshape.probe-timeout',
  stopTimeout: 'shipshape.stop-timeout',
} as const;

export const COMPOSE_DEPENDS_ON_LABEL = 'com.docker.compose.depends_on';

export interface RolloutSettings {
  readonly enabled: boolean;
  /** Why not, when disabled. */
  readonly disabledBy: string | null;
  readonly stableMs: number;
  readonly healthTimeoutMs: number;
  readonly probeTimeoutMs: number;
  readonly probe: Probe | null;
  readonly test: TestCommand | null;
  /** null: not set on the container (the command-line default applies). */
  readonly preflight: boolean | null;
  /** Container names from `shipshape.depends-on`. */
  readonly dependsOn: readonly string[];
  /** Compose service names from `com.docker.compose.depends_on`. */
  readonly composeDependsOn: readonly string[];
  /** null: the container's own StopTimeout (or the engine default). */
  readonly stopTimeoutMs: number | null;
}

export interface RolloutDefaults {
  readonly stableMs: number;
  readonly healthTimeoutMs: number;
  readonly probeTimeoutMs: number;
}

export const ROLLOUT_DEFAULTS: RolloutDefaults = {
  stableMs: 10_000,
  healthTimeoutMs: 120_000,
  probeTimeoutMs: 60_000,
};

export type SettingsResult =
  | { readonly ok: true; readonly settings: RolloutSettings }
  | { readonly ok: false; readonly errors: readonly string[] };

const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Compose writes `svc:condition:restart` entries, comma-separated (older versions just `svc`). */
function composeDeps(value: string): string[] {
  return list(value).map((entry) => entry.split(':')[0] ?? entry);
}

export function rolloutSettings(
  labels: Readonly<Record<string, string>>,
  defaults: RolloutDefaults = ROLLOUT_DEFAULTS,
  options: LabelOptions = {},
): SettingsResult {
  const parsed = parseContainerLabels(labels, options);
  const errors: string[] = parsed.errors.map((e) => e.message);
  const value = (key: string): string | null => {
    const v = labels[key]?.trim();
    return v === undefined || v === '' ? null : v;
  };
  const duration = (key: string): number | null => {
    const v = value(key);
    if (v === null) return null;
    try {
      return parseDuration(v);
    } catch {
      errors.push(`label ${key}: invalid duration ${JSON.stringify(v)}; ${DURATION_HINT}`);
      return null;
    }
  };

  let preflight: boolean | null = null;
  const rawPreflight = value(ROLLOUT_LABELS.preflight);
  if (rawPreflight !== null) {
    const b = rawPreflight.toLowerCase();
    if (b === 'true' || b === 'false') preflight = b === 'true';
    else
      errors.push(
        `label ${ROLLOUT_LABELS.preflight}: invalid value ${JSON.stringify(rawPreflight)}; expected true or false`,
      );
  }
  const healthTimeoutMs = duration(ROLLOUT_LABELS.healthTimeout) ?? defaults.healthTimeoutMs;
  const probeTimeoutMs = duration(ROLLOUT_LABELS.probeTimeout) ?? defaults.probeTimeoutMs;
  const stopTimeoutMs = duration(ROLLOUT_LABELS.stopTimeout);

  if (errors.length > 0) return { ok: false, errors };
  const p = parsed.policy;
  return {
    ok: true,
    settings: {
      enabled: p.enabled,
      disabledBy: p.disabledBy,
      stableMs: p.stableMs ?? defaults.stableMs,
      healthTimeoutMs,
      probeTimeoutMs,
      probe: p.probe,
      test: p.test,
      preflight,
      dependsOn: p.dependsOn,
      composeDependsOn: composeDeps(labels[COMPOSE_DEPENDS_ON_LABEL] ?? ''),
      stopTimeoutMs,
    },
  };
}
