/**
 * `shipshape apply` end to end: a real registry (harness), real files in a temp tree, real git.
 * The CLI runs in-process through runCli with captured streams.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTextFiles } from '../../src/adapters/fs/index.js';
import { GitCli } from '../../src/adapters/git/index.js';
import { runApply } from '../../src/app/apply.js';
import { stderrLogger } from '../../src/cli/logger.js';
import { runCli } from '../../src/cli/program.js';
import { createContext } from '../../src/main.js';
import { pushTags, startRegistry, type RunningRegistry } from '../harness/index.js';

let registry: RunningRegistry;
let H: string;
/** repository → tag → manifest digest, as the registry stores them. */
const digests: Record<string, Record<string, string>> = {};
const scratch = mkdtempSync(join(tmpdir(), 'shipshape-apply-'));

const REPOS: Record<string, string[]> = {
  'library/nginx': ['1.25.3', '1.25.4', '1.26.0', '2.0.0'],
  'acme/web': ['1.0.0', '1.0.1', '1.1.0'],
  'team/api': ['2.3.1', '2.3.2', '2.4.0'],
  'tools/busybox': ['1.36.0', '1.37.0'],
  'team/edge': ['latest'],
  'team/worker': ['3.1', '3.2'],
  'team/kz': ['1.0', '1.1', '2.0'],
  'team/pinned': ['1.0.0', '1.0.1'],
};

beforeAll(async () => {
  registry = await startRegistry({ auth: 'none' });
  H = registry.host;
  for (const [repo, tags] of Object.entries(REPOS))
    digests[repo] = await pushTags({ url: registry.url }, repo, tags, { dataDir: registry.dataDir });
});

afterAll(async () => {
  await registry?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const d = (repo: string, tag: string): string => digests[repo]![tag]!;

// ---------------------------------------------------------------------------------------------
// The tree

function tree(): Record<string, string> {
  return {
    // BOM, CRLF, comments and a tag that comes from an ARG default.
    Dockerfile: [
      '\uFEFF# syntax=docker/dockerfile:1',
      '# the web front',
      'ARG NGINX_VERSION=1.25.3',
      `FROM ${H}/library/nginx:\${NGINX_VERSION} AS web`,
      'COPY site /usr/share/nginx/html',
      '',
      `FROM  ${H}/acme/web:1.0.0`,
      '',
    ].join('\r\n'),
    'deploy/compose.yaml': [
      'services:',
      '  api:',
      `    image: "${H}/team/api:2.3.1"   # the API`,
      '  worker:',
      `    image: ${H}/team/api:\${API_TAG}`,
      '  proxy:',
      `    image: '${H}/library/nginx:1.25.3'`,
      '',
    ].join('\n'),
    'deploy/.env': 'API_TAG=2.3.1\n',
    'k8s/app.yaml': [
      '# app',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: app',
      'spec:',
      '  template:',
      '    spec:',
      '      initContainers:',
      '        - name: init',
      `          image: ${H}/tools/busybox:1.36.0 # init`,
      '      containers:',
      '        - name: app',
      `          image: "${H}/acme/web:1.0.0"`,
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: edge',
      'spec:',
      `  containers: [{ name: edge, image: ${H}/team/edge:latest }]`,
    ].join('\n'), // no final newline
    'charts/worker/values.yaml': [
      'image:',
      `  registry: ${H}`,
      '  repository: team/worker',
      '  tag: "3.1"   # worker',
      '  digest: ""',
      '',
    ].join('\n'),
    'overlays/prod/kustomization.yaml': [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'images:',
      `  - name: ${H}/team/kz`,
      '    newTag: 1.0',
      `  - name: ${H}/team/pinned`,
      "    newTag: '1.0.0'",
      `    digest: ${d('team/pinned', '1.0.0')}`,
      '',
    ].join('\r\n'),
  };
}

/** Replaces exact substrings (each must occur once) in one file of a tree. */
function edit(files: Record<string, string>, file: string, ...pairs: [string, string][]): void {
  let text = files[file]!;
  for (const [from, to] of pairs) {
    expect(text.split(from).length - 1, `${file}: ${from}`).toBe(1);
    text = text.replace(from, to);
  }
  files[file] = text;
}

/** The tree after the default apply: the most conservative update everywhere it can be written. */
function defaultApplied(): Record<string, string> {
  const files = tree();
  edit(files, 'Dockerfile', ['NGINX_VERSION=1.25.3', 'NGINX_VERSION=1.25.4'], ['web:1.0.0', 'web:1.0.1']);
  edit(files, 'deploy/compose.yaml', ['api:2.3.1"', 'api:2.3.2"'], ['nginx:1.25.3', 'nginx:1.25.4']);
  edit(files, 'k8s/app.yaml', ['busybox:1.36.0', 'busybox:1.37.0'], ['web:1.0.0', 'web:1.0.1']);
  edit(files, 'charts/worker/values.yaml', ['"3.1"', '"3.2"']);
  edit(
    files,
    'overlays/prod/kustomization.yaml',
    ['newTag: 1.0\r', 'newTag: 1.1\r'],
    ["'1.0.0'", "'1.0.1'"],
    [d('team/pinned', '1.0.0'), d('team/pinned', '1.0.1')],
  );
  return files;
}

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

function testEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // No GIT_DIR & co. from a hook that runs these tests, no user docker or git config.
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('GIT_') && !k.startsWith('DOCKER_')) env[k] = v;
  return { ...env, ...GIT_ENV, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), NO_COLOR: '1' };
}

