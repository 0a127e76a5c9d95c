import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { runCredentialSourceContract } from '../../../../test/contracts/credential-source.contract.js';
import { isShipshapeError } from '../../../core/errors.js';
import { fakeHelperBin } from '../testing/fake-helper.js';
import { b64, tempDirs, writeJson } from '../testing/files.js';
import { DockerConfigCredentialSource } from './docker-config.js';

const SECRET = 'hunter2:with:colons';
const writeConfigIn = (dir: string, config: unknown): Promise<string> =>
  writeJson(join(dir, 'config.json'), config);
const contractDirs = tempDirs('docker-config-contract');

runCredentialSourceContract('docker-config (auths)', async () => {
  const root = await contractDirs.create();
  const path = await writeConfigIn(root, { auths: { 'ghcr.io': { auth: b64(`octo:${SECRET}`) } } });
  return {
    source: new DockerConfigCredentialSource({ path, env: {} }),
    known: { registry: 'ghcr.io', credential: { username: 'octo', password: SECRET } },
    cleanup: contractDirs.cleanup,
  };
});

runCredentialSourceContract('docker-config (credsStore helper)', async () => {
  const root = await contractDirs.create();
  const bin = await fakeHelperBin(root);
  const helper = await bin.answering('shipshapetest');
  await helper.store('https://index.docker.io/v1/', 'hubuser', SECRET);
  const path = await writeConfigIn(root, {
    auths: { 'https://index.docker.io/v1/': {} },
    credsStore: 'shipshapetest',
  });
  return {
    source: new DockerConfigCredentialSource({ path, env: bin.env }),
    known: { registry: 'docker.io', credential: { username: 'hubuser', password: SECRET } },
    cleanup: contractDirs.cleanup,
  };
});

