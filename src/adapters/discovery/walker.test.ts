import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scanFiles, scanTree } from './walker.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function tree(files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'shipshape-walker-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

const POD = (image: string) => `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: ${image}\n`;

const FILES: Record<string, string> = {
  Dockerfile: 'FROM nginx:1.21\n',
  '.gitignore': '# root rules\nignored/\n*.tmp.yaml\n/build\n',
  'ignored/Dockerfile': 'FROM no:1\n',
  'build/compose.yaml': 'services: { a: { image: no:2 } }\n',
  'sub/build/compose.yaml': 'services: { a: { image: yes:3 } }\n',
  'node_modules/x/Dockerfile': 'FROM no:4\n',
  'vendor/Dockerfile': 'FROM no:5\n',
  'third_party/Dockerfile': 'FROM no:6\n',
  '.venv/Dockerfile': 'FROM no:7\n',
  'deploy/.gitignore': '.env\n!keep.tmp.yaml\n',
  'deploy/.env': 'TAG=6.2\n',
  'deploy/compose.yaml': 'services:\n  r:\n    image: redis:${TAG}\n',
  'deploy/keep.tmp.yaml': POD('kept:1'),
  'deploy/x.tmp.yaml': POD('no:8'),
  'charts/web/Chart.yaml': 'name: web\nappVersion: 2.0.0\n',
  'charts/web/values.yaml': 'image:\n  repository: acme/web\n',
  'k8s/config.yaml': 'apiVersion: v1\nkind: ConfigMap\n',
  'k8s/broken.yaml': 'apiVersion: v1\nkind: Pod\nspec: [\n',
  'README.md': '# FROM no:9\n',
};

describe('scanTree', () => {
  it('walks in sorted order, honours .gitignore and skipped dirs, passes siblings', async () => {
    const root = await tree(FILES);
    const result = await scanTree(root);
    expect(
      result.references.map((r) => `${r.file} ${r.image}${r.readOnlyReason ? ' (read-only)' : ''}`),
    ).toEqual([
      'Dockerfile nginx:1.21',
      'charts/web/values.yaml acme/web:2.0.0 (read-only)',
      'deploy/compose.yaml redis:6.2 (read-only)',
      'deploy/keep.tmp.yaml kept:1',
      'sub/build/compose.yaml yes:3',
    ]);
    expect(result.problems.map((p) => `${p.file}:${p.line}:${p.column}`)).toEqual(['k8s/broken.yaml:4:1']);
    // Every *.yaml (Chart.yaml too) is read to check its content; README.md and ignored files are not.
    expect(result.filesScanned).toBe(8);
  });

  it('applies include and exclude globs', async () => {
    const root = await tree(FILES);
    const included = await scanTree(root, { include: ['deploy/', '**/Dockerfile'] });
    expect(included.references.map((r) => r.file)).toEqual([
      'Dockerfile',
      'deploy/compose.yaml',
      'deploy/keep.tmp.yaml',
    ]);
    const excluded = await scanTree(root, { exclude: ['deploy', '*.yaml'] });
    expect(excluded.references.map((r) => r.file)).toEqual(['Dockerfile']);
  });

  it('reads .git/info/exclude, follows file symlinks, not directory symlinks', async () => {
    const root = await tree({
      'a/Dockerfile': 'FROM a:1\n',
      'b/Dockerfile': 'FROM b:1\n',
      '.git/info/exclude': 'b/\n',
    });
    await symlink(join(root, 'a', 'Dockerfile'), join(root, 'Containerfile'));
    await symlink(join(root, 'a'), join(root, 'loop'));
    const result = await scanTree(root);
    expect(result.references.map((r) => `${r.file} ${r.image}`)).toEqual([
      'Containerfile a:1',
      'a/Dockerfile a:1',
    ]);
  });

  it('is deterministic and fast on 10k files', async () => {
    const files: Record<string, string> = {};
    for (let d = 0; d < 100; d++) {
      for (let f = 0; f < 98; f++) files[`pkg${d}/src/file${f}.ts`] = 'export {};\n';
      files[`pkg${d}/Dockerfile`] = `FROM node:${d}\n`;
      files[`pkg${d}/deploy.yaml`] = POD(`app${d}:1`);
    }
    const root = await tree(files);
    const before = process.cpuUsage();
    const first = await scanTree(root);
    const cpu = process.cpuUsage(before);
    expect(first.references).toHaveLength(200);
    expect(first.filesScanned).toBe(200);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(1500);
    const second = await scanTree(root);
    expect(second).toEqual(first);
    expect(first.references.slice(0, 3).map((r) => r.file)).toEqual([
      'pkg0/Dockerfile',
      'pkg0/deploy.yaml',
      'pkg1/Dockerfile',
    ]);
  }, 30_000);
});

describe('scanFiles', () => {
  it('scans named files (even ignored ones), walks named directories, reports missing paths', async () => {
    const root = await tree(FILES);
    const result = await scanFiles(root, [
      'ignored/Dockerfile',
      './deploy',
      'README.md',
      'nope/Dockerfile',
      '../x',
    ]);
    expect(result.references.map((r) => `${r.file} ${r.image}`)).toEqual([
      'deploy/compose.yaml redis:6.2',
      'deploy/keep.tmp.yaml kept:1',
      'ignored/Dockerfile no:1',
    ]);
    expect(result.problems.map((p) => `${p.file}: ${p.message}`)).toEqual([
      '../x: [discovery] path is outside the scanned root',
      'nope/Dockerfile: [discovery] no such file or directory',
    ]);
  });
});
