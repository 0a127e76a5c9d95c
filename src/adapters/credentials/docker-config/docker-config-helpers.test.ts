import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { isShipshapeError } from '../../../core/errors.js';
import { fakeHelperBin } from '../testing/fake-helper.js';
import { b64, tempDirs, writeJson } from '../testing/files.js';
import { DockerConfigCredentialSource } from './docker-config.js';

const SECRET = 'hunter2:with:colons';
const writeConfigIn = (dir: string, config: unknown): Promise<string> =>
  writeJson(join(dir, 'config.json'), config);

describe('DockerConfigCredentialSource', () => {
  const temp = tempDirs('docker-config-helpers');
  const root = temp.create;
  afterEach(temp.cleanup);

  describe('credential helpers (real docker-credential-* processes)', () => {
    it('follows Docker: credHelpers[host] over credsStore over auths, with no fallback from a helper to auths', async () => {
      const dir = await root();
      const bin = await fakeHelperBin(dir);
      const store = await bin.answering('shipshapetest');
      const perHost = await bin.answering('perhost');
      await store.store('a.example.com', 'from-store', 'store-secret');
      await store.store('b.example.com', 'from-store', 'store-secret');
      await perHost.store('b.example.com', 'from-per-host', 'per-host-secret');
      const path = await writeConfigIn(dir, {
        auths: {
          'a.example.com': { auth: b64('from-auths:pw') },
          'b.example.com': { auth: b64('from-auths:pw') },
          'c.example.com': { auth: b64('from-auths:pw') },
        },
        credHelpers: { 'b.example.com': 'perhost' },
        credsStore: 'shipshapetest',
      });
      const source = new DockerConfigCredentialSource({ path, env: bin.env });
      expect((await source.get('b.example.com'))?.username).toBe('from-per-host');
      expect((await source.get('a.example.com'))?.username).toBe('from-store');
      // The store answers "credentials not found": Docker goes anonymous, ignoring the auths entry.
      await expect(source.get('c.example.com')).resolves.toBeNull();
    });

    it('uses auths when no helper applies, and an empty credHelpers value opts a host out of credsStore', async () => {
      const dir = await root();
      const bin = await fakeHelperBin(dir);
      await bin.answering('shipshapetest');
      const path = await writeConfigIn(dir, {
        auths: { 'ghcr.io': { auth: b64('from-auths:pw') } },
        credHelpers: { 'ghcr.io': '' },
        credsStore: 'shipshapetest',
      });
      const source = new DockerConfigCredentialSource({ path, env: bin.env });
      expect((await source.get('ghcr.io'))?.username).toBe('from-auths');
    });

    it('sends Docker Hub as https://index.docker.io/v1/ and other registries as host[:port]', async () => {
      const dir = await root();
      const bin = await fakeHelperBin(dir);
      const helper = await bin.answering('shipshapetest');
      const path = await writeConfigIn(dir, { credsStore: 'shipshapetest' });
      const source = new DockerConfigCredentialSource({ path, env: bin.env });
      await source.get('registry-1.docker.io');
      await source.get('localhost:5000');
      expect(await helper.calls()).toEqual(['https://index.docker.io/v1/', 'localhost:5000']);
    });

    it('matches credHelpers keys in any form', async () => {
      const dir = await root();
      const bin = await fakeHelperBin(dir);
      const helper = await bin.answering('shipshapetest');
      await helper.store('https://index.docker.io/v1/', 'hubuser', 'pw');
      const path = await writeConfigIn(dir, { credHelpers: { 'index.docker.io': 'shipshapetest' } });
      const credential = await new DockerConfigCredentialSource({ path, env: bin.env }).get('docker.io');
      expect(credential?.username).toBe('hubuser');
    });

    it('reads Username "<token>" as an identity token', async () => {
      const dir = await root();
      const bin = await fakeHelperBin(dir);
      const helper = await bin.answering('shipshapetest');
      await helper.store('myacr.azurecr.io', '<token>', 'refresh-tok');
      const path = await writeConfigIn(dir, { credHelpers: { 'myacr.azurecr.io': 'shipshapetest' } });
      const credential = await new DockerConfigCredentialSource({ path, env: bin.env }).get(
        'myacr.azurecr.io',
      );
      expect(credential?.identityToken).toBe('refresh-tok');
      expect(credential?.username).toBeUndefined();
      expect(credential?.password).toBeUndefined();
    });

    it('asks a helper once per host for the life of the instance', async () => {
      const dir = await root();
      const bin = await fakeHelperBin(dir);
      const helper = await bin.answering('shipshapetest');
      await helper.store('ghcr.io', 'octo', 'pw');
      const path = await writeConfigIn(dir, { credsStore: 'shipshapetest' });
      const source = new DockerConfigCredentialSource({ path, env: bin.env });
      await Promise.all([source.get('ghcr.io'), source.get('ghcr.io')]);
      await source.get('GHCR.IO');
      await source.get('quay.io');
      await source.get('quay.io');
      expect(await helper.calls()).toEqual(['ghcr.io', 'quay.io']);
    });

    it('fails with IO_FAILED naming the helper when it fails otherwise, and retries on the next call', async () => {
      const dir = await root();
      const bin = await fakeHelperBin(dir);
      await bin.failing('shipshapetest', 'error: the keychain is locked');
      const path = await writeConfigIn(dir, {
        auths: { 'ghcr.io': { auth: b64(`octo:${SECRET}`) } },
        credsStore: 'shipshapetest',
      });
      const source = new DockerConfigCredentialSource({ path, env: bin.env });
      const error = await source.get('ghcr.io').catch((e: unknown) => e);
      expect(isShipshapeError(error, 'IO_FAILED')).toBe(true);
      const message = (error as Error).message;
      expect(message).toMatch(/^\[credentials:docker-config\] /);
      expect(message).toContain('docker-credential-shipshapetest');
      expect(message).toContain('the keychain is locked');
      expect(message).toContain(path);
      expect(inspect(error)).not.toContain(SECRET);

      const helper = await bin.answering('shipshapetest');
      await helper.store('ghcr.io', 'octo', 'pw');
      expect((await source.get('ghcr.io'))?.username).toBe('octo');
    });

    it('fails with IO_FAILED when the helper is not installed', async () => {
      const dir = await root();
      const bin = await fakeHelperBin(dir);
      const path = await writeConfigIn(dir, { credsStore: 'desktop-not-here' });
      const error = await new DockerConfigCredentialSource({ path, env: bin.env })
        .get('ghcr.io')
        .catch((e: unknown) => e);
      expect(isShipshapeError(error, 'IO_FAILED')).toBe(true);
      expect((error as Error).message).toMatch(/docker-credential-desktop-not-here.*not on PATH.*credsStore/);
    });

    it('never echoes what a broken helper printed on stdout', async () => {
      const dir = await root();
      const bin = await fakeHelperBin(dir);
      await bin.printing('shipshapetest', `{"ServerURL":"ghcr.io","Username":"octo","Secret":"${SECRET}"`);
      const path = await writeConfigIn(dir, { credsStore: 'shipshapetest' });
      const error = await new DockerConfigCredentialSource({ path, env: bin.env })
        .get('ghcr.io')
        .catch((e: unknown) => e);
      expect(isShipshapeError(error, 'IO_FAILED')).toBe(true);
      expect((error as Error).message).toContain('not the expected JSON');
      expect(inspect(error)).not.toContain(SECRET);
    });

    it('rejects helper names that would leave the docker-credential- prefix', async () => {
      const path = await writeConfigIn(await root(), { credsStore: '../../bin/sh' });
      const error = await new DockerConfigCredentialSource({ path, env: {} })
        .get('ghcr.io')
        .catch((e: unknown) => e);
      expect(isShipshapeError(error, 'CONFIG_INVALID')).toBe(true);
    });

    it('gives up on a helper that hangs', async () => {
      const dir = await root();
      const bin = await fakeHelperBin(dir);
      await bin.printing('shipshapetest', '');
      await writeFile(join(bin.binDir, 'docker-credential-shipshapetest'), '#!/bin/sh\nexec sleep 30\n');
      const path = await writeConfigIn(dir, { credsStore: 'shipshapetest' });
      const source = new DockerConfigCredentialSource({ path, env: bin.env, helperTimeoutMs: 200 });
      const error = await source.get('ghcr.io').catch((e: unknown) => e);
      expect(isShipshapeError(error, 'IO_FAILED')).toBe(true);
      expect((error as Error).message).toContain('did not answer within 200 ms');
    });
  });
});
