/**
 * Vulnerability facts for `check`: each reference's current image and its candidates are scanned with
 * the configured scanner, and the plan receives the deltas. Written only against ports.
 *
 * Everything is cached in the store, so a repeated check pulls no layer and matches nothing again:
 * tag → platform image digest for the cache TTL (digest references for 30 days), and findings per
 * (scanner, data version, image digest) for 30 days — a new advisory database is a new data version.
 */
import { isShipshapeError } from '../core/errors.js';
import type { CandidateVulnerabilities, FindingRef } from '../core/policy/index.js';
import type { VulnerabilityAnswer } from '../core/plan/vulnerabilities.js';
import { vulnerabilityDelta, type Finding } from '../core/vuln/index.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { Platform, Registry, RepoRef } from '../ports/registry.js';
import type { Scanner } from '../ports/scanner.js';
import type { Store } from '../ports/store.js';
import { mapLimit } from './util/map-limit.js';

/** The scanner `check` uses, and what its findings depend on besides the image. */
export interface VulnerabilityScanning {
  readonly scanner: Scanner;
  /**
   * The version of the data findings are computed from, e.g. `advisories@<updatedAt>` for the builtin
   * scanner. Throws (a ShipshapeError) when scanning cannot give meaningful results, e.g. an advisory
   * database that was never loaded: every candidate then reports the message instead of empty findings.
   */
  dataVersion(): Promise<string>;
  /** Scans in flight (each pulls and reads layers). Default 2. */
  readonly concurrency?: number;
}

export interface VulnerabilityDeps {
  readonly registry: Pick<Registry, 'resolve'>;
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly progress?: (done: number, total: number, label: string) => void;
}

export interface VulnerabilityRequest {
  readonly platform?: Platform;
  /** How long a tag's digest is reused (the check's cache TTL). */
  readonly cacheTtlMs: number;
  /** Resolve tags again (scan results of a digest stay valid: they are per digest and data version). */
  readonly refresh: boolean;
  /** Digest look-ups in flight. */
  readonly concurrency: number;
}

/** One reference: the image it runs now and the candidate tags to compare with it. */
export interface ScanWanted {
  readonly repo: RepoRef;
  /** A tag or digest (core/plan `currentReference`). */
  readonly current: string;
  readonly candidates: readonly string[];
}

export interface VulnerabilityFacts {
  /** The answer for `SubjectFacts.vulnerabilitiesOf`: null for a pair that was not wanted. */
  of(repo: RepoRef, current: string, candidate: string): VulnerabilityAnswer;
}

export const FINDINGS_NAMESPACE = 'findings';
export const IMAGE_DIGEST_NAMESPACE = 'scan-digest';
/** Findings and digest references' resolutions do not change; the bound only keeps the cache small. */
export const LONG_TTL_MS = 30 * 24 * 60 * 60 * 1000;
// Bump when what is cached changes shape.
const FORMAT = 1;

const repoKey = (r: RepoRef): string => `${r.registry}/${r.repository}`;
const imageKey = (r: RepoRef, reference: string): string => `${repoKey(r)}@${reference}`;
const isDigest = (reference: string): boolean =>
  /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(reference);
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const platformKey = (p: Platform | undefined): string =>
  p ? [p.os, p.architecture, p.variant ?? ''].join('/') : 'default';

type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** Scans what `wanted` needs and returns the deltas; failures become answers, never exceptions. */
export async function collectVulnerabilities(
  deps: VulnerabilityDeps,
  scanning: VulnerabilityScanning,
  request: VulnerabilityRequest,
  wanted: readonly ScanWanted[],
): Promise<VulnerabilityFacts> {
  const pairs = new Set<string>();
  const images = new Map<string, { repo: RepoRef; reference: string }>();
  for (const w of wanted) {
    if (w.candidates.length === 0) continue;
    images.set(imageKey(w.repo, w.current), { repo: w.repo, reference: w.current });
    for (const c of w.candidates) {
      images.set(imageKey(w.repo, c), { repo: w.repo, reference: c });
      pairs.add(`${imageKey(w.repo, w.current)}\u0000${c}`);
    }
  }
  if (pairs.size === 0) return { of: () => null };

  const now = deps.clock.now();
  const digests = await resolveDigests(deps, request, [...images.values()], now);

  let version: Outcome<string>;
  try {
    version = { ok: true, value: await scanning.dataVersion() };
  } catch (e) {
    if (!isShipshapeError(e)) deps.logger.debug('unexpected scanner failure', { error: message(e) });
    version = { ok: false, error: message(e) };
  }

  const findings = new Map<string, Outcome<readonly Finding[]>>();
  if (version.ok) {
    // One scan per image digest, from the first repository that names it.
    const toScan = new Map<string, RepoRef>();
    for (const [key, { repo }] of images) {
      const d = digests.get(key);
      if (d?.ok && !toScan.has(d.value)) toScan.set(d.value, repo);
    }
    const scanned = await scanDigests(deps, scanning, request, version.value, toScan, now);
    for (const [digest, outcome] of scanned) findings.set(digest, outcome);
  }

  const answers = new Map<string, VulnerabilityAnswer>();
  const answer = (repo: RepoRef, current: string, candidate: string): VulnerabilityAnswer => {
    const from = digests.get(imageKey(repo, current));
    const to = digests.get(imageKey(repo, candidate));
    if (from === undefined || to === undefined) return null;
    if (!from.ok) return { error: `current image ${current}: ${from.error}` };
    if (!to.ok) return { error: `${candidate}: ${to.error}` };
    if (from.value === to.value) return deltaOf([], []);
    if (!version.ok) return { error: version.error };
    const old = findings.get(from.value);
    const neu = findings.get(to.value);
    if (old === undefined || neu === undefined) return null;
    if (!old.ok) return { error: `current image ${current}: ${old.error}` };
    if (!neu.ok) return { error: `${candidate}: ${neu.error}` };
    return deltaOf(old.value, neu.value);
  };
  return {
    of: (repo, current, candidate) => {
      const key = `${imageKey(repo, current)}\u0000${candidate}`;
      if (!pairs.has(key)) return null;
      let a = answers.get(key);
      if (a === undefined) {
        a = answer(repo, current, candidate);
        answers.set(key, a);
      }
      return a;
    },
  };
}

