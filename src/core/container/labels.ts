/**
 * `shipshape.*` container labels → a typed ContainerPolicy. Values are validated with the same rules as
 * the configuration's policy (tag patterns, durations, update types); a bad label is an error for that
 * container only, never for the run.
 */
import {
  DURATION_HINT,
  DURATION_PATTERN,
  UPDATE_TYPES,
  parseDuration,
  tagPatternProblem,
  type PolicySettings,
  type UpdateType,
} from '../policy/index.js';
import { splitCommand } from './command.js';
import { parseProbe, type Probe } from './probe.js';

export const LABELS = {
  enable: 'shipshape.enable',
  update: 'shipshape.update',
  include: 'shipshape.include',
  exclude: 'shipshape.exclude',
  probe: 'shipshape.probe',
  stable: 'shipshape.stable',
  test: 'shipshape.test',
  group: 'shipshape.group',
  dependsOn: 'shipshape.depends-on',
} as const;

export type LabelName = (typeof LABELS)[keyof typeof LABELS];
const KNOWN: readonly string[] = Object.values(LABELS);

/** `shipshape.update` levels, smallest first; each allows the update types of the levels below it. */
export const UPDATE_LEVELS = ['none', 'digest', 'patch', 'minor', 'major'] as const;
export type UpdateLevel = (typeof UPDATE_LEVELS)[number];

/** The update types a level allows: digest ⊂ patch ⊂ minor ⊂ major (none: nothing, the container is skipped). */
export function updateTypesUpTo(level: UpdateLevel): UpdateType[] {
  const rank = UPDATE_LEVELS.indexOf(level);
  return UPDATE_TYPES.filter((t) => t !== 'pin' && UPDATE_LEVELS.indexOf(t) <= rank);
}

export interface TestCommand {
  /** The label value as written. */
  readonly text: string;
  /** Split like a shell would (quotes, backslashes), run without a shell. */
  readonly argv: readonly string[];
}

export interface ContainerPolicy {
  /** Whether Shipshape checks and updates this container at all. */
  readonly enabled: boolean;
  /** Why not, when disabled (for skip reasons): "label shipshape.enable=false". */
  readonly disabledBy: string | null;
  readonly update: UpdateLevel | null;
  /** From `shipshape.update`; null: the configured policy decides. */
  readonly updateTypes: readonly UpdateType[] | null;
  readonly include: readonly string[] | null;
  readonly exclude: readonly string[] | null;
  readonly probe: Probe | null;
  /** How long the new container must stay healthy before the update counts as done. */
  readonly stableMs: number | null;
  readonly test: TestCommand | null;
  readonly group: string | null;
  /** Container names (without "/") to update before this one. */
  readonly dependsOn: readonly string[];
}

export interface LabelError {
  readonly label: string;
  /** `label shipshape.update: invalid value "mjaor"; expected patch, minor, major, digest or none` */
  readonly message: string;
}

export interface ParsedLabels {
  readonly policy: ContainerPolicy;
  readonly errors: readonly LabelError[];
}

export interface LabelOptions {
  /** `docker.labelsOptIn`: only containers labelled `shipshape.enable=true` are enabled. */
  readonly optIn?: boolean;
}

