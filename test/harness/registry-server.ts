/**
 * Starts a real registry (Debian's docker-registry, distribution 2.8) on a free loopback port, in one of three
 * auth modes: none, basic (htpasswd, bcrypt) or token (a JWT-issuing token server from ./token-server.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { htpasswdFile } from './bcrypt.js';
import { freePort, LOOPBACK, makeTempDir, sleep } from './net-util.js';
import {
  generateSigningCert,
  startTokenServer,
  type RegistryUser,
  type RunningTokenServer,
  type TokenServer,
} from './token-server.js';

export type { RegistryUser, TokenRequestLog, TokenServer } from './token-server.js';

export type RegistryAuthMode = 'none' | 'basic' | 'token';

export interface StartRegistryOptions {
  auth?: RegistryAuthMode;
  /** Default one user {username: 'tester', password: 's3cret-pw'} for basic/token. */
  users?: RegistryUser[];
  /** Token lifetime (token mode). Default 300. */
  tokenTtlSeconds?: number;
  /** A fixed port (the demo uses one so its example files can name the registry); default: a free one. */
  port?: number;
  /** What anonymous token requests are granted (token mode). Default 'pull'. */
  anonymous?: 'pull' | 'none';
  /**
   * distribution 2.8 accepts a token until its `exp` + 60 s. When true, the JWT `exp` is backdated by that
   * leeway so the registry rejects tokens exactly `tokenTtlSeconds` after issue (for token-expiry tests; the
   * JSON `expires_in` stays `tokenTtlSeconds`, but a client decoding the JWT sees an `exp` 60 s early).
   */
  exactTokenExpiry?: boolean;
}

export interface RunningRegistry {
  /** "127.0.0.1:PORT" */
  readonly host: string;
  /** "http://127.0.0.1:PORT" */
  readonly url: string;
  readonly auth: RegistryAuthMode;
  readonly users: RegistryUser[];
  readonly tokenServer: TokenServer | null;
  readonly dataDir: string;
  /** The registry's stderr so far (last 64 KiB), for diagnosing a failing test. */
  stderr(): string;
  /** Kills the process, stops the token server, removes temp dirs. Idempotent. */
  stop(): Promise<void>;
}

export const DEFAULT_USER: RegistryUser = { username: 'tester', password: 's3cret-pw' };
export const TOKEN_SERVICE = 'shipshape-test-registry';
export const TOKEN_ISSUER = 'shipshape-test-token-issuer';

const REGISTRY_BIN = process.env['SHIPSHAPE_REGISTRY_BIN'] ?? 'docker-registry';
const STARTUP_TIMEOUT_MS = 20_000;
const STDERR_LIMIT = 64 * 1024;

/**
 * Each registry has a watchdog: a tiny sh holding the read end of a pipe from this process. A normal stop
 * writes "stop"; if this process dies any other way (even SIGKILL) the pipe closes and the watchdog kills the
 * registry and removes its temp dir, so no registry outlives the test process.
 */
const WATCHDOG_SCRIPT =
  'read -r line; [ "$line" = stop ] || { kill "$0" 2>/dev/null; sleep 1; rm -rf "$1"; }';

interface Spawned {
  child: ChildProcess;
  watchdog: ChildProcess;
  dir: string;
}

const live = new Set<Spawned>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const spawned of live) {
      spawned.child.kill('SIGKILL');
      spawned.watchdog.kill('SIGKILL');
      rmSync(spawned.dir, { recursive: true, force: true });
    }
  });
}

function yamlString(value: string): string {
  return JSON.stringify(value);
}

function registryConfig(port: number, dataDir: string, authYaml: string): string {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${yamlString(dataDir)}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: ${LOOPBACK}:${port}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
    'health:',
    '  storagedriver:',
    '    enabled: false',
    authYaml,
  ].join('\n');
}

