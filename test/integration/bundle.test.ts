/**
 * The shipped CLI is one bundled file (scripts/bundle.mjs). These tests run that file as users do:
 * it starts without loading packages from node_modules other than the native better-sqlite3, and its
 * `check --docker` (the bundled dockerode with ssh2/gRPC stubbed) gives the same report as the sources.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/core/plan/report.js';
import { runCliCaptured } from '../harness/cli.js';
import { dockerSkipReason, startDockerFixture, type DockerFixture } from '../harness/docker/index.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BUNDLE = join(ROOT, 'dist', 'cli', 'bin.js');
const built = existsSync(BUNDLE) ? null : 'dist/cli/bin.js is missing: run `npm run build` first';

/**
 * Records every bare package name the process loads: ES imports through a resolve hook, require() (how
 * CommonJS code and createRequire load) through Module._load.
 */
const IS_PACKAGE = String.raw`(name) => !name.startsWith('node:') && !builtinModules.includes(name) && !/^[./]|^file:|^data:/.test(name)`;
const LOAD_HOOKS = `
import { appendFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
const isPackage = ${IS_PACKAGE};
export async function resolve(specifier, context, next) {
  if (isPackage(specifier)) appendFileSync(process.env.SHIPSHAPE_LOAD_LOG, specifier + '\\n');
  return next(specifier, context);
}
`;
const LOAD_LOGGER = `
import { appendFileSync } from 'node:fs';
import Module, { builtinModules, register } from 'node:module';
const isPackage = ${IS_PACKAGE};
const load = Module._load;
Module._load = function (request, ...rest) {
  if (isPackage(request)) appendFileSync(process.env.SHIPSHAPE_LOAD_LOG, request + '\\n');
  return load.call(this, request, ...rest);
};
register('./load-hooks.mjs', import.meta.url);
`;

async function runBundle(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  cwd = ROOT,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(env['NODE_PRELOAD'] ? ['--import', env['NODE_PRELOAD']] : []), BUNDLE, ...args],
      {
        cwd,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe.skipIf(built !== null)(`the bundled CLI${built ? ` (${built})` : ''}`, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'shipshape-bundle-'));
    writeFileSync(join(dir, 'load-logger.mjs'), LOAD_LOGGER);
    writeFileSync(join(dir, 'load-hooks.mjs'), LOAD_HOOKS);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const packagesLoaded = async (
    args: string[],
    cwd = ROOT,
  ): Promise<{ loaded: string[]; code: number; stdout: string; stderr: string }> => {
    const log = join(dir, `loads-${Math.random().toString(36).slice(2)}.txt`);
    writeFileSync(log, '');
    const r = await runBundle(
      args,
      { NODE_PRELOAD: join(dir, 'load-logger.mjs'), SHIPSHAPE_LOAD_LOG: log },
      cwd,
    );
    return { ...r, loaded: [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))].sort() };
  };

  it('--version prints the package version; only better-sqlite3 (native) comes from node_modules', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await packagesLoaded(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(r.loaded).toEqual(['better-sqlite3']);
  });

  const skip = dockerSkipReason();
  describe.skipIf(skip !== null)(`check --docker${skip ? ` (${skip})` : ''}`, () => {
    let f: DockerFixture;
    let container: string;
    beforeAll(async () => {
      f = await startDockerFixture();
      const image = await f.push('bundled', '1.0.0');
      await f.push('bundled', '1.1.0');
      const byDigest = `${image.repository}@${image.digest}`;
      await f.cli('pull', '-q', byDigest);
      await f.cli('tag', byDigest, image.ref);
      f.resources.trackImage(byDigest);
      container = f.resources.name('bundled');
      await f.cli('run', '-d', '--name', container, image.ref, 'sleep', '600');
    }, 120_000);
    afterAll(async () => {
      await f?.cleanup();
    }, 120_000);

    it('reports the same container entry as the sources, loading only better-sqlite3 from node_modules', async () => {
      const argv = ['check', '--docker', '--format', 'json'];
      const bundled = await packagesLoaded(argv, dir);
      expect(bundled.stderr).toBe('');
      const fromSources = await runCliCaptured([...argv, '--refresh'], { cwd: dir });
      const entry = (stdout: string) =>
        (JSON.parse(stdout) as CheckReport).references.find((r) => r.container === container);
      expect(entry(bundled.stdout)).toBeDefined();
      expect(entry(bundled.stdout)).toEqual(entry(fromSources.stdout));
      expect(entry(bundled.stdout)).toMatchObject({
        kind: 'container',
        tag: '1.0.0',
        status: 'update-available',
        updates: [{ type: 'minor', tag: '1.1.0' }],
      });
      // dockerode, ssh2, gRPC, undici, zod, yaml… are inside the bundle.
      expect(bundled.loaded.filter((p) => p !== 'bindings' && p !== 'file-uri-to-path')).toEqual([
        'better-sqlite3',
      ]);
    }, 60_000);
  });
});
