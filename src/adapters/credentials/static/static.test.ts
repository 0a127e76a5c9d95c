import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { runCredentialSourceContract } from '../../../../test/contracts/credential-source.contract.js';
import { isShipshapeError } from '../../../core/errors.js';
import { tempDirs } from '../testing/files.js';
import { StaticCredentialSource, type StaticCredentialConfig } from './static.js';

const SECRET = 'static-s3cret:value';
const contractDirs = tempDirs('static-contract');

runCredentialSourceContract('static (literal)', async () => ({
  source: new StaticCredentialSource({ 'ghcr.io': { username: 'octo', password: SECRET } }, { env: {} }),
  known: { registry: 'ghcr.io', credential: { username: 'octo', password: SECRET } },
  cleanup: async () => undefined,
}));

runCredentialSourceContract('static (env and file)', async () => {
  const dir = await contractDirs.create();
  await writeFile(join(dir, 'token'), `${SECRET}\n`);
  return {
    source: new StaticCredentialSource(
      { 'localhost:5000': { username: 'ci', passwordEnv: 'REG_PASSWORD', tokenFile: 'token' } },
      { env: { REG_PASSWORD: 'env-password' }, baseDir: dir },
    ),
    known: {
      registry: 'localhost:5000',
      credential: { username: 'ci', password: 'env-password', registryToken: SECRET },
    },
    cleanup: contractDirs.cleanup,
  };
});

describe('StaticCredentialSource', () => {
  const temp = tempDirs('static');
  const tempDir = temp.create;
  afterEach(temp.cleanup);

  it('reads passwordEnv and tokenEnv when asked, not when constructed', async () => {
    const env: NodeJS.ProcessEnv = {};
    const source = new StaticCredentialSource(
      {
        'ghcr.io': { username: 'octo', passwordEnv: 'GHCR_PAT' },
        'bearer.example.com': { tokenEnv: 'BEARER' },
      },
      { env },
    );
    env.GHCR_PAT = 'pat-value';
    env.BEARER = 'bearer-value';
    expect(await source.get('ghcr.io')).toMatchObject({ username: 'octo', password: 'pat-value' });
    const bearer = await source.get('bearer.example.com');
    expect(bearer?.registryToken).toBe('bearer-value');
    expect(bearer?.password).toBeUndefined();
  });

  it('reads passwordFile relative to baseDir, dropping one trailing newline', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'pw'), 'from-file\r\n');
    const source = new StaticCredentialSource(
      { 'ghcr.io': { username: 'octo', passwordFile: 'pw' } },
      { baseDir: dir },
    );
    expect((await source.get('ghcr.io'))?.password).toBe('from-file');
  });

  it('ignores fields other consumers of the registries section own', async () => {
    const config = { 'ghcr.io': { token: 'tok', insecure: false, concurrency: 4 } } as StaticCredentialConfig;
    expect((await new StaticCredentialSource(config, { env: {} }).get('ghcr.io'))?.registryToken).toBe('tok');
  });

  it('matches Docker Hub aliases and URL forms of the key', async () => {
    const source = new StaticCredentialSource(
      { 'index.docker.io': { username: 'hub', password: 'pw' } },
      { env: {} },
    );
    expect((await source.get('docker.io'))?.username).toBe('hub');
    expect((await source.get('registry-1.docker.io'))?.username).toBe('hub');
    await expect(source.get('ghcr.io')).resolves.toBeNull();
  });

  it('names the host and the variable, never a value, when an env var is missing — and only for that host', async () => {
    const source = new StaticCredentialSource(
      {
        'ghcr.io': { username: 'octo', passwordEnv: 'GHCR_PAT' },
        'quay.io': { username: 'robot', password: SECRET },
      },
      { env: {} },
    );
    const error = await source.get('ghcr.io').catch((e: unknown) => e);
    expect(isShipshapeError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(/^\[credentials:static\] credentials for "ghcr.io": .*GHCR_PAT/);
    expect((await source.get('quay.io'))?.password).toBe(SECRET);
  });

  it('names the host and the file when a secret file is missing or empty', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'empty'), '\n');
    const source = new StaticCredentialSource(
      { 'ghcr.io': { tokenFile: 'missing' }, 'quay.io': { tokenFile: 'empty' } },
      { baseDir: dir, env: {} },
    );
    const missing = await source.get('ghcr.io').catch((e: unknown) => e);
    expect(isShipshapeError(missing, 'CONFIG_INVALID')).toBe(true);
    expect((missing as Error).message).toContain('"ghcr.io"');
    expect((missing as Error).message).toContain(join(dir, 'missing'));
    const empty = await source.get('quay.io').catch((e: unknown) => e);
    expect((empty as Error).message).toContain(`${join(dir, 'empty')} (tokenFile) is empty`);
  });

  it.each<[string, StaticCredentialConfig, string]>([
    [
      'two password sources',
      { 'ghcr.io': { username: 'u', password: SECRET, passwordEnv: 'X' } },
      'only one of password',
    ],
    ['a password without username', { 'ghcr.io': { password: SECRET } }, 'needs a username'],
    ['a username alone', { 'ghcr.io': { username: 'u' } }, 'set a password'],
    ['a repository path as key', { 'ghcr.io/org': { token: SECRET } }, 'registry host'],
    [
      'two keys for one registry',
      { 'docker.io': { token: SECRET }, 'index.docker.io': { token: SECRET } },
      'same registry',
    ],
    [
      'a non-string secret field',
      { 'ghcr.io': { username: 'u', password: 12345678 } } as never,
      'password must be a non-empty string',
    ],
  ])('rejects %s when constructed, without echoing secrets', (_what, config, expected) => {
    let error: unknown;
    try {
      new StaticCredentialSource(config, { env: {} });
    } catch (e) {
      error = e;
    }
    expect(isShipshapeError(error, 'CONFIG_INVALID')).toBe(true);
    expect((error as Error).message).toContain(expected);
    expect(inspect(error)).not.toContain(SECRET);
  });
});
