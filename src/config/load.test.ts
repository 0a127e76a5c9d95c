import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StaticCredentialSource } from '../adapters/credentials/index.js';
import { isShipshapeError } from '../core/errors.js';
import { ConfigError } from './errors.js';
import { configJsonSchemaText, JSON_SCHEMA_PATH } from './json-schema.js';
import { currentPlatform, loadConfig } from './load.js';

let root: string;
beforeEach(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'shipshape-config-')));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function put(relative: string, text: string): Promise<string> {
  const path = join(root, relative);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
  return path;
}

describe('loadConfig: finding the file', () => {
  it('searches upward from the scanned path and resolves paths against the file', async () => {
    const file = await put(
      'repo/shipshape.yaml',
      'store: { path: state/s.db }\npolicy: { pinDigests: true }\n',
    );
    await mkdir(join(root, 'repo/svc/api'), { recursive: true });
    const loaded = await loadConfig({ searchFrom: join(root, 'repo/svc/api'), env: {}, cwd: root });
    expect(loaded.file).toBe(file);
    expect(loaded.config.storePath).toBe(join(root, 'repo/state/s.db'));
    expect(loaded.config.policy.defaults.pinDigests).toBe(true);
    expect(loaded.warnings).toEqual([]);
  });

  it('starts from the directory of a scanned file', async () => {
    const file = await put('repo/shipshape.yml', 'policy: { group: all }\n');
    const dockerfile = await put('repo/svc/Dockerfile', 'FROM nginx\n');
    const loaded = await loadConfig({ searchFrom: dockerfile, env: {}, cwd: root });
    expect(loaded.file).toBe(file);
    expect(loaded.config.policy.defaults.group).toBe('all');
  });

  it('takes the nearest file, and .yaml over .yml with a warning', async () => {
    await put('shipshape.yaml', 'policy: { group: outer }\n');
    const inner = await put('a/shipshape.yaml', 'policy: { group: inner }\n');
    await put('a/shipshape.yml', 'policy: { group: yml }\n');
    await mkdir(join(root, 'a/b'));
    const loaded = await loadConfig({ searchFrom: 'a/b', env: {}, cwd: root });
    expect(loaded.file).toBe(inner);
    expect(loaded.config.policy.defaults.group).toBe('inner');
    expect(loaded.warnings).toEqual(['a/shipshape.yml is ignored: a/shipshape.yaml is used']);
  });

  it('zero config: defaults, store next to the scanned directory', async () => {
    await mkdir(join(root, 'repo'));
    const loaded = await loadConfig({ searchFrom: join(root, 'repo'), env: {}, cwd: root });
    // Nothing above the temp dir is expected to hold a shipshape.yaml.
    expect(loaded.file).toBeNull();
    expect(loaded.config.storePath).toBe(join(root, 'repo/.shipshape/state.db'));
    expect(loaded.config.platform).toEqual(currentPlatform());
    expect(loaded.config.policy.rules).toEqual([]);
  });

  it('uses --config as given, relative to cwd, without searching', async () => {
    await put('repo/shipshape.yaml', 'policy: { group: found }\n');
    const file = await put('conf/custom.yaml', 'policy: { group: explicit }\n');
    const loaded = await loadConfig({ path: 'conf/custom.yaml', searchFrom: 'repo', env: {}, cwd: root });
    expect(loaded.file).toBe(file);
    expect(loaded.config.policy.defaults.group).toBe('explicit');
  });

  it('a missing --config file is CONFIG_INVALID', async () => {
    await expect(loadConfig({ path: 'nope.yaml', searchFrom: '.', env: {}, cwd: root })).rejects.toThrow(
      '[config] config file not found: nope.yaml',
    );
  });
});

