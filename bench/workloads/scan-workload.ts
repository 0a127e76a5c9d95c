/**
 * Child process of the scan benchmark; prints one JSON line.
 *
 *   scan <registryHost> <repository> <reference> <advisoryDb>
 *     The builtin scanner end to end with no store (every layer is pulled): resolve, stream and read the
 *     layers, match the inventory. Also reports the process's RSS just before the scan, so the scan's
 *     own memory is the peak (from the RSS preload) minus that.
 *   match <advisoryDb> <packages> <seed>
 *     Matching alone: a synthetic inventory of <packages> packages against the database, cold (first
 *     query after opening) and warm (again, with the per-package cache filled).
 */
import { openAdvisoryDb } from '../../src/adapters/advisory-db/index.js';
import { OciRegistry } from '../../src/adapters/registry/oci/client.js';
import { BuiltinScanner } from '../../src/adapters/scanners/builtin/builtin-scanner.js';
import { makeSyntheticInventory } from '../../test/harness/osv/index.js';

const [mode, ...rest] = process.argv.slice(2);

async function scan(host: string, repository: string, reference: string, dbPath: string): Promise<object> {
  const requests: Record<string, number> = {};
  const registry = new OciRegistry({
    credentials: { get: async () => null },
    onRequest: (e) => {
      requests[e.kind] = (requests[e.kind] ?? 0) + 1;
    },
  });
  const advisoryDb = openAdvisoryDb(dbPath);
  await advisoryDb.status();
  const scanner = new BuiltinScanner({ registry, advisoryDb });
  const repo = { registry: host, repository };
  const rssBeforeBytes = process.memoryUsage().rss;
  const t0 = performance.now();
  const result = await scanner.scan({ repo, reference });
  const scanMs = performance.now() - t0;
  const scanRequests = { ...requests };
  const manifest = await registry.getManifest(repo, result.inventory.imageDigest);
  const layerBytes = manifest.kind === 'image' ? manifest.layers.reduce((n, l) => n + l.size, 0) : 0;
  await advisoryDb.close();
  await registry.close();
  return {
    scanMs,
    layers: manifest.kind === 'image' ? manifest.layers.length : 0,
    layerBytes,
    packages: result.inventory.packages.length,
    os: result.inventory.os?.prettyName ?? null,
    findings: result.findings.length,
    rssBeforeBytes,
    requests: scanRequests,
  };
}

async function match(dbPath: string, packages: number, seed: number): Promise<object> {
  const inventory = makeSyntheticInventory(packages, seed, 'debian');
  const t0 = performance.now();
  const advisoryDb = openAdvisoryDb(dbPath);
  const status = await advisoryDb.status();
  const openMs = performance.now() - t0;
  const t1 = performance.now();
  const cold = await advisoryDb.match(inventory);
  const coldMs = performance.now() - t1;
  const t2 = performance.now();
  const warm = await advisoryDb.match(inventory);
  const warmMs = performance.now() - t2;
  await advisoryDb.close();
  if (warm.length !== cold.length)
    throw new Error(`cold ${cold.length} and warm ${warm.length} findings differ`);
  return {
    advisories: status.advisories,
    packages: inventory.packages.length,
    findings: cold.length,
    openMs,
    coldMs,
    warmMs,
  };
}

const output =
  mode === 'scan'
    ? await scan(rest[0]!, rest[1]!, rest[2]!, rest[3]!)
    : mode === 'match'
      ? await match(rest[0]!, Number(rest[1]), Number(rest[2]))
      : null;
if (output === null) throw new Error(`usage: scan-workload scan|match …`);
process.stdout.write(JSON.stringify(output) + '\n');
