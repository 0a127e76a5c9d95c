/**
 * A deterministic benchmark corpus: repositories with realistic tag families (nginx-like x.y.z with OS
 * suffixes, postgres-like, node-like with ~2,000 tags, v-prefixed app tags, calver; some multi-arch; both
 * media-type families) and, for the full check, a tree of Dockerfiles / compose files / Kubernetes
 * manifests that reference them at older tags.
 */

/** Mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Family = 'nginx' | 'postgres' | 'node' | 'app' | 'calver';

export interface CorpusRepo {
  readonly name: string;
  readonly family: Family;
  readonly tags: string[];
  readonly mediaTypes: 'oci' | 'docker';
  /** Tags pushed as multi-arch indexes (linux/amd64 + linux/arm64). */
  readonly multiArch: string[];
}

function nginxTags(rand: () => number): string[] {
  const out: string[] = ['latest', 'stable', 'mainline', 'alpine', 'mainline-alpine', 'stable-alpine'];
  const suffixes = ['', '-alpine', '-alpine3.19', '-alpine3.20', '-bookworm', '-perl', '-alpine-slim'];
  for (let minor = 19; minor <= 27; minor++) {
    const patches = 2 + Math.floor(rand() * 6);
    for (let patch = 0; patch <= patches; patch++)
      for (const s of suffixes) out.push(`1.${minor}.${patch}${s}`);
    for (const s of ['', '-alpine', '-bookworm']) out.push(`1.${minor}${s}`);
  }
  return out;
}

function postgresTags(rand: () => number): string[] {
  const out: string[] = ['latest', 'alpine', 'bookworm'];
  const suffixes = ['', '-alpine', '-alpine3.19', '-bookworm', '-bullseye'];
  for (let major = 11; major <= 17; major++) {
    const minors = 3 + Math.floor(rand() * 18);
    for (let minor = 0; minor <= minors; minor++) for (const s of suffixes) out.push(`${major}.${minor}${s}`);
    for (const s of suffixes) out.push(`${major}${s}`);
  }
  out.push('17rc1', '17beta2', '18beta1');
  return out;
}

function nodeTags(rand: () => number): string[] {
  const out: string[] = ['latest', 'lts', 'lts-alpine', 'current', 'current-alpine', 'alpine', 'slim'];
  const suffixes = ['', '-alpine', '-slim', '-bookworm-slim'];
  for (let major = 4; major <= 23 && out.length < 2000; major++) {
    const minors = 4 + Math.floor(rand() * 14);
    for (let minor = 0; minor <= minors && out.length < 2000; minor++) {
      const patches = Math.floor(rand() * 3);
      for (let patch = 0; patch <= patches; patch++)
        for (const s of suffixes) out.push(`${major}.${minor}.${patch}${s}`);
    }
    for (const s of suffixes) out.push(`${major}${s}`);
  }
  return out.slice(0, 2000);
}

function appTags(rand: () => number): string[] {
  const out: string[] = ['latest', 'edge', 'main'];
  for (let major = 0; major <= 3; major++)
    for (let minor = 0; minor <= 9; minor++) {
      const patches = Math.floor(rand() * 6);
      for (let patch = 0; patch <= patches; patch++) out.push(`v${major}.${minor}.${patch}`);
    }
  out.push('v4.0.0-rc.1', 'v4.0.0-rc.2');
  return out;
}

function calverTags(rand: () => number): string[] {
  const out: string[] = ['latest'];
  for (let year = 2022; year <= 2026; year++)
    for (let month = 1; month <= 12; month++) {
      if (rand() < 0.4) continue;
      const mm = String(month).padStart(2, '0');
      const builds = Math.floor(rand() * 3);
      for (let b = 0; b <= builds; b++) out.push(`${year}.${mm}.${b}`);
    }
  return out;
}

const GENERATORS: Record<Family, (rand: () => number) => string[]> = {
  nginx: nginxTags,
  postgres: postgresTags,
  node: nodeTags,
  app: appTags,
  calver: calverTags,
};

/** `repos` repositories; families rotate so that a few are node-like (2,000 tags). */
export function makeCorpus(repos: number, seed = 42): CorpusRepo[] {
  const rand = prng(seed);
  const cycle: Family[] = [
    'nginx',
    'postgres',
    'app',
    'calver',
    'nginx',
    'postgres',
    'app',
    'calver',
    'nginx',
    'postgres',
    'app',
    'calver',
    'node',
  ];
  const out: CorpusRepo[] = [];
  for (let i = 0; i < repos; i++) {
    const family = cycle[i % cycle.length]!;
    const tags = GENERATORS[family](rand);
    const stableVersions = tags.filter((t) => /^v?\d+\.\d+\.\d+$/.test(t));
    out.push({
      name: `bench/${family}-${String(i).padStart(3, '0')}`,
      family,
      tags,
      mediaTypes: i % 2 === 0 ? 'oci' : 'docker',
      multiArch: i % 5 === 0 ? ['latest', ...stableVersions.slice(-1)] : [],
    });
  }
  return out;
}

export const totalTags = (corpus: readonly CorpusRepo[]): number =>
  corpus.reduce((n, r) => n + r.tags.length, 0);

/** An older tag of the repo that has newer patch/minor/major candidates, with its suffix family. */
export function olderTag(repo: CorpusRepo, rand: () => number): string {
  const versions = repo.tags.filter((t) => /^v?\d+(\.\d+)+(-[a-z0-9.-]+)?$/.test(t) && !/rc|beta/.test(t));
  const pick = versions[Math.floor(rand() * Math.max(1, versions.length * 0.6))];
  return pick ?? repo.tags[0]!;
}
