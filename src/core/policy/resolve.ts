import { familiarName } from '../image-ref/index.js';
import { globMatches } from './glob.js';
import type {
  Policy,
  PolicyRule,
  PolicySettings,
  PolicySubject,
  ResolvedPolicy,
  SettingsOrigin,
} from './types.js';

/**
 * The names an image glob is matched against: the familiar name ("nginx", "bitnami/redis",
 * "ghcr.io/o/r"), the full name ("docker.io/library/nginx") and, for Docker Hub official images,
 * the half-qualified "docker.io/nginx" people also write.
 */
export function imageNames(image: PolicySubject['image']): string[] {
  const familiar = familiarName({
    registry: image.registry,
    repository: image.repository,
    tag: null,
    digest: null,
  });
  const full = `${image.registry}/${image.repository}`;
  const names = new Set([familiar, full]);
  if (!familiar.includes('/')) names.add(`${image.registry}/${familiar}`);
  return [...names];
}

export function imageMatches(glob: string, names: readonly string[]): boolean {
  return names.some((name) => globMatches(glob, name));
}

function normalizePath(p: string): string {
  return p.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
}

function ruleMatches(rule: PolicyRule, names: readonly string[], subject: PolicySubject): boolean {
  const { matchImages, matchPaths, matchKinds } = rule;
  if (matchImages?.length && !matchImages.some((glob) => imageMatches(glob, names))) return false;
  if (matchPaths?.length) {
    if (subject.file === undefined) return false;
    const file = normalizePath(subject.file);
    if (!matchPaths.some((glob) => globMatches(normalizePath(glob), file))) return false;
  }
  if (matchKinds?.length && (subject.kind === undefined || !matchKinds.includes(subject.kind))) return false;
  return true;
}

const FIELDS = [
  'enabled',
  'versioning',
  'versioningPattern',
  'updateTypes',
  'include',
  'exclude',
  'pinDigests',
  'minimumReleaseAgeMs',
  'group',
  'blockIntroduced',
  'preferFixes',
  'securityBypassesAge',
] as const satisfies readonly (keyof PolicySettings)[];

// Fails to compile when PolicySettings gains a field FIELDS does not list.
type UnlistedField = Exclude<keyof PolicySettings, (typeof FIELDS)[number]>;
const _allFieldsListed: [UnlistedField] extends [never] ? true : UnlistedField = true;

/**
 * The settings for one reference: the defaults, then every matching rule in order, each overriding
 * the fields it sets. A rule matches when each of its match lists that is present has a match
 * (`matchPaths` and `matchKinds` never match a subject without a file or kind).
 */
export function resolvePolicy(policy: Policy, subject: PolicySubject): ResolvedPolicy {
  const names = imageNames(subject.image);
  const ignoredBy = policy.ignore.find((glob) => imageMatches(glob, names)) ?? null;

  const settings: Writable<PolicySettings> = { ...policy.defaults };
  const origin: Writable<SettingsOrigin> = {
    enabled: null,
    versioning: null,
    versioningPattern: null,
    updateTypes: null,
    include: null,
    exclude: null,
    pinDigests: null,
    minimumReleaseAgeMs: null,
    group: null,
    blockIntroduced: null,
    preferFixes: null,
    securityBypassesAge: null,
  };
  const matchedRules: number[] = [];
  policy.rules.forEach((rule, index) => {
    if (!ruleMatches(rule, names, subject)) return;
    matchedRules.push(index + 1);
    for (const field of FIELDS) {
      if (override(settings, rule.settings, field)) origin[field] = index + 1;
    }
  });
  return { settings, matchedRules, ignoredBy, origin };
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

function override<K extends keyof PolicySettings>(
  target: Writable<PolicySettings>,
  source: Partial<PolicySettings>,
  field: K,
): boolean {
  const value = source[field];
  if (value === undefined) return false;
  target[field] = value;
  return true;
}
