/**
 * The one composition root: builds adapters from configuration and hands them to the app.
 * Nothing else constructs adapters.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { loadConfig, type NormalizedConfig } from './config/index.js';
import { ShipshapeError } from './core/errors.js';
import { defaultCredentialSource } from './adapters/credentials/index.js';
import { ContainerSource } from './adapters/docker/container-source.js';
import { createDockerEngines, localDockerHost, type DockerHostSpec } from './adapters/docker/index.js';
import { FileReferenceSource } from './adapters/discovery/file-source.js';
import { localTextFiles } from './adapters/fs/index.js';
import { GitCli } from './adapters/git/index.js';
import { OciRegistry } from './adapters/registry/oci/client.js';
import type { HostOptions } from './adapters/registry/oci/hosts.js';
import type { RequestEvent } from './adapters/registry/oci/http.js';
import { MemoryStore } from './adapters/store/memory/memory-store.js';
import { SqliteStore } from './adapters/store/sqlite/sqlite-store.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { ContainerEngine } from './ports/container-engine.js';
import type { CheckDeps } from './app/check.js';
import type { VulnerabilityScanning } from './app/vulnerabilities.js';
import type { Git } from './ports/git.js';
import type { Logger } from './ports/logger.js';
import type { Registry } from './ports/registry.js';
import type { Store } from './ports/store.js';
import type { TextFiles } from './ports/text-files.js';
import { createScanServices, type ScanServices } from './adapters/scanners/index.js';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { scanFiles } from './adapters/discovery/walker.js';
import { DockerodeSwarm } from './adapters/docker/swarm/dockerode-swarm.js';
import { EngineProbeRunner } from './adapters/probes/index.js';
import { MemoryHistory } from './adapters/store/memory/memory-history.js';
import { SqliteHistory } from './adapters/store/sqlite/sqlite-history.js';
import type { RolloutDeps } from './app/rollout-deps.js';
import type { CandidateFinder } from './app/update.js';
import {
  checkCandidates,
  checkServiceCandidates,
  type ServiceCandidateFinder,
} from './app/update-candidates.js';
import type { CredentialSource } from './ports/credentials.js';
import type { History } from './ports/history.js';

export const VERSION = '0.1.0';

export interface ContextOptions {
  /** The scanned paths; the config is searched upward from the first one. */
  readonly paths: readonly string[];
  readonly configPath?: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly logger: Logger;
  /** Keep state in memory only (no SQLite file). */
  readonly noStore?: boolean;
  readonly concurrency?: number | undefined;
  readonly onRequest?: (e: RequestEvent) => void;
}

export interface AppContext {
  readonly config: NormalizedConfig;
  readonly configFile: string | null;
  readonly registry: Registry;
  /** Registry credentials (also handed to the engine for pulls). */
  readonly credentials: CredentialSource;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly files: TextFiles;
  readonly git: Git;
  fileSources(paths: readonly string[]): FileReferenceSource[];
  /** The ports the check (and apply) use cases need, with an optional progress callback. */
  checkDeps(progress?: CheckDeps['progress']): CheckDeps;
  /** One engine per configured Docker host (default: "local"), or the named ones; USAGE for an unknown name. */
  dockerEngines(hosts?: readonly string[]): ContainerEngine[];
  /** The running containers of those hosts as a reference source (labels per docker.labelsOptIn). */
  containerSource(hosts?: readonly string[]): ContainerSource;
  /** Scanners (`scan.scanner`, or one named) and the advisory database, from the `scan:` settings. */
  readonly scanning: ScanServices;
  close(): Promise<void>;
}

/**
 * The scanner `check --vulnerabilities` uses, and the version of its data that findings are cached
 * under: the advisory database's load time for builtin (an empty database is an error, not "no
 * findings"); the day for trivy and grype, which update their own data.
 */
