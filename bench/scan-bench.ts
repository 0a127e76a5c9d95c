/**
 * The scan benchmark (bench/run.ts, `--only scan` or the default run):
 *  - a ≥ 100 MB image (three layers of random, incompressible data and a Debian layer with this machine's
 *    real dpkg database) and a 25 MB variant with the same layout, pushed once into a registry whose
 *    storage is cached in bench/.cache (like the corpus);
 *  - an advisory database of ≥ 50,000 synthetic OSV records (makeSyntheticAdvisories), loaded once from
 *    a directory by updateAdvisoryDb and cached in bench/.cache;
 *  - both images scanned by the builtin scanner through the delaying proxy, in a child process
 *    (bench/workloads/scan-workload.ts, peak RSS from the preload), and by the built CLI when dist/ exists;
 *  - matching alone: a 500-package inventory against the database.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { updateAdvisoryDb } from '../src/adapters/advisory-db/index.js';
import { startFaultProxy } from '../test/harness/fault-proxy.js';
import { debianRoot, makeLayer, pushLayeredImage, type FixtureLayer } from '../test/harness/images/index.js';
import { makeSyntheticAdvisories } from '../test/harness/osv/index.js';
import { startRegistry, type RunningRegistry } from '../test/harness/registry-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const CACHE_ROOT = join(here, '.cache');
// Bump when the images or the advisory generator change.
const SCAN_IMAGES_VERSION = 1;
const ADVISORIES_VERSION = 1;
const MiB = 1024 * 1024;
const RUNS = 3;

export const SCAN_IMAGES = [
  { repository: 'bench/scan-large', tag: '1', layers: 3, randomBytesPerLayer: 40 * MiB },
  { repository: 'bench/scan-small', tag: '1', layers: 3, randomBytesPerLayer: Math.round((25 * MiB) / 3) },
] as const;

export interface ChildResult {
  code: number;
  stdout: string;
  stderr: string;
  wallMs: number;
  peakRssBytes: number | null;
}

export interface ScanBenchContext {
  readonly delayMs: number;
  readonly advisories: number;
  readonly matchPackages: number;
  readonly runNode: (argv: string[], env?: NodeJS.ProcessEnv) => Promise<ChildResult>;
  readonly out: (line?: string) => void;
  readonly log: (line: string) => void;
  readonly results: Record<string, unknown>;
}

/** A layer of random bytes in one file: gzip cannot shrink it, so the bytes pulled are the bytes read. */
function randomLayer(index: number, bytes: number): FixtureLayer {
  return makeLayer([{ type: 'file', path: `opt/data/blob-${index}.bin`, content: randomBytes(bytes) }]);
}

async function registryWithScanImages(log: (s: string) => void): Promise<RunningRegistry> {
  const key = `scan-v${SCAN_IMAGES_VERSION}-${SCAN_IMAGES.map((i) => i.layers * i.randomBytesPerLayer).join('-')}`;
  const cached = join(CACHE_ROOT, key);
  const registry = await startRegistry({ auth: 'token', anonymous: 'pull' });
  if (existsSync(join(cached, '.complete'))) {
    log(`  using cached registry storage ${cached}`);
    mkdirSync(registry.dataDir, { recursive: true });
    execFileSync('tar', ['-xf', join(cached, 'data.tar'), '-C', registry.dataDir]);
    return registry;
  }
  log('  building and pushing the scan images (cached for later runs)');
  const target = { url: registry.url, ...(registry.users[0] ? { auth: registry.users[0] } : {}) };
  const debian = makeLayer(debianRoot());
  for (const image of SCAN_IMAGES) {
    const layers: FixtureLayer[] = [];
    for (let i = 0; i < image.layers; i++) layers.push(randomLayer(i, image.randomBytesPerLayer));
    layers.push(debian);
    await pushLayeredImage(target, image.repository, image.tag, layers);
  }
  rmSync(cached, { recursive: true, force: true });
  mkdirSync(cached, { recursive: true });
  execFileSync('tar', ['-cf', join(cached, 'data.tar'), '-C', registry.dataDir, '.']);
  writeFileSync(join(cached, '.complete'), new Date().toISOString());
  return registry;
}

