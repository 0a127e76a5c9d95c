/**
 * Use case `check`: discover references, ask registries only what is needed (one tag listing per
 * distinct repository, digests and configs only where policy needs them, cached in the store),
 * then let the pure plan decide. Written only against ports.
 */
import { isShipshapeError } from '../core/errors.js';
import type { Policy } from '../core/policy/index.js';
import {
  assemble,
  candidateTags,
  classify,
  needsOf,
  type PlanInput,
  type Subject,
} from '../core/plan/plan.js';
import { currentReference, scanCandidates } from '../core/plan/vulnerabilities.js';
import {
  summarize,
  type CheckReport,
  type ReportProblem,
  type ReportReference,
} from '../core/plan/report.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { ReferenceSource } from '../ports/reference-source.js';
import type { Platform, Registry, RepoRef } from '../ports/registry.js';
import type { Store } from '../ports/store.js';
import { mapLimit } from './util/map-limit.js';
import { collectVulnerabilities, type ScanWanted, type VulnerabilityScanning } from './vulnerabilities.js';

export interface CheckDeps {
  readonly registry: Registry;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly progress?: (done: number, total: number, label: string) => void;
  /** The scanner for `vulnerabilities` requests. */
  readonly vulnerabilities?: VulnerabilityScanning;
}

export interface CheckRequest {
  readonly sources: readonly ReferenceSource[];
  readonly policy: Policy;
  readonly platform?: Platform;
  readonly cacheTtlMs: number;
  /** Bypass cached registry answers (they are still refreshed in the store). */
  readonly refresh: boolean;
  /** Look-ups in flight across registries; each registry also has its own limit. */
  readonly concurrency: number;
  /** Scan the current image and the candidates (needs `deps.vulnerabilities`): `check --vulnerabilities`. */
  readonly vulnerabilities?: boolean;
}

const repoKey = (r: RepoRef): string => `${r.registry}/${r.repository}`;
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

type Fetched<T> = T | { error: string };

export async function runCheck(deps: CheckDeps, request: CheckRequest): Promise<CheckReport> {
  const inputs: PlanInput[] = [];
  const problems: ReportProblem[] = [];
  for (const source of request.sources) {
    const found = await source.discover();
    inputs.push(...found.inputs);
    problems.push(...found.problems);
  }

  const entries: (ReportReference | null)[] = [];
  const subjects: { index: number; subject: Subject }[] = [];
  for (const input of inputs) {
    const c = classify(input, request.policy);
    if (c.kind === 'done') entries.push(c.entry);
    else {
      subjects.push({ index: entries.length, subject: c.subject });
      entries.push(null);
    }
  }

  const now = deps.clock.now();
  const cached = new CachedLookups(deps, request, now);

  type TagWanted = { repo: RepoRef; tag: string };
  const want = (map: Map<string, TagWanted>, subject: Subject, tag: string): void => {
    map.set(`${repoKey(subject.ref)}:${tag}`, { repo: subject.ref, tag });
  };

  // 1. One tag listing per distinct repository and, at the same time (they need no tags), the digests
  //    the current tags have now.
  const tagRepos = new Map<string, RepoRef>();
  const currentWanted = new Map<string, TagWanted>();
  for (const { subject } of subjects) {
    const needs = needsOf(subject);
    if (needs.tags) tagRepos.set(repoKey(subject.ref), subject.ref);
    if (needs.currentDigest) want(currentWanted, subject, subject.tag);
  }
  const [tags, currentDigests] = await Promise.all([
    cached.tags([...tagRepos.values()]),
    cached.digests([...currentWanted.values()]),
  ]);

  // 2. Candidates' digests and configs only where policy needs them.
  const digestWanted = new Map<string, TagWanted>();
  const createdWanted = new Map<string, TagWanted>();
  const firstSeenWanted = new Map<string, { repo: RepoRef; tags: Set<string> }>();
  for (const { subject } of subjects) {
    const needs = needsOf(subject);
    const repoTags = tags.get(repoKey(subject.ref));
    const candidates = needs.tags && Array.isArray(repoTags) ? candidateTags(subject, repoTags) : [];
    if (needs.candidateDigests)
      for (const t of candidates)
        if (!currentWanted.has(`${repoKey(subject.ref)}:${t}`)) want(digestWanted, subject, t);
    if (needs.candidateCreated) {
      for (const t of candidates) want(createdWanted, subject, t);
      if (subject.mode === 'digest' || needs.currentDigest) want(createdWanted, subject, subject.tag);
      const fs = firstSeenWanted.get(repoKey(subject.ref)) ?? { repo: subject.ref, tags: new Set<string>() };
      for (const t of candidates) fs.tags.add(t);
      firstSeenWanted.set(repoKey(subject.ref), fs);
    }
  }
  const [candidateDigests, created] = await Promise.all([
    cached.digests([...digestWanted.values()]),
    cached.created([...createdWanted.values()]),
  ]);
  const digests = new Map([...currentDigests, ...candidateDigests]);
  const firstSeen = new Map<string, number>();
  for (const [key, { tags: wanted }] of firstSeenWanted) {
    const seen = await deps.store.firstSeen(key, [...wanted], now);
    for (const [t, at] of seen) firstSeen.set(`${key}:${t}`, at);
  }

  // 3. Vulnerabilities of the current image and the candidates policy can allow, when asked for.
  const scanning = request.vulnerabilities ? deps.vulnerabilities : undefined;
  if (request.vulnerabilities && scanning === undefined)
    deps.logger.warn('vulnerabilities were asked for but no scanner is configured');
  const vulnerabilities =
    scanning === undefined
      ? null
      : await collectVulnerabilities(
          deps,
          scanning,
          request,
          subjects.map(({ subject }): ScanWanted => {
            const key = repoKey(subject.ref);
            const t = tags.get(key);
            const current = digests.get(`${key}:${subject.tag}`);
            return {
              repo: subject.ref,
              current: currentReference(subject),
              candidates: scanCandidates(
                subject,
                Array.isArray(t) ? t : null,
                typeof current === 'string' ? current : null,
              ),
            };
          }),
        );

  // 4. The pure plan decides.
  for (const { index, subject } of subjects) {
    const key = repoKey(subject.ref);
    const t = tags.get(key);
    const current = currentReference(subject);
    entries[index] = assemble(subject, {
      tags: t === undefined ? null : t,
      digestOf: (tag) => digests.get(`${key}:${tag}`) ?? null,
      createdOf: (tag) => {
        const c = created.get(`${key}:${tag}`);
        return typeof c === 'string' ? new Date(c) : null;
      },
      firstSeenOf: (tag) => {
        const at = firstSeen.get(`${key}:${tag}`);
        return at === undefined ? null : new Date(at);
      },
      ...(vulnerabilities
        ? { vulnerabilitiesOf: (tag: string) => vulnerabilities.of(subject.ref, current, tag) }
        : {}),
      now: new Date(now),
    });
  }

  const references = entries.filter((e): e is ReportReference => e !== null);
  return {
    schemaVersion: 1,
    references,
    summary: summarize(references),
    ...(problems.length > 0 ? { problems } : {}),
  };
}