function vulnerabilityScanning(
  scanning: ScanServices,
  scanner: NormalizedConfig['scan']['scanner'],
  clock: Clock,
): VulnerabilityScanning {
  return {
    scanner: scanning.scanner(),
    dataVersion: async () => {
      if (scanner !== 'builtin') return `${scanner}@${new Date(clock.now()).toISOString().slice(0, 10)}`;
      const status = await scanning.advisories.status();
      if (status.updatedAt === null)
        throw new ShipshapeError(
          'NOT_FOUND',
          'scan',
          `the advisory database ${status.path} has never been loaded: run \`shipshape db update\``,
        );
      return `advisories@${status.updatedAt}`;
    },
  };
}

/** The configured Docker hosts (or the local engine), narrowed to `names` when given. */
function dockerHosts(
  config: NormalizedConfig,
  env: NodeJS.ProcessEnv,
  names: readonly string[] | undefined,
): DockerHostSpec[] {
  const all: DockerHostSpec[] =
    config.docker.hosts.length > 0 ? [...config.docker.hosts] : [localDockerHost(env)];
  if (names === undefined || names.length === 0) return all;
  return names.map((name) => {
    const host = all.find((h) => h.name === name);
    if (host === undefined)
      throw new ShipshapeError(
        'USAGE',
        '',
        `no Docker host "${name}"; configured: ${all.map((h) => h.name).join(', ')} (docker.hosts in shipshape.yaml)`,
      );
    return host;
  });
}

function hostOptions(config: NormalizedConfig): Record<string, HostOptions> {
  const hosts: Record<string, HostOptions> = {};
  for (const [host, r] of Object.entries(config.registries)) {
    let ca: string | undefined;
    if (r.ca !== null) {
      try {
        ca = readFileSync(r.ca, 'utf8');
      } catch (e) {
        throw new ShipshapeError(
          'CONFIG_INVALID',
          'config',
          `registries.${host}.ca: cannot read ${r.ca}: ${(e as Error).message}`,
          { cause: e },
        );
      }
    }
    hosts[host] = {
      insecure: r.insecure,
      ...(ca !== undefined ? { ca } : {}),
      ...(r.concurrency !== null ? { concurrency: r.concurrency } : {}),
      ...(r.mirror !== null ? { mirror: r.mirror } : {}),
    };
  }
  return hosts;
}

export async function createContext(options: ContextOptions): Promise<AppContext> {
  // Check the paths before anything is created (the store lives next to them by default).
  for (const p of options.paths) {
    try {
      statSync(resolve(options.cwd, p));
    } catch {
      throw new ShipshapeError('USAGE', '', `path "${p}" does not exist; give a directory or file to scan`);
    }
  }
  const searchFrom = resolve(options.cwd, options.paths[0] ?? '.');
  const loaded = await loadConfig({
    path: options.configPath,
    searchFrom,
    env: options.env,
    cwd: options.cwd,
  });
  for (const w of loaded.warnings) options.logger.warn(w);
  const config = loaded.config;

  const credentials = defaultCredentialSource({
    env: options.env,
    staticConfig: config.credentials,
    ...(loaded.file ? { baseDir: resolve(loaded.file, '..') } : {}),
  });
  const registry = new OciRegistry({
    credentials,
    hosts: hostOptions(config),
    platform: config.platform,
    logger: options.logger,
    userAgent: `shipshape/${VERSION}`,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
  });
  const store: Store = options.noStore ? new MemoryStore() : new SqliteStore(config.storePath);
  const scanning = createScanServices({
    registry,
    store,
    logger: options.logger,
    env: options.env,
    settings: config.scan,
    insecure: (host) => config.registries[host]?.insecure ?? false,
  });

  const checkDeps = (progress?: CheckDeps['progress']): CheckDeps => ({
    registry,
    store,
    clock: systemClock,
    logger: options.logger,
    ...(progress ? { progress } : {}),
    vulnerabilities: vulnerabilityScanning(scanning, config.scan.scanner, systemClock),
  });
  return {
    config,
    configFile: loaded.file,
    checkDeps,
    scanning,
    registry,
    credentials,
    store,
    clock: systemClock,
    logger: options.logger,
    files: localTextFiles,
    git: new GitCli({ env: options.env }),
    fileSources: (paths) =>
      paths.map((p) => {
        const absolute = resolve(options.cwd, p);
        const discovery = { include: config.discovery.include, exclude: config.discovery.exclude };
        // A single file: report it relative to its directory.
        return statSync(absolute).isDirectory()
          ? new FileReferenceSource(absolute, discovery)
          : new FileReferenceSource(dirname(absolute), discovery, [basename(absolute)]);
      }),
    dockerEngines: (hosts) => createDockerEngines(dockerHosts(config, options.env, hosts)),
    containerSource: (hosts) =>
      new ContainerSource(createDockerEngines(dockerHosts(config, options.env, hosts)), {
        optIn: config.docker.labelsOptIn,
      }),
    close: async () => {
      await scanning.close();
      await store.close();
      await registry.close();
    },
  };
}