async function waitUntilReady(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let exited = child.exitCode !== null;
  // 'close' (not 'exit') fires after stderr has been read to the end, so the error below is complete.
  child.once('close', () => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`[harness:registry] docker-registry exited during startup:\n${stderr()}`);
    try {
      const res = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  throw new Error(`[harness:registry] no answer on ${url}/v2/ within ${STARTUP_TIMEOUT_MS} ms:\n${stderr()}`);
}

async function spawnRegistry(
  dir: string,
  authYaml: string,
  fixedPort?: number,
): Promise<Spawned & { port: number; stderr: () => string }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < (fixedPort === undefined ? 3 : 1); attempt++) {
    const port = fixedPort ?? (await freePort());
    const configPath = join(dir, 'config.yml');
    writeFileSync(configPath, registryConfig(port, join(dir, 'data'), authYaml));
    const child = spawn(REGISTRY_BIN, ['serve', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errText = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      errText = (errText + chunk).slice(-STDERR_LIMIT);
    });
    if (child.pid === undefined) {
      const error = await new Promise<Error>((resolve) => child.once('error', resolve));
      throw new Error(
        `[harness:registry] cannot run ${REGISTRY_BIN} (Debian package docker-registry): ${error.message}`,
      );
    }
    const watchdog = spawn('sh', ['-c', WATCHDOG_SCRIPT, String(child.pid), dir], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    });
    watchdog.stdin?.on('error', () => undefined);
    // Neither process keeps the event loop alive: a script that forgets stop() still exits, and the exit
    // hook (or the watchdog) cleans up.
    for (const handle of [child, watchdog, child.stderr, watchdog.stdin])
      (handle as { unref?: () => void } | null)?.unref?.();
    const spawned: Spawned = { child, watchdog, dir };
    live.add(spawned);
    const stderr = (): string => errText;
    try {
      await waitUntilReady(`http://${LOOPBACK}:${port}`, child, stderr);
      return { ...spawned, port, stderr };
    } catch (error) {
      lastError = error;
      await stopSpawned(spawned);
      if (!/address already in use/i.test(errText)) break;
    }
  }
  throw lastError;
}

async function stopSpawned(spawned: Spawned): Promise<void> {
  live.delete(spawned);
  spawned.watchdog.stdin?.end('stop\n');
  const { child } = spawned;
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
  await exited;
  clearTimeout(timer);
}

export async function startRegistry(options: StartRegistryOptions = {}): Promise<RunningRegistry> {
  installExitHook();
  const auth = options.auth ?? 'none';
  const users = auth === 'none' ? [] : (options.users ?? [{ ...DEFAULT_USER }]);
  const dir = makeTempDir('registry');
  let tokenServer: RunningTokenServer | null = null;
  try {
    let authYaml = '';
    if (auth === 'basic') {
      const htpasswdPath = join(dir, 'htpasswd');
      writeFileSync(htpasswdPath, htpasswdFile(users));
      authYaml = [
        'auth:',
        '  htpasswd:',
        '    realm: shipshape-test',
        `    path: ${yamlString(htpasswdPath)}`,
      ].join('\n');
    } else if (auth === 'token') {
      const material = await generateSigningCert(dir);
      tokenServer = await startTokenServer({
        service: TOKEN_SERVICE,
        issuer: TOKEN_ISSUER,
        users,
        ttlSeconds: options.tokenTtlSeconds ?? 300,
        anonymous: options.anonymous ?? 'pull',
        exactExpiry: options.exactTokenExpiry ?? false,
        ...material,
      });
      authYaml = [
        'auth:',
        '  token:',
        `    realm: ${yamlString(tokenServer.realm)}`,
        `    service: ${yamlString(TOKEN_SERVICE)}`,
        `    issuer: ${yamlString(TOKEN_ISSUER)}`,
        `    rootcertbundle: ${yamlString(material.certPemPath)}`,
      ].join('\n');
    }
    const { port, stderr, ...spawned } = await spawnRegistry(dir, authYaml, options.port);
    let stopped: Promise<void> | undefined;
    const host = `${LOOPBACK}:${port}`;
    const publicTokenServer = tokenServer;
    return {
      host,
      url: `http://${host}`,
      auth,
      users,
      tokenServer: publicTokenServer,
      dataDir: join(dir, 'data'),
      stderr,
      stop: () =>
        (stopped ??= (async () => {
          await stopSpawned(spawned);
          await publicTokenServer?.stop();
          rmSync(dir, { recursive: true, force: true });
        })()),
    };
  } catch (error) {
    await tokenServer?.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
