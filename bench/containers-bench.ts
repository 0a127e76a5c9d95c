/**
 * The running-containers benchmark (bench/run.ts, `--only containers` or the default run; skipped with a
 * message when no Docker engine answers on /var/run/docker.sock):
 *  1. `check --docker` of ≥ 200 running containers over ≥ 50 repositories: two busybox images (old, new)
 *     are pushed as `1.0.0` and `1.1.0` to every repository of a plain-HTTP registry; a proxy adds a fixed
 *     delay to every request; `1.0.0` is pulled through the proxy, so containers run
 *     `<proxy host>/<prefix>/app-NN:1.0.0` with a known running digest and every registry request of the
 *     check goes through the proxy. The built CLI runs in a child process (peak RSS from the preload);
 *  2. a single `update --docker NAME` (stability window 0: the gate is one observation of the new
 *     container) on a fresh container, several times: overhead = rollout total − pull − start-new − the
 *     stability window, from the JSON `steps[]` and the history entry's start/finish.
 * Everything it makes is named `shipshape-bench-<random>` and its containers are labelled shipshape-bench=1:
 * leftovers of a crashed run are removed first, and everything again at the end, whatever happened.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type Docker from 'dockerode';
import type { CheckReport } from '../src/core/plan/report.js';
import {
  DOCKER_SOCKET,
  followStream,
  importBusyboxImage,
  pushToRegistry,
  testDocker,
} from '../test/harness/docker/index.js';
import { startFaultProxy, type FaultProxy, type RequestKind } from '../test/harness/fault-proxy.js';
import { startRegistry, type RunningRegistry } from '../test/harness/registry-server.js';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = join(here, '..', 'dist', 'cli', 'bin.js');

export const BENCH_LABEL = 'shipshape-bench';
/** Names of everything a run makes (containers, image repositories, shipshape-previous tags, networks). */
const OURS = /shipshape-bench-[0-9a-f]{8}/;
const OLD_TAG = '1.0.0';
const NEW_TAG = '1.1.0';
/** Docker API calls in flight while setting up and cleaning up. */
const SETUP_PARALLEL = 8;

export interface ChildResult {
  code: number;
  stdout: string;
  stderr: string;
  wallMs: number;
  peakRssBytes: number | null;
}

export interface ContainersBenchContext {
  readonly delayMs: number;
  readonly concurrency: number;
  /** Repositories (≥ 50) and containers (≥ 200, spread evenly over them). */
  readonly repositories: number;
  readonly containers: number;
  /** `check --docker` runs (the median is reported) and single updates (each on a fresh container). */
  readonly checkRuns: number;
  readonly updateRuns: number;
  readonly runNode: (argv: string[], env?: NodeJS.ProcessEnv) => Promise<ChildResult>;
  readonly out: (line?: string) => void;
  readonly log: (line: string) => void;
  readonly results: Record<string, unknown>;
}

/**
 * A second preload (a data: URL, so nothing is compiled or resolved for it): writes, at exit, when Node had
 * booted (the preload ran) and when the process exited, both in ms since the process started.
 */
const CLOCK_PRELOAD =
  'data:text/javascript,' +
  encodeURIComponent(
    "import{writeFileSync}from'node:fs';const f=process.env.SHIPSHAPE_CLOCK_FILE;const t=performance.now();" +
      "if(f)process.on('exit',()=>writeFileSync(f,JSON.stringify({bootMs:t,exitMs:performance.now()})));",
  );

interface TimedRun extends ChildResult {
  /** Node boot (process start → preloads ran) and the rest of the process (→ exit), from the child's clock. */
  bootMs: number | null;
  afterBootMs: number | null;
}

