/**
 * Child process of the benchmark: the registry engine alone. Lists the tags of every repository, then resolves
 * one digest per repository (a tag that exists), through the delaying proxy. Prints one JSON line.
 * argv: <registryHost> <reposFile (JSON [{name, tag}])> <concurrency>
 */
import { readFileSync } from 'node:fs';
import { OciRegistry } from '../../src/adapters/registry/oci/client.js';

const [host, reposFile, concurrencyArg] = process.argv.slice(2);
const repos = JSON.parse(readFileSync(reposFile!, 'utf8')) as { name: string; tag: string }[];
const concurrency = Number(concurrencyArg ?? 8);
const requests: Record<string, number> = {};
const registry = new OciRegistry({
  credentials: { get: async () => null },
  concurrency,
  onRequest: (e) => {
    const key = e.fromCache ? `${e.kind}(cached)` : e.kind;
    requests[key] = (requests[key] ?? 0) + 1;
  },
});

const t0 = performance.now();
const tagCounts = await Promise.all(
  repos.map(async (r) => (await registry.listTags({ registry: host!, repository: r.name })).length),
);
const t1 = performance.now();
const digests = await Promise.all(
  repos.map(async (r) => (await registry.resolve({ registry: host!, repository: r.name }, r.tag)).digest),
);
const t2 = performance.now();
await registry.close();
process.stdout.write(
  JSON.stringify({
    repos: repos.length,
    tags: tagCounts.reduce((a, b) => a + b, 0),
    digests: new Set(digests).size,
    listMs: t1 - t0,
    resolveMs: t2 - t1,
    totalMs: t2 - t0,
    requests,
  }) + '\n',
);
