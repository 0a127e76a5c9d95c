/** Shared setup for the registry integration tests: real registries from the harness + an OciRegistry. */
import type { Credential } from '../../src/ports/credentials.js';
import { OciRegistry, type OciRegistryOptions } from '../../src/adapters/registry/index.js';
import type { RegistryContractFixture } from '../contracts/registry.contract.js';
import {
  pushImage,
  pushReferrerArtifact,
  pushTags,
  startRegistry,
  type RegistryAuthMode,
  type RunningRegistry,
} from '../harness/index.js';

export type { RunningRegistry } from '../harness/index.js';

/** A CredentialSource over fixed host → credential pairs (the real sources have their own contract). */
export function staticCredentials(entries: Record<string, Credential>): {
  get(registry: string): Promise<Credential | null>;
} {
  return { get: async (registry) => entries[registry] ?? null };
}

export function credentialsFor(...registries: RunningRegistry[]): Record<string, Credential> {
  const out: Record<string, Credential> = {};
  for (const r of registries) {
    const user = r.users[0];
    if (user) out[r.host] = { username: user.username, password: user.password };
  }
  return out;
}

export const seedTarget = (
  r: RunningRegistry,
  url = r.url,
): { url: string; auth?: { username: string; password: string } } => {
  const user = r.users[0];
  return user ? { url, auth: { username: user.username, password: user.password } } : { url };
};

/** A contract fixture over a registry in `auth` mode, plus (optionally) a second registry to copy into. */
export async function contractFixture(
  auth: RegistryAuthMode,
  other: RegistryAuthMode | null,
  options: Partial<OciRegistryOptions> = {},
): Promise<RegistryContractFixture> {
  const main = await startRegistry({ auth });
  const second = other ? await startRegistry({ auth: other }) : null;
  const registry = new OciRegistry({
    credentials: staticCredentials(credentialsFor(main, ...(second ? [second] : []))),
    retryBaseMs: 20,
    ...options,
  });
  const target = seedTarget(main);
  return {
    registry,
    repo: (repository) => ({ registry: main.host, repository }),
    ...(second ? { otherRepo: (repository: string) => ({ registry: second.host, repository }) } : {}),
    seed: {
      pushImage: (repository, tag, opts) => pushImage(target, repository, tag, opts),
      pushTags: (repository, tags) => pushTags(target, repository, tags, { dataDir: main.dataDir }),
      pushReferrer: (repository, subject, artifactType) =>
        pushReferrerArtifact(target, repository, subject, artifactType),
    },
    teardown: async () => {
      await registry.close();
      await Promise.all([main.stop(), second?.stop()]);
    },
  };
}