async function runTimed(runNode: ContainersBenchContext['runNode'], argv: string[]): Promise<TimedRun> {
  const clockFile = join(tmpdir(), `shipshape-clock-${process.pid}-${randomBytes(4).toString('hex')}`);
  const run = await runNode(['--import', CLOCK_PRELOAD, ...argv], { SHIPSHAPE_CLOCK_FILE: clockFile });
  let bootMs: number | null = null;
  let afterBootMs: number | null = null;
  try {
    const clock = JSON.parse(readFileSync(clockFile, 'utf8')) as { bootMs: number; exitMs: number };
    bootMs = clock.bootMs;
    afterBootMs = clock.exitMs - clock.bootMs;
    rmSync(clockFile);
  } catch {
    // the child died before its exit hook
  }
  return { ...run, bootMs, afterBootMs };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const ms = (n: number | null): string => (n === null ? 'n/a' : `${Math.round(n).toLocaleString('en')} ms`);
const mb = (b: number | null): string => (b === null ? 'n/a' : `${(b / 1024 / 1024).toFixed(0)} MB`);
const range = (xs: readonly number[]): string =>
  xs.length > 1 ? ` (${ms(Math.min(...xs))}–${ms(Math.max(...xs))})` : '';

/** Runs `fn` over `items`, `limit` at a time; every item runs, the first error is rethrown at the end. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i).catch((e: unknown) => void errors.push(e));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (errors.length > 0) throw errors[0];
}

/** Why the benchmark cannot run here, or null. */
export async function dockerUnavailable(docker: Docker): Promise<string | null> {
  if (!existsSync(DOCKER_SOCKET)) return `no Docker engine: ${DOCKER_SOCKET} is absent`;
  try {
    await Promise.race([
      docker.ping(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 5 s')), 5000).unref()),
    ]);
    return null;
  } catch (e) {
    return `the Docker engine at ${DOCKER_SOCKET} does not answer (${(e as Error).message})`;
  }
}

/**
 * Removes what this benchmark made — now or in a crashed earlier run: containers labelled shipshape-bench=1,
 * images with a `shipshape-bench-<hex>` name (their content carries that name too, so their ids are ours
 * alone), networks named so. Returns how many of each went.
 */
export async function sweep(
  docker: Docker,
): Promise<{ containers: number; images: number; networks: number }> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${BENCH_LABEL}=1`] } });
  await pool(containers, SETUP_PARALLEL, async (c) => {
    await docker
      .getContainer(c.Id)
      .remove({ force: true, v: true })
      .catch(() => undefined);
  });
  const images = (await docker.listImages()).filter((i) =>
    [...(i.RepoTags ?? []), ...(i.RepoDigests ?? [])].some((r) => OURS.test(r)),
  );
  await pool(images, SETUP_PARALLEL, async (i) => {
    await docker
      .getImage(i.Id)
      .remove({ force: true })
      .catch(() => undefined);
  });
  const networks = (await docker.listNetworks()).filter((n) => n.Name.startsWith(`${BENCH_LABEL}-`));
  for (const n of networks)
    await docker
      .getNetwork(n.Id)
      .remove()
      .catch(() => undefined);
  return { containers: containers.length, images: images.length, networks: networks.length };
}

async function pull(docker: Docker, ref: string): Promise<void> {
  await followStream(docker, await docker.pull(ref));
}

async function tag(docker: Docker, image: string, ref: string): Promise<void> {
  const colon = ref.lastIndexOf(':');
  await docker.getImage(image).tag({ repo: ref.slice(0, colon), tag: ref.slice(colon + 1) });
}

interface Bed {
  readonly prefix: string;
  readonly registry: RunningRegistry;
  readonly proxy: FaultProxy;
  /** `<prefix>/app-NN` */
  readonly repositories: readonly string[];
  readonly newImageId: string;
  readonly dir: string;
  readonly config: string;
}

/** Registry, proxy, both images in every repository, `1.0.0` pulled through the proxy; the new image not local. */
async function setUp(docker: Docker, ctx: ContainersBenchContext, bed: Partial<Bed>): Promise<Bed> {
  const { log } = ctx;
  const prefix = `${BENCH_LABEL}-${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const config = join(dir, 'shipshape.yaml');
  // Opt-in: other work may run containers on this engine; only ours (shipshape.enable=true) are checked.
  writeFileSync(config, 'docker:\n  labelsOptIn: true\nstore:\n  path: state.db\n');
  Object.assign(bed, { prefix, dir, config });
  const registry = await startRegistry({ auth: 'none' });
  Object.assign(bed, { registry });
  const proxy = await startFaultProxy({ target: registry.url, delayMs: ctx.delayMs });
  Object.assign(bed, { proxy });
  const repositories = Array.from(
    { length: ctx.repositories },
    (_, i) => `${prefix}/app-${String(i).padStart(2, '0')}`,
  );
  Object.assign(bed, { repositories });

  log(`  importing two busybox images, pushing them to ${repositories.length} repositories`);
  const oldId = await importBusyboxImage(docker, { ref: `${prefix}/base:old`, marker: `${prefix} old` });
  const newId = await importBusyboxImage(docker, { ref: `${prefix}/base:new`, marker: `${prefix} new` });
  Object.assign(bed, { newImageId: newId });
  // Straight to the registry (no delay): this is set-up, not measured.
  await pool(repositories, SETUP_PARALLEL, async (repo) => {
    for (const [id, t] of [
      [oldId, OLD_TAG],
      [newId, NEW_TAG],
    ] as const) {
      const ref = `${registry.host}/${repo}:${t}`;
      await tag(docker, id, ref);
      await pushToRegistry(docker, ref);
      await docker.getImage(ref).remove();
    }
  });
  // The new image must be pulled by the update, as in real life; only the old one is local, by the proxy's name.
  await docker.getImage(newId).remove({ force: true });
  log(`  pulling ${OLD_TAG} of every repository through the proxy`);
  await pool(repositories, SETUP_PARALLEL, (repo) => pull(docker, `${proxy.host}/${repo}:${OLD_TAG}`));
  await docker.getImage(`${prefix}/base:old`).remove();
  return bed as Bed;
}

function labels(): Record<string, string> {
  return { [BENCH_LABEL]: '1', 'shipshape.enable': 'true' };
}

async function runContainers(docker: Docker, ctx: ContainersBenchContext, bed: Bed): Promise<string[]> {
  const names = Array.from(
    { length: ctx.containers },
    (_, i) => `${bed.prefix}-c${String(i).padStart(3, '0')}`,
  );
  const t0 = performance.now();
  await pool(names, SETUP_PARALLEL, async (name, i) => {
    const repo = bed.repositories[i % bed.repositories.length]!;
    const c = await docker.createContainer({
      name,
      Image: `${bed.proxy.host}/${repo}:${OLD_TAG}`,
      Cmd: ['sleep', '3600'],
      Labels: labels(),
      HostConfig: { NetworkMode: 'none' },
    });
    await c.start();
  });
  ctx.log(`  ${names.length} containers running after ${ms(performance.now() - t0)}`);
  return names;
}

type Counts = Record<RequestKind, number>;
const nonZero = (c: Counts): string =>
  Object.entries(c)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
const total = (c: Counts): number => Object.values(c).reduce((a, b) => a + b, 0);

interface CheckRun {
  run: TimedRun;
  counts: Counts;
  report: CheckReport;
  /** process start → first registry request; first → last; last → process exit (parent's clock). */
  beforeMs: number;
  spanMs: number;
  afterMs: number;
  /** Each registry request: kind and arrival, ms after the first. */
  timeline: [string, number][];
  /** Our containers in the report, and those with the NEW_TAG update. */
  mine: number;
  withUpdates: number;
  repositories: number;
}

async function checkBenchmark(
  ctx: ContainersBenchContext,
  bed: Bed,
  names: readonly string[],
): Promise<void> {
  const { out, log, runNode } = ctx;
  const ours = new Set(names);
  log(
    `  check --docker, ${ctx.checkRuns} runs (and as many --version runs for the start-up), then 3 at twice the concurrency`,
  );
  const versions: TimedRun[] = [];
  const checkOnce = async (concurrency: number): Promise<CheckRun> => {
    bed.proxy.reset();
    const spawnedAt = Date.now();
    const run = await runTimed(runNode, [
      CLI,
      'check',
      '--docker',
      '--config',
      bed.config,
      '--format',
      'json',
      '--no-store',
      '--concurrency',
      String(concurrency),
    ]);
    if (run.code !== 0 && run.code !== 1)
      throw new Error(`shipshape check --docker failed (${run.code}):\n${run.stderr.slice(0, 4000)}`);
    const report = JSON.parse(run.stdout) as CheckReport;
    const mine = report.references.filter((r) => ours.has(r.container ?? ''));
    const withUpdates = mine.filter(
      (r) => r.status === 'update-available' && r.updates.some((u) => u.tag === NEW_TAG),
    ).length;
    if (withUpdates < names.length)
      throw new Error(
        `check --docker listed ${mine.length} of our ${names.length} containers, ${withUpdates} with the ${NEW_TAG} update`,
      );
    const logged = bed.proxy.requests();
    const at = logged.map((r) => r.at);
    if (at.length === 0) throw new Error('check --docker made no registry request through the proxy');
    const first = Math.min(...at);
    const last = Math.max(...at);
    return {
      run,
      counts: bed.proxy.countsByKind(),
      report,
      beforeMs: first - spawnedAt,
      spanMs: last - first,
      afterMs: spawnedAt + run.wallMs - last,
      timeline: logged.map((r) => [r.kindOf, r.at - first]),
      mine: mine.length,
      withUpdates,
      repositories: new Set(mine.map((r) => r.repository)).size,
    };
  };
  const runs: CheckRun[] = [];
  for (let i = 0; i < ctx.checkRuns; i++) {
    versions.push(await runTimed(runNode, [CLI, '--version']));
    runs.push(await checkOnce(ctx.concurrency));
  }
  // How much of the registry phase is the request budget: the same check with twice the requests in flight.
  const doubled: CheckRun[] = [];
  for (let i = 0; i < Math.min(3, ctx.checkRuns); i++) doubled.push(await checkOnce(2 * ctx.concurrency));
  const last = runs[runs.length - 1]!;
  const repos = last.repositories;
  const others = last.report.references.length - last.mine;
  const wall = runs.map((r) => r.run.wallMs);
  const afterBoot = runs.map((r) => r.run.afterBootMs).filter((x): x is number => x !== null);
  const boot = runs.map((r) => r.run.bootMs).filter((x): x is number => x !== null);
  const versionWall = versions.map((r) => r.wallMs);
  const versionAfterBoot = versions.map((r) => r.afterBootMs).filter((x): x is number => x !== null);
  const spans = runs.map((r) => r.spanMs);
  const befores = runs.map((r) => r.beforeMs);
  const afters = runs.map((r) => r.afterMs);
  const rss = Math.max(...runs.map((r) => r.run.peakRssBytes ?? 0));
  const requests = total(last.counts);
  ctx.results['containers.check'] = {
    containers: names.length,
    repositories: repos,
    withUpdates: last.withUpdates,
    otherContainersInReport: others,
    summary: last.report.summary,
    proxyCounts: runs.map((r) => r.counts),
    wallMs: wall,
    bootMs: boot,
    afterBootMs: afterBoot,
    beforeRegistryMs: befores,
    registrySpanMs: spans,
    afterRegistryMs: afters,
    registryTimeline: last.timeline,
    versionWallMs: versionWall,
    versionAfterBootMs: versionAfterBoot,
    peakRssBytes: runs.map((r) => r.run.peakRssBytes),
    doubledConcurrency: {
      concurrency: 2 * ctx.concurrency,
      wallMs: doubled.map((r) => r.run.wallMs),
      registrySpanMs: doubled.map((r) => r.spanMs),
    },
  };

  out(`### Containers: \`check --docker\` of ${names.length} running containers over ${repos} repositories`);
  out();
  out(`Median of ${runs.length} runs (range in brackets); ${ctx.delayMs} ms per registry request.`);
  out();
  out(`| figure | value | target |`);
  out(`| --- | --- | --- |`);
  out(
    `| containers with updates (ours) | ${last.withUpdates} of ${last.mine} (${OLD_TAG} → ${NEW_TAG}) | ≥ 200 |`,
  );
  out(
    `| summary (whole report) | ${last.report.summary.updateAvailable} with updates, ${last.report.summary.upToDate} up to date, ${last.report.summary.skipped} skipped, ${last.report.summary.errors} errors${others > 0 ? ` (${others} containers of other work on this engine, skipped: not opted in)` : ''} | |`,
  );
  out(`| wall time (process, incl. Node start-up) | ${ms(median(wall))}${range(wall)} | < 1 s |`);
  out(`| of which Node boot (process start → preload) | ${ms(boot.length ? median(boot) : null)} | |`);
  out(
    `| after Node boot (module loading + engine + registry + report) | ${ms(afterBoot.length ? median(afterBoot) : null)}${range(afterBoot)} | |`,
  );
  out(
    `| \`--version\` alone: wall / after boot | ${ms(median(versionWall))} / ${ms(versionAfterBoot.length ? median(versionAfterBoot) : null)} | |`,
  );
  out(`| wall time minus a \`--version\` run | ${ms(median(wall) - median(versionWall))} | |`);
  out(
    `| process start → first registry request (boot, modules, config, engine: list containers + images) | ${ms(median(befores))}${range(befores)} | |`,
  );
  out(`| first → last registry request | ${ms(median(spans))}${range(spans)} | |`);
  out(
    `| last registry request → exit (its answer, plan, report) | ${ms(median(afters))}${range(afters)} | |`,
  );
  out(
    `| registry requests | ${requests} (${(requests / repos).toFixed(2)} per repository): ${nonZero(last.counts)} | |`,
  );
  out(`| peak RSS | ${mb(rss)} (highest of the runs) | |`);
  const dWall = doubled.map((r) => r.run.wallMs);
  const dSpan = doubled.map((r) => r.spanMs);
  out(
    `| with \`--concurrency ${2 * ctx.concurrency}\` (${doubled.length} runs): wall / first → last registry request | ${ms(median(dWall))}${range(dWall)} / ${ms(median(dSpan))}${range(dSpan)} | |`,
  );
  out();
}

interface UpdateStep {
  step: string;
  ok: boolean;
  ms: number;
  detail?: string;
}

interface UpdateRun {
  container: string;
  status: string;
  to: string | null;
  steps: UpdateStep[];
  totalMs: number;
  wallMs: number;
  afterBootMs: number | null;
  peakRssBytes: number | null;
  counts: Counts;
}

const stepMs = (steps: readonly UpdateStep[], name: string): number =>
  steps.filter((s) => s.step === name).reduce((a, s) => a + s.ms, 0);

/** A container that stops at once on SIGTERM (a `sleep` as PID 1 ignores it and `docker stop` waits 10 s). */
const UPDATE_CMD = ['sh', '-c', 'trap "exit 0" TERM; sleep 3600 & wait'];

async function updateBenchmark(ctx: ContainersBenchContext, bed: Bed, docker: Docker): Promise<void> {
  const { out, log, runNode } = ctx;
  if (ctx.updateRuns < 1) return;
  log(`  ${ctx.updateRuns} single updates, each on a fresh container`);
  const runs: UpdateRun[] = [];
  for (let i = 0; i < ctx.updateRuns; i++) {
    const name = `${bed.prefix}-upd${i}`;
    const repo = bed.repositories[i % bed.repositories.length]!;
    const c = await docker.createContainer({
      name,
      Image: `${bed.proxy.host}/${repo}:${OLD_TAG}`,
      Cmd: UPDATE_CMD,
      Labels: labels(),
    });
    await c.start();
    bed.proxy.reset();
    const run = await runTimed(runNode, [
      CLI,
      'update',
      '--docker',
      name,
      '--config',
      bed.config,
      '--stable',
      '0',
      '--format',
      'json',
    ]);
    const counts = bed.proxy.countsByKind();
    if (run.code !== 0)
      throw new Error(`shipshape update failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
    const report = JSON.parse(run.stdout) as {
      results: { target: string; status: string; to: { image: string } | null; steps: UpdateStep[] }[];
    };
    const result = report.results.find((r) => r.target === name);
    if (result?.status !== 'updated')
      throw new Error(`update of ${name} did not update: ${JSON.stringify(result ?? report)}`);
    const history = await runNode([CLI, 'history', name, '--config', bed.config, '--format', 'json']);
    const entry = (
      JSON.parse(history.stdout) as { entries: { target: string; startedAt: string; finishedAt: string }[] }
    ).entries.find((e) => e.target === name);
    if (!entry) throw new Error(`no history entry for ${name}:\n${history.stdout}\n${history.stderr}`);
    runs.push({
      container: name,
      status: result.status,
      to: result.to?.image ?? null,
      steps: result.steps,
      totalMs: Date.parse(entry.finishedAt) - Date.parse(entry.startedAt),
      wallMs: run.wallMs,
      afterBootMs: run.afterBootMs,
      peakRssBytes: run.peakRssBytes,
      counts,
    });
    // Fresh state for the next run: its container goes, and the new image, so the next update pulls it.
    await docker
      .getContainer(name)
      .remove({ force: true })
      .catch(() => undefined);
    await docker.getImage(bed.newImageId).remove({ force: true });
  }

  const stepNames = [...new Set(runs.flatMap((r) => r.steps.map((s) => s.step)))];
  const stableMs = 0;
  const overhead = runs.map(
    (r) => r.totalMs - stepMs(r.steps, 'pull') - stepMs(r.steps, 'start-new') - stableMs,
  );
  const outside = runs.map((r) => r.totalMs - r.steps.reduce((a, s) => a + s.ms, 0));
  const withoutStop = runs.map((r, i) => overhead[i]! - stepMs(r.steps, 'stop-old'));
  ctx.results['containers.update'] = { stableMs, runs, overheadMs: overhead };

  out(`### Containers: one \`update --docker NAME\` (pull by digest, stop, recreate, gate, clean up)`);
  out();
  out(
    `${runs.length} runs, each on a fresh container (\`sh -c 'trap "exit 0" TERM; sleep 3600 & wait'\`, default bridge network) ` +
      `updated ${OLD_TAG} → ${NEW_TAG} with \`--stable 0\`: the gate is one observation of the new container, no waiting. ` +
      `The new image is removed between runs, so every pull downloads it through the proxy. Median (range):`,
  );
  out();
  out(`| step (\`steps[].ms\`) | median | range |`);
  out(`| --- | --- | --- |`);
  for (const s of stepNames) {
    const xs = runs.map((r) => stepMs(r.steps, s));
    out(`| ${s} | ${ms(median(xs))} | ${ms(Math.min(...xs))}–${ms(Math.max(...xs))} |`);
  }
  const totals = runs.map((r) => r.totalMs);
  const walls = runs.map((r) => r.wallMs);
  out(
    `| between steps (history writes) | ${ms(median(outside))} | ${ms(Math.min(...outside))}–${ms(Math.max(...outside))} |`,
  );
  out(
    `| **rollout total** (history entry: started → finished) | ${ms(median(totals))} | ${ms(Math.min(...totals))}–${ms(Math.max(...totals))} |`,
  );
  out();
  out(`| figure | value | target |`);
  out(`| --- | --- | --- |`);
  out(
    `| **overhead** = total − pull − start-new − stability window (0) | **${ms(median(overhead))}**${range(overhead)} | < 300 ms |`,
  );
  out(
    `| of which stop-old (\`docker stop\` + rename) | ${ms(median(runs.map((r) => stepMs(r.steps, 'stop-old'))))} | |`,
  );
  out(`| overhead without stop-old | ${ms(median(withoutStop))}${range(withoutStop)} | |`);
  out(
    `| process wall time (Node start-up, candidate look-up, rollout) | ${ms(median(walls))}${range(walls)} | |`,
  );
  out(
    `| registry requests through the proxy per update (Shipshape's look-up and the engine's pull) | ${nonZero(runs[runs.length - 1]!.counts)} | |`,
  );
  out(`| peak RSS | ${mb(Math.max(...runs.map((r) => r.peakRssBytes ?? 0)))} | |`);
  out();
}

export async function containersBenchmark(ctx: ContainersBenchContext): Promise<void> {
  const { out, log } = ctx;
  const docker = testDocker();
  const reason = await dockerUnavailable(docker);
  if (reason !== null) {
    log(`containers benchmark skipped: ${reason}`);
    out(`### Containers: skipped (${reason})`);
    out();
    ctx.results['containers'] = { skipped: reason };
    return;
  }
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build`);
  const started = performance.now();
  const leftovers = await sweep(docker);
  if (leftovers.containers + leftovers.images + leftovers.networks > 0)
    log(
      `  removed leftovers of an earlier run: ${leftovers.containers} containers, ${leftovers.images} images, ${leftovers.networks} networks`,
    );
  const bed: Partial<Bed> = {};
  try {
    const ready = await setUp(docker, ctx, bed);
    const names = await runContainers(docker, ctx, ready);
    await checkBenchmark(ctx, ready, names);
    log('  removing the checked containers');
    await pool(names, SETUP_PARALLEL, async (n) => {
      await docker.getContainer(n).remove({ force: true });
    });
    await updateBenchmark(ctx, ready, docker);
  } finally {
    const swept = await sweep(docker).catch((e: unknown) => {
      log(`  clean-up failed: ${(e as Error).message}`);
      return null;
    });
    await bed.proxy?.stop();
    await bed.registry?.stop();
    if (bed.dir) rmSync(bed.dir, { recursive: true, force: true });
    if (swept) log(`  cleaned up: ${swept.containers} containers, ${swept.images} images`);
    log(`  containers benchmark: ${ms(performance.now() - started)}`);
  }
}