/** Registry look-ups through the store cache, with in-run de-duplication and bounded concurrency. */
class CachedLookups {
  private done = 0;
  private total = 0;

  constructor(
    private readonly deps: CheckDeps,
    private readonly request: CheckRequest,
    private readonly now: number,
  ) {}

  private tick(label: string): void {
    this.done++;
    this.deps.progress?.(this.done, this.total, label);
  }

  private async lookup<K, V>(
    namespace: string,
    items: readonly K[],
    keyOf: (k: K) => string,
    fetch: (k: K) => Promise<V>,
    before?: (missing: readonly K[]) => Promise<void>,
  ): Promise<Map<string, Fetched<V>>> {
    const out = new Map<string, Fetched<V>>();
    const missing: K[] = [];
    for (const item of items) {
      const hit = this.request.refresh
        ? null
        : await this.deps.store.cacheGet(namespace, keyOf(item), this.now);
      // Values are wrapped so that a cached `null` (e.g. no `created`) is a hit, not a miss.
      if (hit !== null && typeof hit === 'object' && 'v' in hit) out.set(keyOf(item), (hit as { v: V }).v);
      else missing.push(item);
    }
    this.total += missing.length;
    if (missing.length > 0) await before?.(missing);
    const fresh: { key: string; value: unknown }[] = [];
    await mapLimit(missing, this.request.concurrency, async (item) => {
      const key = keyOf(item);
      try {
        const value = await fetch(item);
        out.set(key, value);
        fresh.push({ key, value: { v: value } });
      } catch (e) {
        if (!isShipshapeError(e))
          this.deps.logger.debug('unexpected look-up failure', { key, error: message(e) });
        out.set(key, { error: message(e) });
      } finally {
        this.tick(key);
      }
    });
    if (fresh.length > 0)
      await this.deps.store.cacheSetMany(namespace, fresh, this.request.cacheTtlMs, this.now);
    return out;
  }

  async tags(repos: readonly RepoRef[]): Promise<Map<string, Fetched<string[]>>> {
    return this.lookup(
      'tags',
      repos,
      repoKey,
      (r) => this.deps.registry.listTags(r),
      (missing) => this.prefetch(missing),
    );
  }

  /** One token request per registry for all repositories about to be read (where the adapter supports it). */
  private async prefetch(repos: readonly RepoRef[]): Promise<void> {
    const registry = this.deps.registry;
    if (!registry.prefetchTokens) return;
    const byRegistry = new Map<string, string[]>();
    for (const r of repos) byRegistry.set(r.registry, [...(byRegistry.get(r.registry) ?? []), r.repository]);
    await Promise.all(
      [...byRegistry].map(async ([host, repositories]) => {
        try {
          await registry.prefetchTokens!(host, repositories);
        } catch (e) {
          // Reads will retry authentication and report the error per reference.
          this.deps.logger.debug('token prefetch failed', { registry: host, error: message(e) });
        }
      }),
    );
  }

  digests(items: readonly { repo: RepoRef; tag: string }[]): Promise<Map<string, Fetched<string>>> {
    return this.lookup(
      'digest',
      items,
      (i) => `${repoKey(i.repo)}:${i.tag}`,
      async (i) => (await this.deps.registry.resolve(i.repo, i.tag, this.platformOption())).digest,
      (missing) => this.prefetch(missing.map((i) => i.repo)),
    );
  }

  created(items: readonly { repo: RepoRef; tag: string }[]): Promise<Map<string, Fetched<string | null>>> {
    return this.lookup(
      'created',
      items,
      (i) => `${repoKey(i.repo)}:${i.tag}`,
      async (i) => (await this.deps.registry.getImageConfig(i.repo, i.tag, this.platformOption())).created,
      (missing) => this.prefetch(missing.map((i) => i.repo)),
    );
  }

  private platformOption(): { platform?: Platform } {
    return this.request.platform ? { platform: this.request.platform } : {};
  }
}