describe('loadConfig: errors and secrets', () => {
  it('names the file relative to cwd, with line and column', async () => {
    await put(
      'repo/shipshape.yaml',
      'policy:\n  rules:\n    - matchImages: [postgres]\n      updateTypes: [mjaor]\n',
    );
    const error = await loadConfig({ searchFrom: 'repo', env: {}, cwd: root }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect(isShipshapeError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toBe(
      '[config] repo/shipshape.yaml:4:21: policy.rules[0].updateTypes[0]: invalid value "mjaor"; expected one of patch, minor, major, digest, pin',
    );
  });

  it('names the file absolutely when it is outside cwd', async () => {
    const file = await put('shipshape.yaml', 'colour: blue\n');
    await mkdir(join(root, 'elsewhere'));
    await expect(loadConfig({ searchFrom: root, env: {}, cwd: join(root, 'elsewhere') })).rejects.toThrow(
      `[config] ${file}:1:1: colour: unknown key "colour"`,
    );
  });

  it('never echoes env or file credentials in errors', async () => {
    await put('repo/secrets/pw', 'file-secret-0xcafe\n');
    await put(
      'repo/shipshape.yaml',
      [
        'registries:',
        '  a.example: { username: u, passwordFile: secrets/pw }',
        '  b.example: { username: u, passwordEnv: B_PW }',
        'policy: { minimumReleaseAge: soon }',
      ].join('\n'),
    );
    const error = await loadConfig({
      searchFrom: 'repo',
      env: { B_PW: 'env-secret-0xbeef' },
      cwd: root,
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^\[config\] repo\/shipshape\.yaml:4:30: policy\.minimumReleaseAge: /,
    );
    expect(JSON.stringify(error)).not.toMatch(/0xcafe|0xbeef/);
    expect(String((error as Error).stack)).not.toMatch(/0xcafe|0xbeef/);
  });
});

describe('loadConfig: credentials', () => {
  it('resolves secret files against the config file and feeds the static credential source', async () => {
    await put('repo/secrets/pw', 'file-secret-0xcafe\n');
    await put(
      'repo/shipshape.yaml',
      [
        'registries:',
        '  a.example: { username: u, passwordFile: secrets/pw }',
        '  b.example: { username: u, passwordEnv: B_PW }',
        '  c.example: { insecure: true }',
      ].join('\n'),
    );
    const env = { B_PW: 'env-secret-0xbeef' };
    const { config, warnings } = await loadConfig({ searchFrom: join(root, 'repo'), env, cwd: '/' });
    expect(warnings).toEqual([]);
    expect({ ...config.credentials['a.example'] }).toEqual({
      username: 'u',
      passwordFile: join(root, 'repo/secrets/pw'),
    });
    expect(Object.keys(config.credentials)).toEqual(['a.example', 'b.example']);

    const source = new StaticCredentialSource(config.credentials, { env });
    expect(await source.get('a.example')).toMatchObject({ username: 'u', password: 'file-secret-0xcafe' });
    expect(await source.get('b.example')).toMatchObject({ username: 'u', password: 'env-secret-0xbeef' });
    expect(await source.get('c.example')).toBeNull();
  });

  it('warns early about secrets that will not be found', async () => {
    await put(
      'shipshape.yaml',
      'registries:\n  a.example: { username: u, passwordFile: missing }\n  b.example: { tokenEnv: NOPE }\n',
    );
    const { warnings } = await loadConfig({ searchFrom: root, env: {}, cwd: root });
    expect(warnings).toEqual([
      'shipshape.yaml:2:43: registries["a.example"].passwordFile: cannot read the file (ENOENT)',
      'shipshape.yaml:3:26: registries["b.example"].tokenEnv: environment variable NOPE is not set',
    ]);
  });
});

describe('docs/shipshape.schema.json', () => {
  it('is up to date (regenerate: node --import tsx scripts/gen-schema.ts)', async () => {
    const path = fileURLToPath(new URL(`../../${JSON_SCHEMA_PATH}`, import.meta.url));
    const published = await readFile(path, 'utf8');
    const expected = await format(configJsonSchemaText(), { ...(await resolveConfig(path)), filepath: path });
    expect(published).toBe(expected);
  });

  it('accepts the documented keys and refuses unknown ones', () => {
    const schema = JSON.parse(configJsonSchemaText()) as {
      additionalProperties: boolean;
      properties: Record<string, unknown>;
    };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual([
      'platform',
      'registries',
      'discovery',
      'policy',
      'docker',
      'cache',
      'store',
      'scan',
    ]);
  });
});