let counter = 0;

/** A temp work tree holding `files`, committed on `main`, with an empty shipshape.yaml outside it. */
function makeTree(
  files: Record<string, string>,
  config = '',
): { root: string; env: NodeJS.ProcessEnv; config: string } {
  const base = join(scratch, `t${++counter}`);
  const root = join(base, 'repo');
  const home = join(base, 'home');
  mkdirSync(home, { recursive: true });
  writeFileSync(join(base, 'shipshape.yaml'), config);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const env = testEnv(home);
  git(root, env, 'init', '-q', '-b', 'main');
  git(root, env, 'add', '-A');
  git(root, env, 'commit', '-q', '-m', 'initial');
  return { root, env, config: join(base, 'shipshape.yaml') };
}

function git(cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8' });
}

/** Every file under `root` except .git, as latin1 so that the comparison is byte for byte. */
function readTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === '.git') continue;
      const abs = join(dir, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else out[relative(root, abs).split(sep).join('/')] = readFileSync(abs, 'latin1');
    }
  };
  walk(root);
  return out;
}

const bytes = (files: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(files).map(([k, v]) => [k, Buffer.from(v, 'utf8').toString('latin1')]));

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function cli(
  t: { root: string; env: NodeJS.ProcessEnv; config: string },
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli({
    argv: ['--config', t.config, 'apply', '--no-store', ...args],
    env: t.env,
    cwd: t.root,
    stdout,
    stderr: stderr as unknown as NodeJS.WriteStream,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

interface JsonReport {
  applied: { file: string; line: number; image: string; from: unknown; to: unknown; type: string }[];
  skipped: { file: string; line: number; image: string; reason: string; failed: boolean }[];
  files: string[];
  branch: string | null;
  commits: string[];
  dryRun: boolean;
  diff?: string;
}

// ---------------------------------------------------------------------------------------------

describe('shipshape apply', () => {
  it('writes the most conservative update everywhere, byte for byte, and reports what it skipped', async () => {
    const t = makeTree(tree());
    const r = await cli(t, '--format', 'json');
    expect(r.stderr).toBe('');
    // The compose service whose tag comes from .env wants an update that cannot be written here.
    expect(r.code).toBe(3);
    expect(readTree(t.root)).toEqual(bytes(defaultApplied()));

    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.applied.map((a) => `${a.file}:${a.line} ${a.type} ${JSON.stringify(a.to)}`)).toEqual([
      'Dockerfile:4 patch {"tag":"1.25.4","digest":null}',
      'Dockerfile:7 patch {"tag":"1.0.1","digest":null}',
      'charts/worker/values.yaml:4 minor {"tag":"3.2","digest":null}',
      'deploy/compose.yaml:3 patch {"tag":"2.3.2","digest":null}',
      'deploy/compose.yaml:7 patch {"tag":"1.25.4","digest":null}',
      'k8s/app.yaml:11 minor {"tag":"1.37.0","digest":null}',
      'k8s/app.yaml:14 patch {"tag":"1.0.1","digest":null}',
      'overlays/prod/kustomization.yaml:5 minor {"tag":"1.1","digest":null}',
      `overlays/prod/kustomization.yaml:7 patch {"tag":"1.0.1","digest":"${d('team/pinned', '1.0.1')}"}`,
    ]);
    expect(report.applied[8]!.from).toEqual({ tag: '1.0.0', digest: d('team/pinned', '1.0.0') });
    expect(report.applied[0]!.image).toBe(`${H}/library/nginx:1.25.3`);
    expect(report.skipped).toEqual([
      {
        file: 'deploy/compose.yaml',
        line: 5,
        image: `${H}/team/api:2.3.1`,
        reason: 'cannot be rewritten here: the tag comes from API_TAG in deploy/.env',
        failed: true,
      },
      expect.objectContaining({
        file: 'k8s/app.yaml',
        line: 21,
        image: `${H}/team/edge:latest`,
        failed: false,
      }),
    ]);
    expect(report.skipped[1]!.reason).toContain('is not a version');
    expect(report.files).toEqual([
      'Dockerfile',
      'charts/worker/values.yaml',
      'deploy/compose.yaml',
      'k8s/app.yaml',
      'overlays/prod/kustomization.yaml',
    ]);
    expect(report).toMatchObject({ schemaVersion: 1, dryRun: false, branch: null, commits: [] });
    expect(git(t.root, t.env, 'branch', '--show-current').trim()).toBe('main');
  });

  it('--dry-run prints a unified diff and writes nothing', async () => {
    const t = makeTree(tree());
    const r = await cli(t, '--dry-run', '--only', '*/team/*', '--only', `${H}/acme/web`);
    expect(r.code).toBe(3); // the .env-driven worker is still selected
    expect(readTree(t.root)).toEqual(bytes(tree()));
    const pinned0 = d('team/pinned', '1.0.0');
    const pinned1 = d('team/pinned', '1.0.1');
    expect(r.stdout).toBe(
      [
        '--- a/Dockerfile',
        '+++ b/Dockerfile',
        '@@ -4,4 +4,4 @@',
        ` FROM ${H}/library/nginx:\${NGINX_VERSION} AS web\r`,
        ' COPY site /usr/share/nginx/html\r',
        ' \r',
        `-FROM  ${H}/acme/web:1.0.0\r`,
        `+FROM  ${H}/acme/web:1.0.1\r`,
        '--- a/charts/worker/values.yaml',
        '+++ b/charts/worker/values.yaml',
        '@@ -1,5 +1,5 @@',
        ' image:',
        `   registry: ${H}`,
        '   repository: team/worker',
        '-  tag: "3.1"   # worker',
        '+  tag: "3.2"   # worker',
        '   digest: ""',
        '--- a/deploy/compose.yaml',
        '+++ b/deploy/compose.yaml',
        '@@ -1,6 +1,6 @@',
        ' services:',
        '   api:',
        `-    image: "${H}/team/api:2.3.1"   # the API`,
        `+    image: "${H}/team/api:2.3.2"   # the API`,
        '   worker:',
        `     image: ${H}/team/api:\${API_TAG}`,
        '   proxy:',
        '--- a/k8s/app.yaml',
        '+++ b/k8s/app.yaml',
        '@@ -11,7 +11,7 @@',
        `           image: ${H}/tools/busybox:1.36.0 # init`,
        '       containers:',
        '         - name: app',
        `-          image: "${H}/acme/web:1.0.0"`,
        `+          image: "${H}/acme/web:1.0.1"`,
        ' ---',
        ' apiVersion: v1',
        ' kind: Pod',
        '--- a/overlays/prod/kustomization.yaml',
        '+++ b/overlays/prod/kustomization.yaml',
        '@@ -2,7 +2,7 @@',
        ' kind: Kustomization\r',
        ' images:\r',
        `   - name: ${H}/team/kz\r`,
        '-    newTag: 1.0\r',
        '+    newTag: 1.1\r',
        `   - name: ${H}/team/pinned\r`,
        "-    newTag: '1.0.0'\r",
        `-    digest: ${pinned0}\r`,
        "+    newTag: '1.0.1'\r",
        `+    digest: ${pinned1}\r`,
        '',
      ].join('\n'),
    );
    expect(r.stderr).toContain('Would apply 6 updates to 5 files:');
    expect(r.stderr).toContain('the tag comes from API_TAG in deploy/.env');
  });

  it('--dry-run --format json carries the diff in the report', async () => {
    const t = makeTree(tree());
    const r = await cli(t, '--dry-run', '--format', 'json', '--only', '*/tools/busybox');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report).toMatchObject({ dryRun: true, files: ['k8s/app.yaml'], skipped: [] });
    expect(report.diff).toContain(`+          image: ${H}/tools/busybox:1.37.0 # init\n`);
    expect(readTree(t.root)).toEqual(bytes(tree()));
  });

  it('--type patch applies only patch updates; the others are listed', async () => {
    const t = makeTree(tree());
    const r = await cli(
      t,
      '--type',
      'patch',
      '--format',
      'json',
      '--only',
      '*/tools/*',
      '--only',
      '*/team/kz',
    );
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.applied).toEqual([]);
    expect(report.skipped.map((s) => `${s.file}:${s.line} ${s.reason}`)).toEqual([
      'k8s/app.yaml:11 no patch update (available: minor 1.37.0)',
      'overlays/prod/kustomization.yaml:5 no patch update (available: minor 1.1, major 2.0)',
    ]);
    expect(readTree(t.root)).toEqual(bytes(tree()));

    const minor = await cli(t, '--type', 'minor,major', '--only', `${H}/team/kz`);
    expect(minor.code).toBe(0);
    const expected = tree();
    edit(expected, 'overlays/prod/kustomization.yaml', ['newTag: 1.0\r', 'newTag: 1.1\r']);
    expect(readTree(t.root)).toEqual(bytes(expected));
    expect(minor.stdout).toBe(
      `Applied 1 update to 1 file:\n  overlays/prod/kustomization.yaml:5  ${H}/team/kz 1.0 → 1.1 (minor)\n`,
    );
  });

  it('--pin-digests writes the digests the registry serves, and says where a digest has no place', async () => {
    const t = makeTree(tree());
    const r = await cli(t, '--pin-digests', '--format', 'json');
    expect(r.code).toBe(3);
    const expected = tree();
    edit(
      expected,
      'deploy/compose.yaml',
      ['api:2.3.1"', `api:2.3.2@${d('team/api', '2.3.2')}"`],
      ['nginx:1.25.3', `nginx:1.25.4@${d('library/nginx', '1.25.4')}`],
    );
    edit(expected, 'Dockerfile', ['web:1.0.0', `web:1.0.1@${d('acme/web', '1.0.1')}`]);
    edit(
      expected,
      'k8s/app.yaml',
      ['busybox:1.36.0', `busybox:1.37.0@${d('tools/busybox', '1.37.0')}`],
      ['web:1.0.0', `web:1.0.1@${d('acme/web', '1.0.1')}`],
      ['edge:latest', `edge:latest@${d('team/edge', 'latest')}`],
    );
    edit(
      expected,
      'charts/worker/values.yaml',
      ['"3.1"', '"3.2"'],
      ['digest: ""', `digest: "${d('team/worker', '3.2')}"`],
    );
    edit(
      expected,
      'overlays/prod/kustomization.yaml',
      ["'1.0.0'", "'1.0.1'"],
      [d('team/pinned', '1.0.0'), d('team/pinned', '1.0.1')],
    );
    expect(readTree(t.root)).toEqual(bytes(expected));
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.applied.find((a) => a.image.endsWith('edge:latest'))).toMatchObject({
      type: 'pin',
      from: { tag: 'latest', digest: null },
      to: { tag: 'latest', digest: d('team/edge', 'latest') },
    });
    expect(report.skipped.map((s) => `${s.file}:${s.line} ${s.failed}`)).toEqual([
      'Dockerfile:4 true',
      'deploy/compose.yaml:5 true',
      'overlays/prod/kustomization.yaml:5 true',
    ]);
    expect(report.skipped[0]!.reason).toContain('has no place for a digest');
  });

  it('--branch commits each update on a new branch with its message, and leaves you on it', async () => {
    const t = makeTree(tree());
    const r = await cli(t, '--branch', 'deps/update', '--format', 'json');
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(git(t.root, t.env, 'branch', '--show-current').trim()).toBe('deps/update');
    expect(readTree(t.root)).toEqual(bytes(defaultApplied()));
    expect(git(t.root, t.env, 'status', '--porcelain')).toBe('');
    const log = git(t.root, t.env, 'log', '--reverse', '--format=%H %s', 'main..deps/update')
      .trim()
      .split('\n');
    expect(log.map((l) => l.slice(41))).toEqual([
      `chore(deps): update ${H}/library/nginx to 1.25.4`,
      `chore(deps): update ${H}/acme/web to 1.0.1`,
      `chore(deps): update ${H}/team/worker to 3.2`,
      `chore(deps): update ${H}/team/api to 2.3.2`,
      `chore(deps): update ${H}/tools/busybox to 1.37.0`,
      `chore(deps): update ${H}/team/kz to 1.1`,
      `chore(deps): update ${H}/team/pinned to 1.0.1`,
    ]);
    expect(report.commits).toEqual(log.map((l) => l.slice(0, 40)));
    expect(report.branch).toBe('deps/update');
    const changed = (sha: string): string =>
      git(t.root, t.env, 'show', '--name-only', '--format=', sha).trim();
    expect(changed(report.commits[0]!)).toBe('Dockerfile\ndeploy/compose.yaml');
    expect(changed(report.commits[1]!)).toBe('Dockerfile\nk8s/app.yaml');
    // Each commit holds only its own update: the first one's Dockerfile still has the old web tag.
    expect(git(t.root, t.env, 'show', `${report.commits[0]!}:Dockerfile`)).toContain('web:1.0.0');
    expect(git(t.root, t.env, 'show', `${report.commits[0]!}:Dockerfile`)).toContain('NGINX_VERSION=1.25.4');
    // main is untouched.
    expect(git(t.root, t.env, 'show', 'main:Dockerfile')).toBe(tree()['Dockerfile']);
  });

  it('--branch from a subdirectory: paths in the report are relative to it, git paths to the root', async () => {
    const t = makeTree(tree());
    const r = await cli({ ...t, root: join(t.root, 'k8s') }, '.', '--branch', 'sub', '--format', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.files).toEqual(['app.yaml']);
    expect(report.applied.map((a) => `${a.file}:${a.line}`)).toEqual(['app.yaml:11', 'app.yaml:14']);
    expect(report.commits).toHaveLength(2);
    expect(git(t.root, t.env, 'show', '--name-only', '--format=', report.commits[1]!).trim()).toBe(
      'k8s/app.yaml',
    );
    expect(readTree(t.root)['k8s/app.yaml']).toBe(bytes(defaultApplied())['k8s/app.yaml']);
  });

  it('--branch makes one commit per policy group', async () => {
    const config = ['policy:', '  rules:', "    - matchImages: ['**/team/*']", '      group: team', ''].join(
      '\n',
    );
    const t = makeTree(tree(), config);
    const r = await cli(t, '--branch', 'grouped', '--only', '*/team/*');
    expect(r.code).toBe(3);
    const log = git(t.root, t.env, 'log', '--reverse', '--format=%s', 'main..grouped').trim().split('\n');
    expect(log).toEqual(['chore(deps): update team group']);
    expect(r.stdout).toContain('On new branch grouped with 1 commit (not pushed):');
  });

  it('--branch refuses files with uncommitted changes, an existing branch and a tree outside git', async () => {
    const t = makeTree(tree());
    const dirty = { ...tree(), 'k8s/app.yaml': `${tree()['k8s/app.yaml']!}\n# local edit\n` };
    writeFileSync(join(t.root, 'k8s/app.yaml'), dirty['k8s/app.yaml']);
    const r = await cli(t, '--branch', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'error: [apply] --branch: k8s/app.yaml has changes that are not committed; commit or stash them first\n',
    );
    expect(readTree(t.root)).toEqual(bytes(dirty));
    expect(git(t.root, t.env, 'branch', '--list').trim()).toBe('* main');

    git(t.root, t.env, 'checkout', '-q', '--', 'k8s/app.yaml');
    git(t.root, t.env, 'branch', 'taken');
    const taken = await cli(t, '--branch', 'taken');
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('branch "taken" already exists');
    expect(readTree(t.root)).toEqual(bytes(tree()));

    const bad = await cli(t, '--branch', 'a..b');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"a..b" is not a valid branch name');

    rmSync(join(t.root, '.git'), { recursive: true });
    const outside = await cli(t, '--branch', 'x');
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('--branch needs a git work tree');
  });

  it('a file changed between scan and write is an error naming it, and nothing is written', async () => {
    const t = makeTree(tree());
    const logger = stderrLogger('silent');
    const ctx = await createContext({
      paths: ['.'],
      configPath: t.config,
      env: t.env,
      cwd: t.root,
      logger,
      noStore: true,
    });
    const compose = join(t.root, 'deploy/compose.yaml');
    let changed = false;
    const run = runApply(
      {
        registry: ctx.registry,
        store: ctx.store,
        clock: ctx.clock,
        logger,
        // Called after each registry answer: between the scan and the write.
        progress: () => {
          if (changed) return;
          changed = true;
          writeFileSync(compose, `# edited meanwhile\n${tree()['deploy/compose.yaml']!}`);
        },
        files: localTextFiles,
        git: new GitCli({ env: t.env }),
      },
      {
        sources: ctx.fileSources(['.']),
        policy: ctx.config.policy,
        platform: ctx.config.platform,
        cacheTtlMs: ctx.config.cacheTtlMs,
        refresh: false,
        concurrency: 4,
        selection: { types: null, only: [], pinDigests: false },
        dryRun: false,
        branch: null,
        cwd: t.root,
      },
    );
    await expect(run).rejects.toThrow(
      /^\[apply\] deploy\/compose\.yaml: span \d+-\d+ holds .* the file changed since it was scanned; nothing was written$/,
    );
    await ctx.close();
    const expected = tree();
    expected['deploy/compose.yaml'] = `# edited meanwhile\n${expected['deploy/compose.yaml']!}`;
    expect(readTree(t.root)).toEqual(bytes(expected));
  });

  it('exits 0 with nothing to apply, and 2 for a bad --type', async () => {
    const t = makeTree({
      'k8s/app.yaml': `kind: Pod\napiVersion: v1\nspec:\n  containers: [{ image: ${H}/team/worker:3.2 }]\n`,
    });
    const r = await cli(t);
    expect(r).toEqual({ code: 0, stdout: 'Nothing to apply.\n', stderr: '' });
    const bad = await cli(t, '--type', 'patch,huge');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--type takes patch, minor, major, digest, pin (got "huge")');
  });

  it('keeps the file mode and leaves no temp file behind', async () => {
    const t = makeTree({ 'compose.yaml': `services:\n  a:\n    image: ${H}/team/worker:3.1\n` });
    execFileSync('chmod', ['0640', join(t.root, 'compose.yaml')]);
    const r = await cli(t);
    expect(r.code).toBe(0);
    expect(statSync(join(t.root, 'compose.yaml')).mode & 0o777).toBe(0o640);
    expect(readTree(t.root)).toEqual({
      'compose.yaml': `services:\n  a:\n    image: ${H}/team/worker:3.2\n`,
    });
  });
});