describe('DockerConfigCredentialSource', () => {
  const temp = tempDirs('docker-config');
  const root = temp.create;
  afterEach(temp.cleanup);

  describe('finding config.json', () => {
    it('reads $DOCKER_CONFIG/config.json before ~/.docker/config.json', async () => {
      const dir = await root();
      await writeConfigIn(join(dir, 'home', '.docker'), { auths: { 'ghcr.io': { auth: b64('home:pw') } } });
      await writeConfigIn(join(dir, 'custom'), { auths: { 'ghcr.io': { auth: b64('custom:pw') } } });
      const fromEnv = new DockerConfigCredentialSource({
        env: { DOCKER_CONFIG: join(dir, 'custom') },
        homeDir: join(dir, 'home'),
      });
      const fromHome = new DockerConfigCredentialSource({ env: {}, homeDir: join(dir, 'home') });
      expect(fromEnv.path).toBe(join(dir, 'custom', 'config.json'));
      expect((await fromEnv.get('ghcr.io'))?.username).toBe('custom');
      expect((await fromHome.get('ghcr.io'))?.username).toBe('home');
    });

    it('is anonymous for every registry when the file does not exist', async () => {
      const source = new DockerConfigCredentialSource({ env: {}, homeDir: join(await root(), 'nobody') });
      await expect(source.get('docker.io')).resolves.toBeNull();
      await expect(source.get('ghcr.io')).resolves.toBeNull();
    });

    it('treats an empty file as an empty config', async () => {
      const path = await writeConfigIn(await root(), '');
      await expect(new DockerConfigCredentialSource({ path, env: {} }).get('ghcr.io')).resolves.toBeNull();
    });
  });

  describe('auths keys', () => {
    it.each([
      ['https://index.docker.io/v1/', 'docker.io'],
      ['https://index.docker.io/v1/', 'index.docker.io'],
      ['https://index.docker.io/v1/', 'registry-1.docker.io'],
      ['docker.io', 'docker.io'],
      ['index.docker.io', 'docker.io'],
      ['registry-1.docker.io', 'docker.io'],
      ['http://registry.example.com:5000/v1/', 'registry.example.com:5000'],
      ['https://registry.example.com/v2/', 'registry.example.com'],
      ['https://quay.io', 'quay.io'],
      ['ghcr.io', 'ghcr.io'],
      ['GHCR.io', 'ghcr.io'],
      ['localhost:5000', 'localhost:5000'],
    ])('key %s answers %s', async (key, registry) => {
      const path = await writeConfigIn(await root(), { auths: { [key]: { auth: b64('user:pw') } } });
      const credential = await new DockerConfigCredentialSource({ path, env: {} }).get(registry);
      expect(credential).toMatchObject({ username: 'user', password: 'pw' });
    });

    it('keeps ports apart', async () => {
      const path = await writeConfigIn(await root(), {
        auths: { 'localhost:5000': { auth: b64('user:pw') } },
      });
      const source = new DockerConfigCredentialSource({ path, env: {} });
      await expect(source.get('localhost:5001')).resolves.toBeNull();
      await expect(source.get('localhost')).resolves.toBeNull();
    });

    it('prefers the key Docker itself writes when several name the same registry', async () => {
      const path = await writeConfigIn(await root(), {
        auths: {
          'docker.io': { auth: b64('alias:pw') },
          'https://index.docker.io/v1/': { auth: b64('canonical:pw') },
        },
      });
      expect((await new DockerConfigCredentialSource({ path, env: {} }).get('docker.io'))?.username).toBe(
        'canonical',
      );
    });
  });

  describe('auths entries', () => {
    it('decodes base64 "auth", splitting on the first colon only', async () => {
      const path = await writeConfigIn(await root(), {
        auths: { 'ghcr.io': { auth: b64(`octo:${SECRET}`) } },
      });
      const credential = await new DockerConfigCredentialSource({ path, env: {} }).get('ghcr.io');
      expect(credential?.username).toBe('octo');
      expect(credential?.password).toBe(SECRET);
    });

    it('reads separate username and password fields', async () => {
      const path = await writeConfigIn(await root(), {
        auths: { 'ghcr.io': { username: 'octo', password: SECRET } },
      });
      expect(await new DockerConfigCredentialSource({ path, env: {} }).get('ghcr.io')).toMatchObject({
        username: 'octo',
        password: SECRET,
      });
    });

    it('returns identitytoken as identityToken and registrytoken as registryToken', async () => {
      const path = await writeConfigIn(await root(), {
        auths: {
          'myacr.azurecr.io': {
            auth: b64('00000000-0000-0000-0000-000000000000:'),
            identitytoken: 'refresh-tok',
          },
          'bearer.example.com': { registrytoken: 'bearer-tok' },
        },
      });
      const source = new DockerConfigCredentialSource({ path, env: {} });
      const identity = await source.get('myacr.azurecr.io');
      expect(identity?.identityToken).toBe('refresh-tok');
      expect(identity?.password).toBeUndefined();
      expect((await source.get('bearer.example.com'))?.registryToken).toBe('bearer-tok');
    });

    it('treats an entry without secrets ({} left by docker login with a credsStore) as anonymous', async () => {
      const path = await writeConfigIn(await root(), { auths: { 'https://index.docker.io/v1/': {} } });
      await expect(new DockerConfigCredentialSource({ path, env: {} }).get('docker.io')).resolves.toBeNull();
    });
  });

  describe('DOCKER_AUTH_CONFIG', () => {
    it('is consulted before credential helpers and the file', async () => {
      const dir = await root();
      const bin = await fakeHelperBin(dir);
      const helper = await bin.answering('shipshapetest');
      await helper.store('ghcr.io', 'from-helper', 'pw');
      const path = await writeConfigIn(dir, { credsStore: 'shipshapetest' });
      const env = {
        ...bin.env,
        DOCKER_AUTH_CONFIG: JSON.stringify({ auths: { 'ghcr.io': { auth: b64('from-env:pw') } } }),
      };
      const source = new DockerConfigCredentialSource({ path, env });
      expect((await source.get('ghcr.io'))?.username).toBe('from-env');
      expect(await source.get('quay.io')).toBeNull();
      expect(await helper.calls()).toEqual(['quay.io']);
    });

    it('names the variable, not its value, when it is not JSON', async () => {
      const env = { DOCKER_AUTH_CONFIG: `{"auths": {"ghcr.io": {"auth": "${b64(`octo:${SECRET}`)}"}}` };
      const source = new DockerConfigCredentialSource({ path: join(await root(), 'none.json'), env });
      const error = await source.get('ghcr.io').catch((e: unknown) => e);
      expect(isShipshapeError(error, 'CONFIG_INVALID')).toBe(true);
      expect((error as Error).message).toContain('$DOCKER_AUTH_CONFIG');
      expect(inspect(error)).not.toContain(b64(`octo:${SECRET}`));
    });
  });

  describe('malformed files', () => {
    const secretAuth = b64(`octo:${SECRET}`);

    it.each([
      [
        'broken JSON',
        `{\n  "auths": {\n    "ghcr.io": { "auth": "${secretAuth}", "password": "${SECRET}" },\n  }\n}`,
      ],
      ['truncated JSON', `{"auths": {"ghcr.io": {"auth": "${secretAuth}"`],
      ['an unterminated string', `"${SECRET}`],
      ['a bare password, which V8 would quote in its message', SECRET],
    ])('reports %s as CONFIG_INVALID naming the file, without the secret', async (_what, text) => {
      const path = await writeConfigIn(await root(), text);
      const error = await new DockerConfigCredentialSource({ path, env: {} })
        .get('ghcr.io')
        .catch((e: unknown) => e);
      expect(isShipshapeError(error, 'CONFIG_INVALID')).toBe(true);
      const message = (error as Error).message;
      expect(message).toMatch(/^\[credentials:docker-config\] /);
      expect(message).toContain(path);
      expect(message).toContain('not valid JSON');
      for (const rendering of [
        message,
        String(error),
        inspect(error, { depth: 10 }),
        JSON.stringify(error),
      ]) {
        // V8 quotes about ten characters of the input, so look for fragments, not the whole secret.
        expect(rendering).not.toContain(SECRET.slice(0, 7));
        expect(rendering).not.toContain(secretAuth.slice(0, 8));
      }
    });

    it('points at the line of a syntax error', async () => {
      const path = await writeConfigIn(await root(), '{\n  "auths": {\n    "ghcr.io": {},\n  }\n}');
      const error = await new DockerConfigCredentialSource({ path, env: {} })
        .get('ghcr.io')
        .catch((e: unknown) => e);
      expect((error as Error).message).toContain('line 4');
    });

    it.each([
      ['auth that is not base64', { auths: { 'ghcr.io': { auth: `${SECRET}!` } } }, 'auths["ghcr.io"].auth'],
      [
        'auth without a colon',
        { auths: { 'ghcr.io': { auth: b64('nocolon-secretvalue') } } },
        'auths["ghcr.io"].auth',
      ],
      [
        'a non-string password',
        { auths: { 'ghcr.io': { password: 12345678 } } },
        'auths["ghcr.io"].password',
      ],
      ['auths that is an array', { auths: [] }, '"auths" must be an object'],
      ['credsStore that is not a string', { credsStore: 1 }, '"credsStore" must be a string'],
      ['a top level that is not an object', [], 'must hold a JSON object'],
    ])('reports %s as CONFIG_INVALID naming the entry, not its value', async (_what, config, expected) => {
      const path = await writeConfigIn(await root(), config);
      const error = await new DockerConfigCredentialSource({ path, env: {} })
        .get('ghcr.io')
        .catch((e: unknown) => e);
      expect(isShipshapeError(error, 'CONFIG_INVALID')).toBe(true);
      const message = (error as Error).message;
      expect(message).toContain(path);
      expect(message).toContain(expected);
      expect(inspect(error)).not.toContain(SECRET);
      expect(inspect(error)).not.toContain('secretvalue');
      expect(inspect(error)).not.toContain('12345678');
    });

    it('reports an unreadable path as CONFIG_INVALID', async () => {
      const dir = await root();
      await mkdir(join(dir, 'config.json'));
      const error = await new DockerConfigCredentialSource({ path: join(dir, 'config.json'), env: {} })
        .get('ghcr.io')
        .catch((e: unknown) => e);
      expect(isShipshapeError(error, 'CONFIG_INVALID')).toBe(true);
      expect((error as Error).message).toContain('EISDIR');
    });
  });
});
