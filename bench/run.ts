/**
 * `npm run bench`: seeds a registry over the HTTP API with realistic tag families (cached after the first run),
 * puts a proxy adding a fixed per-request delay in front, and measures:
 *  1. the registry engine: list tags + resolve one digest for each repository;
 *  2. the full `shipshape check` on a tree of ≥ 500 references — and Renovate on the same tree, same run;
 *  3. the builtin scanner on a ≥ 100 MB image and a 25 MB one, and matching against ≥ 50,000 advisories
 *     (bench/scan-bench.ts);
 *  4. `check --docker` of ≥ 200 running containers and single `update --docker` rollouts
 *     (bench/containers-bench.ts; skipped with a message when no Docker engine answers).
 * Prints the figures as Markdown (paste into docs/benchmarks.md) and writes bench/results/latest.{md,json}.
 *
 * Options: --repos N (120) --refs N (520) --delay MS (30) --concurrency N (8) --no-renovate
 * --only registry|check|scan|containers --advisories N (51000: about 1 % are withdrawn and not stored)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { CheckReport } from '../src/core/plan/report.js';
import { startFaultProxy, type FaultProxy } from '../test/harness/fault-proxy.js';
import type { RunningRegistry } from '../test/harness/registry-server.js';
import { makeCorpus, olderTag, prng, totalTags, type CorpusRepo } from './corpus.js';
import { compareWithRenovate, type Agreement } from './compare.js';
import { containersBenchmark } from './containers-bench.js';
import { scanBenchmark } from './scan-bench.js';
import { registryWithCorpus } from './seed-corpus.js';
import { writeTree } from './tree.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..');
const { values: args } = parseArgs({
  options: {
    repos: { type: 'string', default: '120' },
    refs: { type: 'string', default: '520' },
    delay: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '8' },
    'no-renovate': { type: 'boolean', default: false },
    only: { type: 'string' },
    advisories: { type: 'string', default: '51000' },
  },
});
const REPOS = Number(args.repos);
const REFS = Number(args.refs);
const DELAY = Number(args.delay);
const CONCURRENCY = Number(args.concurrency);
const log = (s: string): void => void process.stderr.write(`${s}\n`);
const lines: string[] = [];
const out = (s = ''): void => {
  lines.push(s);
  process.stdout.write(`${s}\n`);
};
const results: Record<string, unknown> = {};

interface ChildResult {
  code: number;
  stdout: string;
  stderr: string;
  wallMs: number;
  peakRssBytes: number | null;
}

/** Runs a Node child with the RSS preload; peak RSS is the child's own maxRSS. */
async function runNode(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<ChildResult> {
  const rssFile = join(tmpdir(), `shipshape-rss-${process.pid}-${Date.now()}`);
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', join(here, 'rss-preload.mjs'), ...argv], {
    env: { ...process.env, ...env, SHIPSHAPE_RSS_FILE: rssFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  const wallMs = performance.now() - started;
  let peakRssBytes: number | null = null;
  try {
    peakRssBytes = Number(readFileSync(rssFile, 'utf8'));
    rmSync(rssFile);
  } catch {
    // the child died before its exit hook
  }
  return { code, stdout, stderr, wallMs, peakRssBytes };
}

const mb = (b: number | null): string => (b === null ? 'n/a' : `${(b / 1024 / 1024).toFixed(0)} MB`);
const ms = (n: number): string => `${Math.round(n)} ms`;

async function registryBenchmark(
  registry: RunningRegistry,
  proxy: FaultProxy,
  corpus: readonly CorpusRepo[],
): Promise<void> {
  const rand = prng(99);
  const reposFile = join(tmpdir(), `shipshape-bench-repos-${process.pid}.json`);
  writeFileSync(reposFile, JSON.stringify(corpus.map((r) => ({ name: r.name, tag: olderTag(r, rand) }))));
  proxy.reset();
  registry.tokenServer?.reset();
  const run = await runNode([
    '--import',
    'tsx',
    join(here, 'workloads', 'registry-workload.ts'),
    proxy.host,
    reposFile,
    String(CONCURRENCY),
  ]);
  rmSync(reposFile, { force: true });
  if (run.code !== 0) throw new Error(`registry workload failed:\n${run.stderr}`);
  const w = JSON.parse(run.stdout) as {
    repos: number;
    tags: number;
    listMs: number;
    resolveMs: number;
    totalMs: number;
    requests: Record<string, number>;
  };
  const counts = proxy.countsByKind();
  const tokens = registry.tokenServer?.requests().length ?? 0;
  const ideal = Math.ceil(w.repos / CONCURRENCY) * DELAY;
  const tagRequests = counts.tags;
  const manifestRequests = counts['manifest-head'] + counts['manifest-get'];
  const perRepo = (tagRequests + manifestRequests) / w.repos;
  results['registry'] = {
    ...w,
    proxyCounts: counts,
    tokens,
    idealPhaseMs: ideal,
    peakRssBytes: run.peakRssBytes,
  };
  out(`### Registry engine: list tags + resolve one digest per repository`);
  out();
  out(`| figure | value | target |`);
  out(`| --- | --- | --- |`);
  out(`| repositories / tags | ${w.repos} / ${w.tags} | ≥ 100 repositories |`);
  out(
    `| tag-list requests per repository | ${(tagRequests / w.repos).toFixed(3)} (${tagRequests}; node-like repos need 2 pages of 1,000) | ≤ 1.1 |`,
  );
  out(
    `| manifest requests per resolved digest | ${(manifestRequests / w.repos).toFixed(3)} (${counts['manifest-head']} HEAD, ${counts['manifest-get']} GET) | ≤ 1.1 |`,
  );
  out(
    `| all registry requests per repository (both jobs) | ${perRepo.toFixed(3)} + ${tokens} token requests (${counts.ping} pings) | |`,
  );
  out(
    `| list phase wall time | ${ms(w.listMs)} | ≤ 2 × ceil(${w.repos}/${CONCURRENCY}) × ${DELAY} ms = ${ms(2 * ideal)} (+1 page for node-like repos) |`,
  );
  out(`| resolve phase wall time | ${ms(w.resolveMs)} | ≤ ${ms(2 * ideal)} |`);
  out(`| process wall time (incl. Node start-up) | ${ms(run.wallMs)} | |`);
  out(`| peak RSS of the client process | ${mb(run.peakRssBytes)} | |`);
  out();
}

async function checkBenchmark(
  registry: RunningRegistry,
  proxy: FaultProxy,
  corpus: readonly CorpusRepo[],
): Promise<void> {
  const tree = mkdtempSync(join(tmpdir(), 'shipshape-bench-tree-'));
  try {
    const stats = writeTree(tree, corpus, proxy.host, REFS);
    log(`  tree: ${stats.files} files, ${stats.references} references`);
    proxy.reset();
    registry.tokenServer?.reset();
    const run = await runNode([
      join(repoRoot, 'dist', 'cli', 'bin.js'),
      'check',
      tree,
      '--format',
      'json',
      '--no-store',
      '--concurrency',
      String(CONCURRENCY),
    ]);
    if (run.code !== 0 && run.code !== 1)
      throw new Error(`shipshape check failed (${run.code}):\n${run.stderr.slice(0, 4000)}`);
    const report = JSON.parse(run.stdout) as CheckReport;
    const counts = proxy.countsByKind();
    const tokens = registry.tokenServer?.requests().length ?? 0;
    const distinctRepos = new Set(report.references.map((r) => r.repository)).size;
    const registryRequests = Object.entries(counts)
      .filter(([k]) => k !== 'token')
      .reduce((n, [, v]) => n + v, 0);
    results['check'] = {
      stats,
      summary: report.summary,
      proxyCounts: counts,
      tokens,
      wallMs: run.wallMs,
      peakRssBytes: run.peakRssBytes,
    };

    let renovate: {
      wallMs: number;
      peakRssBytes: number;
      requests: number;
      agreement: Agreement;
      version: string;
    } | null = null;
    if (!args['no-renovate']) {
      try {
        const mod = await import('./renovate/run-renovate.js');
        const installed = await mod.ensureRenovate(log);
        proxy.reset();
        log('  running Renovate on the same tree (this takes a while)…');
        const r = await mod.runRenovate({ tree, registryHost: proxy.host, log });
        const rCounts = proxy.countsByKind();
        const rRequests = Object.entries(rCounts)
          .filter(([k]) => k !== 'token')
          .reduce((n, [, v]) => n + v, 0);
        renovate = {
          wallMs: r.wallMs,
          peakRssBytes: r.peakRssBytes,
          requests: rRequests,
          agreement: compareWithRenovate(report, r.lookups),
          version: installed.version,
        };
        results['renovate'] = { ...renovate, proxyCounts: rCounts, exitCode: r.exitCode };
      } catch (e) {
        log(`  Renovate could not run: ${(e as Error).message}`);
        results['renovateError'] = (e as Error).message;
      }
    }

    out(
      `### Full check: ${stats.references} references in ${stats.files} files, ${distinctRepos} repositories, ${totalTags(corpus)} tags`,
    );
    out();
    out(
      `| figure | Shipshape | ${renovate ? `Renovate ${renovate.version} (Node 24)` : 'Renovate'} | target |`,
    );
    out(`| --- | --- | --- | --- |`);
    out(
      `| wall time | ${ms(run.wallMs)} | ${renovate ? ms(renovate.wallMs) : 'not run'} | Shipshape ≥ 10× faster |`,
    );
    if (renovate) out(`| speed-up | ${(renovate.wallMs / run.wallMs).toFixed(1)}× | | ≥ 10× |`);
    out(
      `| registry requests (excl. tokens) | ${registryRequests} (${(registryRequests / distinctRepos).toFixed(3)} per repository) | ${renovate ? renovate.requests : ''} | ≤ 1.2 per repository |`,
    );
    out(`| token requests | ${tokens} | | |`);
    out(`| peak RSS | ${mb(run.peakRssBytes)} | ${renovate ? mb(renovate.peakRssBytes) : ''} | ≤ 200 MB |`);
    out(
      `| references with updates / up to date / errors | ${report.summary.updateAvailable} / ${report.summary.upToDate} / ${report.summary.errors} | | |`,
    );
    if (renovate) {
      const a = renovate.agreement;
      out(
        `| same newest minor and major as Renovate | ${a.same} of ${a.compared} (${((100 * a.same) / Math.max(1, a.compared)).toFixed(1)} %) | | ≥ 99 % |`,
      );
      out();
      if (a.differences.length > 0) {
        out(`Differences (first 20):`);
        out();
        for (const d of a.differences.slice(0, 20))
          out(`- \`${d.file}\` ${d.image}: Shipshape ${d.ours}, Renovate ${d.theirs}`);
      }
    }
    out(`Requests by kind (Shipshape): ${JSON.stringify(counts)}`);
    out();
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

out(
  `## ${new Date().toISOString().slice(0, 10)} — ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${DELAY} ms per request, concurrency ${CONCURRENCY}`,
);
out();
if (args.only !== 'scan' && args.only !== 'containers') {
  const corpus = makeCorpus(REPOS);
  log(`corpus: ${corpus.length} repositories, ${totalTags(corpus)} tags`);
  const registry = await registryWithCorpus('bench', corpus, { auth: 'token', anonymous: 'pull' }, log);
  const proxy = await startFaultProxy({ target: registry.url, delayMs: DELAY, paginateTags: true });
  try {
    if (args.only !== 'check') await registryBenchmark(registry, proxy, corpus);
    if (args.only !== 'registry') await checkBenchmark(registry, proxy, corpus);
  } finally {
    await proxy.stop();
    await registry.stop();
  }
}
if (args.only === undefined || args.only === 'scan') {
  log('scan benchmark');
  await scanBenchmark({
    delayMs: DELAY,
    advisories: Number(args.advisories),
    matchPackages: 500,
    runNode,
    out,
    log,
    results,
  });
}
if (args.only === undefined || args.only === 'containers') {
  log('containers benchmark');
  await containersBenchmark({
    delayMs: DELAY,
    concurrency: CONCURRENCY,
    repositories: 52,
    containers: 208,
    checkRuns: 5,
    updateRuns: 5,
    runNode,
    out,
    log,
    results,
  });
}
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'latest.md'), lines.join('\n') + '\n');
writeFileSync(join(here, 'results', 'latest.json'), JSON.stringify(results, null, 2) + '\n');