/** Whether `pid` still runs on this machine (EPERM: it does, as another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Probes may use 127.0.0.1-published ports only when the engine runs on this machine. */
function engineIsLocal(url: string): boolean {
  return /^(unix|npipe):/.test(url) || /^(tcp|https?):\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(url);
}

/** What `update`, `rollback` and `recover` run on: one Docker host, the history, probes. */
export interface RolloutContext {
  readonly deps: RolloutDeps;
  /** The Docker host's name ("local", or one from docker.hosts). */
  readonly host: string;
  readonly labelsOptIn: boolean;
  /** Candidates the way `check --docker` finds them. */
  readonly findCandidates: CandidateFinder;
  /** The same for Swarm services. */
  readonly findServiceCandidates: ServiceCandidateFinder;
  close(): Promise<void>;
}

export async function createRolloutContext(
  options: Omit<ContextOptions, 'paths'> & { readonly dockerHost?: string | undefined },
): Promise<RolloutContext> {
  const app = await createContext({ ...options, paths: [] });
  const hostNames = options.dockerHost === undefined ? undefined : [options.dockerHost];
  const engine = app.dockerEngines(hostNames)[0]!;
  const spec = dockerHosts(app.config, options.env, [engine.host])[0]!;
  const history: History = options.noStore ? new MemoryHistory() : new SqliteHistory(app.config.storePath);
  const tls =
    spec.tls === null
      ? null
      : {
          ca: readFileSync(spec.tls.ca, 'utf8'),
          cert: readFileSync(spec.tls.cert, 'utf8'),
          key: readFileSync(spec.tls.key, 'utf8'),
        };
  const me = hostname();
  const deps: RolloutDeps = {
    engine,
    history,
    probes: new EngineProbeRunner(engine),
    registry: app.registry,
    credentials: app.credentials,
    clock: app.clock,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    logger: app.logger,
    owner: { pid: process.pid, hostname: me },
    ownerAlive: (o) => o.hostname === me && processAlive(o.pid),
    newId: randomUUID,
    engineIsLocal: engineIsLocal(spec.url),
    swarm: new DockerodeSwarm({ host: engine.host, url: spec.url, tls }),
    compose: {
      files: app.files,
      scan: async (file) => (await scanFiles(dirname(file), [basename(file)])).references,
    },
  };
  const checkRequest = {
    policy: app.config.policy,
    platform: app.config.platform,
    cacheTtlMs: app.config.cacheTtlMs,
    refresh: false,
    concurrency: options.concurrency ?? 32,
    // Vulnerability policy (blockIntroduced, preferFixes) applies to rollouts when scan.inCheck is on.
    vulnerabilities: app.config.scan.inCheck,
  };
  const findCandidates = checkCandidates(app.checkDeps(), checkRequest, app.containerSource([engine.host]));
  const findServiceCandidates = checkServiceCandidates(app.checkDeps(), checkRequest);
  return {
    deps,
    host: engine.host,
    labelsOptIn: app.config.docker.labelsOptIn,
    findCandidates,
    findServiceCandidates,
    close: async () => {
      await history.close();
      await app.close();
    },
  };
}

/** The rollout history in the configured state database (for `history`). */
export async function openHistory(options: Omit<ContextOptions, 'paths' | 'noStore'>): Promise<History> {
  const app = await createContext({ ...options, paths: [] });
  try {
    return new SqliteHistory(app.config.storePath);
  } finally {
    await app.close();
  }
}
