/**
 * Seeds the benchmark corpus into a registry over the HTTP API (the test harness's raw client, never the
 * product's). Seeding tens of thousands of tags takes a while, so the registry's storage is cached in
 * bench/.cache/<key>/data.tar and restored into the next registry's data dir.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  startRegistry,
  type RunningRegistry,
  type StartRegistryOptions,
} from '../test/harness/registry-server.js';
import { pushImage, pushTags } from '../test/harness/seed.js';
import { totalTags, type CorpusRepo } from './corpus.js';

const CACHE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '.cache');
// Bump when the corpus generator or seeding changes.
const SEED_VERSION = 1;

export async function seedCorpus(
  registry: RunningRegistry,
  corpus: readonly CorpusRepo[],
  log: (s: string) => void,
): Promise<void> {
  const target = { url: registry.url, ...(registry.users[0] ? { auth: registry.users[0] } : {}) };
  const started = Date.now();
  let done = 0;
  const queue = [...corpus];
  const worker = async (): Promise<void> => {
    for (let repo = queue.shift(); repo; repo = queue.shift()) {
      await pushTags(target, repo.name, repo.tags, {
        concurrency: 8,
        mediaTypes: repo.mediaTypes,
        created: '2026-01-15T10:00:00Z',
      });
      for (const tag of repo.multiArch) {
        await pushImage(target, repo.name, tag, {
          mediaTypes: repo.mediaTypes,
          platforms: [
            { os: 'linux', architecture: 'amd64' },
            { os: 'linux', architecture: 'arm64', variant: 'v8' },
          ],
          attestations: true,
          created: '2026-02-01T10:00:00Z',
        });
      }
      done++;
      if (done % 20 === 0)
        log(
          `  seeded ${done}/${corpus.length} repositories (${Math.round((Date.now() - started) / 1000)} s)`,
        );
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  log(
    `  seeded ${corpus.length} repositories, ${totalTags(corpus)} tags in ${Math.round((Date.now() - started) / 1000)} s`,
  );
}

/**
 * A registry holding `corpus`: seeded once, then started from the cached storage in later runs.
 */
export async function registryWithCorpus(
  name: string,
  corpus: readonly CorpusRepo[],
  options: StartRegistryOptions,
  log: (s: string) => void,
): Promise<RunningRegistry> {
  const key = `${name}-v${SEED_VERSION}-${corpus.length}-${totalTags(corpus)}`;
  const cached = join(CACHE_ROOT, key);
  const registry = await startRegistry(options);
  if (existsSync(join(cached, '.complete'))) {
    log(`  using cached registry storage ${cached}`);
    // The filesystem driver reads storage on every request, so restoring under a running registry is safe.
    mkdirSync(registry.dataDir, { recursive: true });
    execFileSync('tar', ['-xf', join(cached, 'data.tar'), '-C', registry.dataDir]);
    return registry;
  }
  log(`  seeding ${corpus.length} repositories (${totalTags(corpus)} tags); cached for later runs`);
  await seedCorpus(registry, corpus, log);
  rmSync(cached, { recursive: true, force: true });
  mkdirSync(cached, { recursive: true });
  execFileSync('tar', ['-cf', join(cached, 'data.tar'), '-C', registry.dataDir, '.']);
  writeFileSync(join(cached, '.complete'), new Date().toISOString());
  return registry;
}