const CONTAINER_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export function parseContainerLabels(
  labels: Readonly<Record<string, string>> | null | undefined,
  options: LabelOptions = {},
): ParsedLabels {
  const all = labels ?? {};
  const errors: LabelError[] = [];
  const fail = (label: string, message: string): null => {
    errors.push({ label, message: `label ${label}: ${message}` });
    return null;
  };
  const value = (label: LabelName): string | null => {
    const v = all[label];
    return v === undefined || v.trim() === '' ? null : v.trim();
  };

  for (const key of Object.keys(all)) {
    const near = nearMiss(key);
    if (near !== null) errors.push({ label: key, message: `unknown label ${key} (did you mean ${near}?)` });
  }

  const optIn = options.optIn ?? false;
  let enabled = !optIn;
  let disabledBy: string | null = optIn ? `docker.labelsOptIn (no ${LABELS.enable}=true label)` : null;
  const enable = value(LABELS.enable);
  if (enable !== null) {
    const b = enable.toLowerCase();
    if (b === 'true') {
      enabled = true;
      disabledBy = null;
    } else if (b === 'false') {
      enabled = false;
      disabledBy = `label ${LABELS.enable}=false`;
    } else fail(LABELS.enable, `invalid value ${JSON.stringify(enable)}; expected true or false`);
  }

  let update: UpdateLevel | null = null;
  const rawUpdate = value(LABELS.update);
  if (rawUpdate !== null) {
    if ((UPDATE_LEVELS as readonly string[]).includes(rawUpdate)) update = rawUpdate as UpdateLevel;
    else
      fail(
        LABELS.update,
        `invalid value ${JSON.stringify(rawUpdate)}; expected patch, minor, major, digest or none`,
      );
  }
  if (update === 'none' && enabled) {
    enabled = false;
    disabledBy = `label ${LABELS.update}=none`;
  }

  const patterns = (label: LabelName): string[] | null => {
    const raw = value(label);
    if (raw === null) return null;
    const list = splitPatterns(raw);
    let ok = true;
    for (const p of list) {
      const problem = p === '' ? 'empty pattern' : tagPatternProblem(p);
      if (problem !== null) ok = fail(label, `invalid tag pattern ${JSON.stringify(p)}: ${problem}`) ?? false;
    }
    return ok ? list : null;
  };
  const include = patterns(LABELS.include);
  const exclude = patterns(LABELS.exclude);

  let probe: Probe | null = null;
  const rawProbe = value(LABELS.probe);
  if (rawProbe !== null) {
    const parsed = parseProbe(rawProbe);
    if (parsed.ok) probe = parsed.probe;
    else fail(LABELS.probe, parsed.error);
  }

  let stableMs: number | null = null;
  const rawStable = value(LABELS.stable);
  if (rawStable !== null) {
    if (!DURATION_PATTERN.test(rawStable))
      fail(LABELS.stable, `invalid duration ${JSON.stringify(rawStable)}; ${DURATION_HINT}`);
    else {
      try {
        stableMs = parseDuration(rawStable);
      } catch {
        fail(LABELS.stable, `duration ${JSON.stringify(rawStable)} is too long`);
      }
    }
  }

  let test: TestCommand | null = null;
  const rawTest = value(LABELS.test);
  if (rawTest !== null) {
    const split = splitCommand(rawTest);
    if (!split.ok) fail(LABELS.test, split.error);
    else test = { text: rawTest, argv: split.argv };
  }

  const group = value(LABELS.group);

  const dependsOn: string[] = [];
  const rawDeps = value(LABELS.dependsOn);
  if (rawDeps !== null) {
    for (const item of rawDeps.split(',')) {
      const name = item.trim().replace(/^\//, '');
      if (name === '') continue;
      if (CONTAINER_NAME.test(name)) dependsOn.push(name);
      else fail(LABELS.dependsOn, `invalid container name ${JSON.stringify(name)}`);
    }
  }

  return {
    policy: {
      enabled,
      disabledBy: enabled ? null : disabledBy,
      update,
      updateTypes: update === null || update === 'none' ? null : updateTypesUpTo(update),
      include,
      exclude,
      probe,
      stableMs,
      test,
      group,
      dependsOn,
    },
    errors,
  };
}

/** The policy settings labels set, and which label set each (for "not allowed by label …" reasons). */
export interface LabelOverrides {
  readonly settings: Partial<PolicySettings>;
  readonly sources: Partial<Record<keyof PolicySettings, string>>;
}

export function labelOverrides(policy: ContainerPolicy): LabelOverrides {
  const settings: { -readonly [K in keyof PolicySettings]?: PolicySettings[K] } = {};
  const sources: Partial<Record<keyof PolicySettings, string>> = {};
  if (!policy.enabled) {
    settings.enabled = false;
    sources.enabled = policy.disabledBy ?? `label ${LABELS.enable}`;
  }
  if (policy.updateTypes !== null) {
    settings.updateTypes = policy.updateTypes;
    sources.updateTypes = `label ${LABELS.update}=${policy.update ?? ''}`;
  }
  if (policy.include !== null) {
    settings.include = policy.include;
    sources.include = `label ${LABELS.include}`;
  }
  if (policy.exclude !== null) {
    settings.exclude = policy.exclude;
    sources.exclude = `label ${LABELS.exclude}`;
  }
  if (policy.group !== null) {
    settings.group = policy.group;
    sources.group = `label ${LABELS.group}`;
  }
  return { settings, sources };
}

/**
 * Splits a comma-separated pattern list. A `/regex/flags` item may itself contain commas (`/^1\.{1,2}/`):
 * it ends at the first "/" followed by flags and then a comma or the end.
 */
export function splitPatterns(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  for (;;) {
    rest = rest.trimStart();
    const regex = rest.startsWith('/') ? /^\/.*?\/[a-z]*\s*(?=,|$)/s.exec(rest) : null;
    let cut = regex !== null ? regex[0].length : rest.indexOf(',');
    if (cut < 0) cut = rest.length;
    out.push(rest.slice(0, cut).trim());
    if (cut >= rest.length) return out;
    rest = rest.slice(cut + 1);
  }
}

/** A `shipshape.*` key that is not a known label but close to one (a typo), or null. */
function nearMiss(key: string): string | null {
  const lower = key.toLowerCase();
  if (!lower.startsWith('shipshape.') || KNOWN.includes(key)) return null;
  let best: string | null = null;
  let bestDistance = 3;
  for (const known of KNOWN) {
    const d = distance(lower, known);
    if (d < bestDistance) {
      best = known;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
