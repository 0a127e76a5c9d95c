/** Shared setup for the update integration tests: real engine, registry, SQLite history and probes. */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { DockerodeEngine } from '../../src/adapters/docker/index.js';
import { scanFiles } from '../../src/adapters/discovery/walker.js';
import { localTextFiles } from '../../src/adapters/fs/index.js';
import { EngineProbeRunner } from '../../src/adapters/probes/index.js';
import { OciRegistry } from '../../src/adapters/registry/index.js';
import { SqliteHistory } from '../../src/adapters/store/sqlite/sqlite-history.js';
import type { RolloutDeps } from '../../src/app/rollout-deps.js';
import { ROLLOUT_DEFAULTS } from '../../src/core/rollout/settings.js';
import type { UpdateRequest } from '../../src/app/update.js';
import { silentLogger } from '../../src/ports/logger.js';

export const docker = (...args: string[]): string =>
  execFileSync('docker', args, { encoding: 'utf8' }).trim();

export function inspectJson<T = Record<string, unknown>>(idOrName: string): T {
  return (JSON.parse(docker('inspect', idOrName)) as T[])[0]!;
}

export interface Harness {
  readonly deps: RolloutDeps;
  readonly history: SqliteHistory;
  readonly dir: string;
  close(): Promise<void>;
}

export function rolloutHarness(overrides: Partial<RolloutDeps> = {}): Harness {
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-update-'));
  const engine = new DockerodeEngine({ host: 'local', url: 'unix:///var/run/docker.sock', tls: null });
  const history = new SqliteHistory(join(dir, 'state.db'));
  const registry = new OciRegistry({ credentials: { get: async () => null } });
  const deps: RolloutDeps = {
    engine,
    history,
    probes: new EngineProbeRunner(engine),
    registry,
    credentials: { get: async () => null },
    clock: { now: () => Date.now() },
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    logger: silentLogger,
    owner: { pid: process.pid, hostname: hostname() },
    ownerAlive: () => false,
    newId: randomUUID,
    engineIsLocal: true,
    compose: {
      files: localTextFiles,
      scan: async (file) => (await scanFiles(dirname(file), [basename(file)])).references,
    },
    pollMs: 250,
    ...overrides,
  };
  return {
    deps,
    history,
    dir,
    close: async () => {
      await history.close();
      await registry.close();
    },
  };
}

export const request = (extra: Partial<UpdateRequest>): UpdateRequest => ({
  host: 'local',
  names: [],
  to: null,
  parallel: 1,
  preflight: false,
  keepPrevious: 3,
  defaults: { ...ROLLOUT_DEFAULTS, stableMs: 2000, healthTimeoutMs: 20_000, probeTimeoutMs: 6000 },
  labelsOptIn: false,
  findCandidates: null,
  ...extra,
});

/** A random /24 in 10.213.0.0/16 for a test network with static IPs. */
export function testSubnet(): { subnet: string; ip: (n: number) => string } {
  const third = 1 + Math.floor(Math.random() * 250);
  return { subnet: `10.213.${third}.0/24`, ip: (n) => `10.213.${third}.${n}` };
}

/**
 * Removes everything a rollout test left: its containers and networks (DockerResources), the volumes
 * those containers used (anonymous ones are reattached by name, so `rm -v` keeps them), the images
 * pulled by digest (no tag names the prefix) and the `shipshape-previous/<prefix>…` tags.
 */
export async function cleanupRollout(res: {
  readonly prefix: string;
  cleanup(): Promise<void>;
}): Promise<void> {
  const volumes = new Set<string>();
  const ids = docker('ps', '-aq', '--filter', `name=${res.prefix}`).split('\n').filter(Boolean);
  for (const id of ids) {
    try {
      for (const m of inspectJson<{ Mounts: { Type: string; Name?: string }[] }>(id).Mounts)
        if (m.Type === 'volume' && m.Name) volumes.add(m.Name);
    } catch {
      // removed meanwhile
    }
  }
  await res.cleanup();
  for (const v of volumes) {
    try {
      docker('volume', 'rm', v);
    } catch {
      // in use elsewhere or gone
    }
  }
  for (const line of docker('images', '--format', '{{.ID}}\t{{.Repository}}').split('\n')) {
    const [id, repo = ''] = line.split('\t');
    if (id && (repo.includes(`/${res.prefix}/`) || repo.startsWith(`shipshape-previous/${res.prefix}`))) {
      try {
        docker('rmi', '-f', id);
      } catch {
        // already gone
      }
    }
  }
}