function refs(findings: readonly Finding[]): FindingRef[] {
  const seen = new Set<string>();
  const out: FindingRef[] = [];
  // Findings arrive worst first (vulnerabilityDelta sorts them); the same advisory on two packages is named once.
  for (const f of findings) {
    if (seen.has(f.id)) continue;
    seen.add(f.id);
    out.push({ id: f.id, severity: f.severity });
  }
  return out;
}

function deltaOf(old: readonly Finding[], neu: readonly Finding[]): CandidateVulnerabilities {
  const d = vulnerabilityDelta(old, neu);
  return {
    fixed: d.counts.fixed,
    introduced: d.counts.introduced,
    fixedFindings: refs(d.fixed),
    introducedFindings: refs(d.introduced),
  };
}

/** Each image's platform manifest digest (what inventories and findings are keyed by), through the store. */
async function resolveDigests(
  deps: VulnerabilityDeps,
  request: VulnerabilityRequest,
  images: readonly { repo: RepoRef; reference: string }[],
  now: number,
): Promise<Map<string, Outcome<string>>> {
  const out = new Map<string, Outcome<string>>();
  const cacheKey = (i: { repo: RepoRef; reference: string }): string =>
    `${imageKey(i.repo, i.reference)}|${platformKey(request.platform)}`;
  const missing: { repo: RepoRef; reference: string }[] = [];
  for (const image of images) {
    const reuse = isDigest(image.reference) || !request.refresh;
    const hit = reuse ? await deps.store.cacheGet(IMAGE_DIGEST_NAMESPACE, cacheKey(image), now) : null;
    if (typeof hit === 'string' && isDigest(hit))
      out.set(imageKey(image.repo, image.reference), { ok: true, value: hit });
    else missing.push(image);
  }
  const fresh: { key: string; value: string; long: boolean }[] = [];
  await mapLimit(missing, request.concurrency, async (image) => {
    try {
      const resolved = await deps.registry.resolve(
        image.repo,
        image.reference,
        request.platform ? { platform: request.platform } : {},
      );
      const digest = resolved.platformDigest ?? resolved.digest;
      out.set(imageKey(image.repo, image.reference), { ok: true, value: digest });
      fresh.push({ key: cacheKey(image), value: digest, long: isDigest(image.reference) });
    } catch (e) {
      if (!isShipshapeError(e)) deps.logger.debug('unexpected resolve failure', { error: message(e) });
      out.set(imageKey(image.repo, image.reference), { ok: false, error: message(e) });
    }
  });
  const long = fresh.filter((f) => f.long);
  const short = fresh.filter((f) => !f.long);
  if (long.length > 0) await deps.store.cacheSetMany(IMAGE_DIGEST_NAMESPACE, long, LONG_TTL_MS, now);
  if (short.length > 0) await deps.store.cacheSetMany(IMAGE_DIGEST_NAMESPACE, short, request.cacheTtlMs, now);
  return out;
}

/** Findings per image digest: from the store, else scanned (a few at a time) and stored as each one ends. */
async function scanDigests(
  deps: VulnerabilityDeps,
  scanning: VulnerabilityScanning,
  request: VulnerabilityRequest,
  version: string,
  toScan: ReadonlyMap<string, RepoRef>,
  now: number,
): Promise<Map<string, Outcome<readonly Finding[]>>> {
  const { scanner } = scanning;
  const out = new Map<string, Outcome<readonly Finding[]>>();
  const key = (digest: string): string => `v${FORMAT}|${scanner.name}|${version}|${digest}`;
  const missing: [string, RepoRef][] = [];
  for (const [digest, repo] of toScan) {
    const hit = await deps.store.cacheGet(FINDINGS_NAMESPACE, key(digest), now);
    if (Array.isArray(hit)) out.set(digest, { ok: true, value: hit as Finding[] });
    else missing.push([digest, repo]);
  }
  const warned = new Set<string>();
  let done = 0;
  await mapLimit(missing, scanning.concurrency ?? 2, async ([digest, repo]) => {
    const label = `scan ${repoKey(repo)}@${digest.slice(0, 19)}`;
    try {
      const result = await scanner.scan({
        repo,
        reference: digest,
        ...(request.platform ? { platform: request.platform } : {}),
      });
      out.set(digest, { ok: true, value: result.findings });
      for (const w of result.warnings) {
        if (warned.has(w)) continue;
        warned.add(w);
        deps.logger.warn(`vulnerabilities: ${w}`);
      }
      await deps.store.cacheSetMany(
        FINDINGS_NAMESPACE,
        [{ key: key(digest), value: result.findings }],
        LONG_TTL_MS,
        deps.clock.now(),
      );
    } catch (e) {
      // One image that cannot be scanned must not sink the whole check: its candidates say why.
      if (!isShipshapeError(e)) deps.logger.debug('unexpected scan failure', { digest, error: message(e) });
      out.set(digest, { ok: false, error: message(e) });
    } finally {
      deps.progress?.(++done, missing.length, label);
    }
  });
  return out;
}
