import { dirname, isAbsolute, join, resolve } from 'node:path';
import { normalizeRegistryHost } from '../core/image-ref/index.js';
import {
  DEFAULT_POLICY_SETTINGS,
  parseDuration,
  type Policy,
  type PolicyRule,
  type PolicySettings,
} from '../core/policy/index.js';
import type { Platform } from '../ports/registry.js';
import { credentialSpec } from './credential.js';
import type { RawConfig, RawDocker, RawRegistry, RawRule, RawScan } from './schema.js';
import type {
  DiscoverySettings,
  DockerSettings,
  Finding,
  NormalizedConfig,
  RegistryCredentialSpec,
  RegistrySettings,
  ScanSettings,
} from './types.js';

export const DEFAULT_CACHE_TTL = '1h';
export const DEFAULT_STORE_PATH = '.shipshape/state.db';
/** The advisory database's file name, next to the state file unless `scan.advisoryDb.path` says otherwise. */
export const DEFAULT_ADVISORY_DB_FILE = 'advisories.db';
export const DEFAULT_DISCOVERY: DiscoverySettings = { include: ['**'], exclude: [] };

export interface NormalizeContext {
  /** Relative paths in the config resolve against this: the config file's directory. */
  readonly dir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly hostPlatform: Platform;
  /** Why a secret file cannot be read ("ENOENT"), or null when it can. Secrets are not read here. */
  readonly fileProblem: (absolutePath: string) => string | null;
}

export interface NormalizeResult {
  readonly config: NormalizedConfig;
  readonly errors: Finding[];
  readonly warnings: Finding[];
}

type SettingsFields = Pick<RawRule, keyof RawRule & keyof PolicySettings> & {
  minimumReleaseAge?: string | undefined;
};

/** Validated raw config → NormalizedConfig, plus the checks that span fields. */
export function normalizeConfig(raw: RawConfig, ctx: NormalizeContext): NormalizeResult {
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  const policy = normalizePolicy(raw.policy ?? {}, errors, warnings);
  const { registries, credentials } = normalizeRegistries(raw.registries ?? {}, ctx, errors, warnings);
  const storePath = raw.store?.path ?? DEFAULT_STORE_PATH;
  const config: NormalizedConfig = {
    platform: raw.platform === undefined ? ctx.hostPlatform : parsePlatform(raw.platform),
    registries,
    credentials,
    discovery: {
      include: raw.discovery?.include ?? DEFAULT_DISCOVERY.include,
      exclude: raw.discovery?.exclude ?? DEFAULT_DISCOVERY.exclude,
    },
    policy,
    docker: normalizeDocker(raw.docker ?? {}, ctx, warnings),
    cacheTtlMs: parseDuration(raw.cache?.ttl ?? DEFAULT_CACHE_TTL),
    storePath: isAbsolute(storePath) ? storePath : resolve(ctx.dir, storePath),
    scan: normalizeScan(raw.scan ?? {}, ctx, resolve(ctx.dir, storePath)),
  };
  return { config, errors, warnings };
}

/** A program: a bare name stays a name (looked up on PATH); anything with a slash is a path. */
function programPath(value: string, dir: string): string {
  return value.includes('/') ? resolve(dir, value) : value;
}

function normalizeScan(raw: RawScan, ctx: NormalizeContext, storePath: string): ScanSettings {
  const db = raw.advisoryDb ?? {};
  return {
    scanner: raw.scanner ?? 'builtin',
    inCheck: raw.inCheck ?? false,
    trivyPath: programPath(raw.trivyPath ?? 'trivy', ctx.dir),
    grypePath: programPath(raw.grypePath ?? 'grype', ctx.dir),
    advisoryDb: {
      path:
        db.path === undefined
          ? join(dirname(storePath), DEFAULT_ADVISORY_DB_FILE)
          : resolve(ctx.dir, db.path),
      sources:
        db.sources?.map((source) =>
          'directory' in source
            ? { kind: 'directory' as const, path: resolve(ctx.dir, source.directory) }
            : { kind: 'osv-zip' as const, baseUrl: source.osv, ecosystems: source.ecosystems },
        ) ?? null,
      maxAgeDays: db.maxAgeDays ?? null,
    },
  };
}