/** The synthetic advisory database file, loaded once through updateAdvisoryDb from a directory of records. */
async function advisoryDatabase(
  count: number,
  log: (s: string) => void,
): Promise<{ path: string; loadMs: number | null }> {
  const path = join(CACHE_ROOT, `advisories-v${ADVISORIES_VERSION}-${count}.db`);
  if (existsSync(path)) {
    log(`  using cached advisory database ${path}`);
    return { path, loadMs: null };
  }
  log(`  generating ${count} synthetic advisories and loading them (cached for later runs)`);
  const dir = mkdtempSync(join(tmpdir(), 'shipshape-bench-osv-'));
  try {
    const records = makeSyntheticAdvisories(count, 20261128);
    for (let i = 0; i < records.length; i += 1000) {
      const sub = join(dir, String(i / 1000));
      mkdirSync(sub);
      for (const r of records.slice(i, i + 1000)) writeFileSync(join(sub, `${r.id}.json`), JSON.stringify(r));
    }
    const scratch = join(dir, 'advisories.db');
    const started = performance.now();
    await updateAdvisoryDb({ path: scratch, sources: [{ kind: 'directory', path: dir }] });
    const loadMs = performance.now() - started;
    mkdirSync(CACHE_ROOT, { recursive: true });
    copyFileSync(scratch, path);
    return { path, loadMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ScanRun {
  scanMs: number;
  layers: number;
  layerBytes: number;
  packages: number;
  findings: number;
  rssBeforeBytes: number;
  requests: Record<string, number>;
  wallMs: number;
  peakRssBytes: number | null;
}

const mb = (b: number | null): string => (b === null ? 'n/a' : `${(b / MiB).toFixed(0)} MB`);
const ms = (n: number): string => `${Math.round(n).toLocaleString('en-US')} ms`;
const mbps = (bytes: number, millis: number): string => `${(bytes / MiB / (millis / 1000)).toFixed(0)} MB/s`;

export async function scanBenchmark(ctx: ScanBenchContext): Promise<void> {
  const { runNode, out, log, results } = ctx;
  const registry = await registryWithScanImages(log);
  const proxy = await startFaultProxy({ target: registry.url, delayMs: ctx.delayMs });
  try {
    const db = await advisoryDatabase(ctx.advisories, log);
    const workload = join(here, 'workloads', 'scan-workload.ts');

    // Each image is scanned RUNS times (the machine is shared): the median scan time, the highest peak RSS.
    const scans: ScanRun[] = [];
    for (const image of SCAN_IMAGES) {
      log(`  scanning ${image.repository}:${image.tag} ${RUNS} times`);
      const runs: ScanRun[] = [];
      for (let i = 0; i < RUNS; i++) {
        const run = await runNode([
          '--import',
          'tsx',
          workload,
          'scan',
          proxy.host,
          image.repository,
          image.tag,
          db.path,
        ]);
        if (run.code !== 0) throw new Error(`scan workload failed:\n${run.stderr}`);
        runs.push({
          ...(JSON.parse(run.stdout) as Omit<ScanRun, 'wallMs' | 'peakRssBytes'>),
          wallMs: run.wallMs,
          peakRssBytes: run.peakRssBytes,
        });
      }
      runs.sort((a, b) => a.scanMs - b.scanMs);
      const median = runs[Math.floor(runs.length / 2)]!;
      const peaks = runs.map((r) => r.peakRssBytes).filter((p): p is number => p !== null);
      scans.push({ ...median, peakRssBytes: peaks.length > 0 ? Math.max(...peaks) : null });
    }

    // The product as shipped: `shipshape scan` from dist/ (no tsx loader in the process), when built.
    const bin = join(here, '..', 'dist', 'cli', 'bin.js');
    const cli: ({ wallMs: number; peakRssBytes: number | null } | null)[] = [];
    if (existsSync(bin)) {
      const home = mkdtempSync(join(tmpdir(), 'shipshape-bench-scan-'));
      try {
        writeFileSync(
          join(home, 'shipshape.yaml'),
          `scan:\n  advisoryDb:\n    path: ${JSON.stringify(db.path)}\n    maxAgeDays: 100000\n`,
        );
        for (const image of SCAN_IMAGES) {
          const run = await runNode(
            [
              bin,
              '--config',
              join(home, 'shipshape.yaml'),
              'scan',
              `${proxy.host}/${image.repository}:${image.tag}`,
              '--format',
              'json',
              '--no-store',
            ],
            { HOME: home },
          );
          if (run.code !== 0 && run.code !== 1)
            throw new Error(`shipshape scan failed (${run.code}):\n${run.stderr}`);
          cli.push({ wallMs: run.wallMs, peakRssBytes: run.peakRssBytes });
        }
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    }

    log(`  matching ${ctx.matchPackages} packages against ${ctx.advisories} advisories`);
    const m = await runNode(['--import', 'tsx', workload, 'match', db.path, String(ctx.matchPackages), '7']);
    if (m.code !== 0) throw new Error(`match workload failed:\n${m.stderr}`);
    const match = JSON.parse(m.stdout) as {
      advisories: number;
      packages: number;
      findings: number;
      openMs: number;
      coldMs: number;
      warmMs: number;
    };

    results['scan'] = { delayMs: ctx.delayMs, scans, cli, match, advisoryLoadMs: db.loadMs };
    const [large, small] = scans as [ScanRun, ScanRun];
    const [largeCli, smallCli] = [cli[0] ?? null, cli[1] ?? null];
    out(
      `### Scan: builtin scanner, ${SCAN_IMAGES.map((i) => `${i.layers} random layers of ${mb(i.randomBytesPerLayer)} + a dpkg layer`).join(' vs ')}`,
    );
    out();
    out(`| figure | ${mb(large.layerBytes)} image | ${mb(small.layerBytes)} image | target |`);
    out(`| --- | --- | --- | --- |`);
    out(
      `| layers / compressed bytes pulled | ${large.layers} / ${large.layerBytes.toLocaleString('en-US')} | ${small.layers} / ${small.layerBytes.toLocaleString('en-US')} | ≥ 100 MB |`,
    );
    out(
      `| packages found (dpkg) / findings | ${large.packages} / ${large.findings} | ${small.packages} / ${small.findings} | |`,
    );
    out(
      `| scan wall time (resolve, pull, read, match; median of ${RUNS}) | ${ms(large.scanMs)} | ${ms(small.scanMs)} | |`,
    );
    out(
      `| throughput | ${mbps(large.layerBytes, large.scanMs)} | ${mbps(small.layerBytes, small.scanMs)} | |`,
    );
    out(`| registry requests | ${JSON.stringify(large.requests)} | ${JSON.stringify(small.requests)} | |`);
    out(`| process wall time (incl. Node and tsx start-up) | ${ms(large.wallMs)} | ${ms(small.wallMs)} | |`);
    out(
      `| RSS before the scan (modules loaded, tsx) | ${mb(large.rssBeforeBytes)} | ${mb(small.rssBeforeBytes)} | |`,
    );
    out(
      `| peak RSS of the workload process (highest of ${RUNS}) | ${mb(large.peakRssBytes)} | ${mb(small.peakRssBytes)} | < 150 MB, independent of layer size |`,
    );
    if (large.peakRssBytes !== null && small.peakRssBytes !== null)
      out(
        `| the scan's own memory (highest peak − RSS before) | ${mb(large.peakRssBytes - large.rssBeforeBytes)} | ${mb(small.peakRssBytes - small.rssBeforeBytes)} | |`,
      );
    if (large.peakRssBytes !== null && small.peakRssBytes !== null)
      out(
        `| peak RSS difference, ${mb(large.layerBytes)} vs ${mb(small.layerBytes)} | ${mb(large.peakRssBytes - small.peakRssBytes)} | | ≈ 0 |`,
      );
    if (largeCli && smallCli)
      out(
        `| \`shipshape scan --format json --no-store\` (dist): wall time / peak RSS | ${ms(largeCli.wallMs)} / ${mb(largeCli.peakRssBytes)} | ${ms(smallCli.wallMs)} / ${mb(smallCli.peakRssBytes)} | < 150 MB |`,
      );
    out();
    out(`| matching | value | target |`);
    out(`| --- | --- | --- |`);
    out(
      `| advisories in the database | ${match.advisories.toLocaleString('en-US')}${db.loadMs !== null ? ` (loaded from ${ctx.advisories.toLocaleString('en-US')} JSON files in ${ms(db.loadMs)})` : ''} | ≥ 50,000 |`,
    );
    out(`| inventory / findings | ${match.packages} packages / ${match.findings} findings | 500 packages |`);
    out(`| open the database | ${ms(match.openMs)} | |`);
    out(`| match, first time | ${ms(match.coldMs)} | |`);
    out(`| match again (per-package rows cached) | ${ms(match.warmMs)} | |`);
    out();
  } finally {
    await proxy.stop();
    await registry.stop();
  }
}
