import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { runCredentialSourceContract } from '../../../../test/contracts/credential-source.contract.js';
import { isShipshapeError } from '../../../core/errors.js';
import { fakeHelperBin } from '../testing/fake-helper.js';
import { b64, tempDirs, writeJson } from '../testing/files.js';
import { AuthFileCredentialSource } from './auth-file.js';

const SECRET = 'podman:pass:word';
const contractDirs = tempDirs('auth-file-contract');

const user = (name: string) => ({ auth: b64(`${name}:pw`) });

runCredentialSourceContract('auth-file', async () => {
  const root = await contractDirs.create();
  await writeJson(join(root, 'home', '.config', 'containers', 'auth.json'), {
    auths: { 'quay.io': { auth: b64(`robot:${SECRET}`) } },
  });
  return {
    source: new AuthFileCredentialSource({ env: {}, homeDir: join(root, 'home') }),
    known: { registry: 'quay.io', credential: { username: 'robot', password: SECRET } },
    cleanup: contractDirs.cleanup,
  };
});

describe('AuthFileCredentialSource', () => {
  const temp = tempDirs('auth-file');
  const root = temp.create;
  afterEach(temp.cleanup);

  describe('which files', () => {
    it('searches $XDG_RUNTIME_DIR, then ~/.config; the first file with the host wins', async () => {
      const dir = await root();
      const home = join(dir, 'home');
      await writeJson(join(dir, 'run', 'containers', 'auth.json'), { auths: { 'quay.io': user('runtime') } });
      await writeJson(join(home, '.config', 'containers', 'auth.json'), {
        auths: { 'quay.io': user('config'), 'ghcr.io': user('config') },
      });
      const source = new AuthFileCredentialSource({
        env: { XDG_RUNTIME_DIR: join(dir, 'run') },
        homeDir: home,
      });
      expect(source.paths).toEqual([
        join(dir, 'run', 'containers', 'auth.json'),
        join(home, '.config', 'containers', 'auth.json'),
      ]);
      expect((await source.get('quay.io'))?.username).toBe('runtime');
      expect((await source.get('ghcr.io'))?.username).toBe('config');
    });

    it('lets $REGISTRY_AUTH_FILE take the runtime file’s place, as podman --authfile does', async () => {
      const dir = await root();
      const authFile = await writeJson(join(dir, 'ci', 'auth.json'), {
        auths: { 'quay.io': user('authfile') },
      });
      await writeJson(join(dir, 'run', 'containers', 'auth.json'), { auths: { 'quay.io': user('runtime') } });
      const source = new AuthFileCredentialSource({
        env: { REGISTRY_AUTH_FILE: authFile, XDG_RUNTIME_DIR: join(dir, 'run') },
        homeDir: join(dir, 'home'),
      });
      expect(source.paths[0]).toBe(authFile);
      expect(source.paths).not.toContain(join(dir, 'run', 'containers', 'auth.json'));
      expect((await source.get('quay.io'))?.username).toBe('authfile');
    });

    it('honours $XDG_CONFIG_HOME', async () => {
      const dir = await root();
      await writeJson(join(dir, 'xdg', 'containers', 'auth.json'), { auths: { 'quay.io': user('xdg') } });
      const source = new AuthFileCredentialSource({
        env: { XDG_CONFIG_HOME: join(dir, 'xdg') },
        homeDir: join(dir, 'home'),
      });
      expect((await source.get('quay.io'))?.username).toBe('xdg');
    });

    it('is anonymous when no file exists', async () => {
      const dir = await root();
      const source = new AuthFileCredentialSource({
        env: { XDG_RUNTIME_DIR: join(dir, 'run') },
        homeDir: join(dir, 'home'),
      });
      await expect(source.get('quay.io')).resolves.toBeNull();
    });
  });

  describe('keys', () => {
    it.each([
      ['docker.io', 'docker.io'],
      ['docker.io', 'index.docker.io'],
      ['https://index.docker.io/v1/', 'docker.io'],
      ['localhost:5000', 'localhost:5000'],
      ['http://localhost:5000', 'localhost:5000'],
    ])('key %s answers %s', async (key, registry) => {
      const path = await writeJson(join(await root(), 'auth.json'), { auths: { [key]: user('u') } });
      expect((await new AuthFileCredentialSource({ path, env: {} }).get(registry))?.username).toBe('u');
    });

    it('prefers the host-level key, then falls back to the first namespaced key, for a host-only lookup', async () => {
      const dir = await root();
      const both = await writeJson(join(dir, 'both.json'), {
        auths: { 'quay.io/org': user('org'), 'quay.io': user('host') },
      });
      const onlyNamespaced = await writeJson(join(dir, 'ns.json'), {
        auths: { 'quay.io/first': user('first'), 'quay.io/second': user('second') },
      });
      expect((await new AuthFileCredentialSource({ path: both, env: {} }).get('quay.io'))?.username).toBe(
        'host',
      );
      expect(
        (await new AuthFileCredentialSource({ path: onlyNamespaced, env: {} }).get('quay.io'))?.username,
      ).toBe('first');
    });

    it('picks the most specific namespace for a repository', async () => {
      const path = await writeJson(join(await root(), 'auth.json'), {
        auths: {
          'quay.io': user('host'),
          'quay.io/org': user('org'),
          'quay.io/org/app': user('app'),
        },
      });
      const source = new AuthFileCredentialSource({ path, env: {} });
      expect((await source.getForRepository('quay.io/org/app'))?.username).toBe('app');
      expect((await source.getForRepository('quay.io/org/other'))?.username).toBe('org');
      expect((await source.getForRepository('quay.io/elsewhere/x'))?.username).toBe('host');
      expect((await source.getForRepository('quay.io/organisation/x'))?.username).toBe('host');
    });

    it('reads identitytoken', async () => {
      const path = await writeJson(join(await root(), 'auth.json'), {
        auths: { 'registry.example.com': { auth: b64('<token>:'), identitytoken: 'refresh-tok' } },
      });
      const credential = await new AuthFileCredentialSource({ path, env: {} }).get('registry.example.com');
      expect(credential?.identityToken).toBe('refresh-tok');
    });
  });

  it('asks a credHelpers helper with the bare host, as containers/image does', async () => {
    const dir = await root();
    const bin = await fakeHelperBin(dir);
    const helper = await bin.answering('shipshapetest');
    await helper.store('docker.io', 'hubuser', 'pw');
    const path = await writeJson(join(dir, 'auth.json'), { credHelpers: { 'docker.io': 'shipshapetest' } });
    const source = new AuthFileCredentialSource({ path, env: bin.env });
    expect((await source.get('index.docker.io'))?.username).toBe('hubuser');
    await source.get('docker.io');
    expect(await helper.calls()).toEqual(['docker.io']);
  });

  it('reports malformed JSON as CONFIG_INVALID naming the file, without the secret', async () => {
    const secretAuth = b64(`robot:${SECRET}`);
    const path = await writeJson(
      join(await root(), 'auth.json'),
      `{"auths": {"quay.io": {"auth": "${secretAuth}"}},}`,
    );
    const error = await new AuthFileCredentialSource({ path, env: {} })
      .get('quay.io')
      .catch((e: unknown) => e);
    expect(isShipshapeError(error, 'CONFIG_INVALID')).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/^\[credentials:auth-file\] /);
    expect(message).toContain(path);
    for (const rendering of [message, inspect(error, { depth: 10 })]) {
      expect(rendering).not.toContain(SECRET);
      expect(rendering).not.toContain(secretAuth);
    }
  });
});