function parsePlatform(s: string): Platform {
  const [os = '', architecture = '', variant] = s.split('/');
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

function toSettings(raw: SettingsFields): Partial<PolicySettings> {
  const out: { -readonly [K in keyof PolicySettings]?: PolicySettings[K] } = {};
  if (raw.enabled !== undefined) out.enabled = raw.enabled;
  if (raw.versioning !== undefined) out.versioning = raw.versioning;
  if (raw.versioningPattern !== undefined) out.versioningPattern = raw.versioningPattern;
  if (raw.updateTypes !== undefined) out.updateTypes = raw.updateTypes;
  if (raw.include !== undefined) out.include = raw.include;
  if (raw.exclude !== undefined) out.exclude = raw.exclude;
  if (raw.pinDigests !== undefined) out.pinDigests = raw.pinDigests;
  if (raw.minimumReleaseAge !== undefined) out.minimumReleaseAgeMs = parseDuration(raw.minimumReleaseAge);
  if (raw.group !== undefined) out.group = raw.group;
  if (raw.blockIntroduced !== undefined) out.blockIntroduced = raw.blockIntroduced;
  if (raw.preferFixes !== undefined) out.preferFixes = raw.preferFixes;
  if (raw.securityBypassesAge !== undefined) out.securityBypassesAge = raw.securityBypassesAge;
  return out;
}

function normalizePolicy(
  raw: NonNullable<RawConfig['policy']>,
  errors: Finding[],
  warnings: Finding[],
): Policy {
  const base: readonly PropertyKey[] = ['policy'];
  checkSettings(raw, base, raw.versioningPattern !== undefined, errors, warnings);
  const rules = (raw.rules ?? []).map((rule, index): PolicyRule => {
    const at = [...base, 'rules', index];
    checkSettings(
      rule,
      at,
      rule.versioningPattern !== undefined || raw.versioningPattern !== undefined,
      errors,
      warnings,
    );
    const settings = toSettings(rule);
    if (Object.keys(settings).length === 0) {
      warnings.push({ path: at, message: `rule #${index + 1} sets nothing; it has no effect` });
    }
    return {
      ...(rule.matchImages && { matchImages: rule.matchImages }),
      ...(rule.matchPaths && { matchPaths: rule.matchPaths }),
      ...(rule.matchKinds && { matchKinds: rule.matchKinds }),
      settings,
    };
  });
  return { defaults: { ...DEFAULT_POLICY_SETTINGS, ...toSettings(raw) }, rules, ignore: raw.ignore ?? [] };
}

function checkSettings(
  raw: SettingsFields,
  at: readonly PropertyKey[],
  hasPattern: boolean,
  errors: Finding[],
  warnings: Finding[],
): void {
  if (raw.versioning === 'regex' && !hasPattern) {
    errors.push({ path: [...at, 'versioning'], message: 'versioning regex needs a versioningPattern' });
  }
  if (raw.versioning !== undefined && raw.versioning !== 'regex' && raw.versioningPattern !== undefined) {
    warnings.push({
      path: [...at, 'versioningPattern'],
      message: `has no effect with versioning ${raw.versioning}`,
    });
  }
  const pin = raw.updateTypes?.indexOf('pin') ?? -1;
  if (pin >= 0) {
    warnings.push({
      path: [...at, 'updateTypes', pin],
      message: 'pin is governed by pinDigests alone; listing it here has no effect',
    });
  }
}

function normalizeRegistries(
  raw: Readonly<Record<string, RawRegistry>>,
  ctx: NormalizeContext,
  errors: Finding[],
  warnings: Finding[],
): { registries: Record<string, RegistrySettings>; credentials: Record<string, RegistryCredentialSpec> } {
  const registries: Record<string, RegistrySettings> = {};
  const credentials: Record<string, RegistryCredentialSpec> = {};
  const writtenAs = new Map<string, string>();
  for (const [key, r] of Object.entries(raw)) {
    const host = normalizeRegistryHost(key);
    const earlier = writtenAs.get(host);
    if (earlier !== undefined) {
      errors.push({
        path: ['registries', key],
        atKey: true,
        message: `the same registry as ${JSON.stringify(earlier)}`,
      });
      continue;
    }
    writtenAs.set(host, key);
    const at = ['registries', key];
    checkSecretSources(r, at, ctx, warnings);
    const passwordFile = r.passwordFile === undefined ? undefined : resolve(ctx.dir, r.passwordFile);
    const tokenFile = r.tokenFile === undefined ? undefined : resolve(ctx.dir, r.tokenFile);
    const spec = { ...r, passwordFile, tokenFile };
    const authenticated = [spec.passwordEnv, passwordFile, spec.token, spec.tokenEnv, tokenFile].some(
      (v) => v !== undefined,
    );
    if (authenticated) {
      credentials[host] = credentialSpec({
        username: spec.username,
        passwordEnv: spec.passwordEnv,
        passwordFile,
        token: spec.token,
        tokenEnv: spec.tokenEnv,
        tokenFile,
      });
    }
    registries[host] = {
      host,
      insecure: r.insecure ?? false,
      ca: r.ca === undefined ? null : resolve(ctx.dir, r.ca),
      concurrency: r.concurrency ?? null,
      mirror: r.mirror ?? null,
      authenticated,
    };
  }
  return { registries, credentials };
}

function normalizeDocker(raw: RawDocker, ctx: NormalizeContext, warnings: Finding[]): DockerSettings {
  const hosts = Object.entries(raw.hosts ?? {}).map(([name, h]) => {
    if (h.url.startsWith('tcp://') && h.tls === undefined)
      warnings.push({
        path: ['docker', 'hosts', name, 'url'],
        message: 'plain TCP: anyone who can reach this port controls the engine; configure tls',
      });
    return {
      name,
      url: h.url,
      tls:
        h.tls === undefined
          ? null
          : {
              ca: resolve(ctx.dir, h.tls.ca),
              cert: resolve(ctx.dir, h.tls.cert),
              key: resolve(ctx.dir, h.tls.key),
            },
    };
  });
  return { hosts, labelsOptIn: raw.labelsOptIn ?? false };
}

/** Early warnings for secrets that will not be found; the credential source reads them later. */
function checkSecretSources(
  r: RawRegistry,
  at: readonly PropertyKey[],
  ctx: NormalizeContext,
  warnings: Finding[],
): void {
  for (const field of ['passwordEnv', 'tokenEnv'] as const) {
    const name = r[field];
    if (name !== undefined && !ctx.env[name]) {
      warnings.push({ path: [...at, field], message: `environment variable ${name} is not set` });
    }
  }
  for (const field of ['passwordFile', 'tokenFile'] as const) {
    const path = r[field];
    const problem = path === undefined ? null : ctx.fileProblem(resolve(ctx.dir, path));
    if (problem !== null)
      warnings.push({ path: [...at, field], message: `cannot read the file (${problem})` });
  }
  if (r.token !== undefined) {
    warnings.push({
      path: [...at, 'token'],
      message:
        'a token written in the config file can be read by anyone who can read the file; prefer tokenEnv',
    });
  }
}
