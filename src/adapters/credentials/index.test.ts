import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCredentialSourceContract } from '../../../test/contracts/credential-source.contract.js';
import { b64, tempDirs, writeJson } from './testing/files.js';
import { credentialSources, defaultCredentialSource, defaultCredentialSourceOrder } from './index.js';

const auth = (user: string) => ({ auth: b64(`${user}:pw`) });
const temp = tempDirs('credentials');

runCredentialSourceContract('defaultCredentialSource', async () => {
  const home = await temp.create();
  await writeJson(join(home, '.docker', 'config.json'), {
    auths: { 'ghcr.io': { auth: b64('octo:default-secret') } },
  });
  return {
    source: defaultCredentialSource({ env: {}, homeDir: home }),
    known: { registry: 'ghcr.io', credential: { username: 'octo', password: 'default-secret' } },
    cleanup: temp.cleanup,
  };
});

describe('defaultCredentialSource', () => {
  let home: string;
  beforeAll(async () => {
    home = await temp.create();
    await writeJson(join(home, '.docker', 'config.json'), {
      auths: { 'a.example.com': auth('docker'), 'b.example.com': auth('docker') },
    });
    await writeJson(join(home, '.config', 'containers', 'auth.json'), {
      auths: {
        'a.example.com': auth('podman'),
        'b.example.com': auth('podman'),
        'c.example.com': auth('podman'),
      },
    });
  });
  afterAll(temp.cleanup);

  it('asks static config, then Docker’s config, then containers’ auth files', async () => {
    const source = defaultCredentialSource({
      env: {},
      homeDir: home,
      staticConfig: { 'a.example.com': { username: 'static', password: 'pw' } },
    });
    expect((await source.get('a.example.com'))?.username).toBe('static');
    expect((await source.get('b.example.com'))?.username).toBe('docker');
    expect((await source.get('c.example.com'))?.username).toBe('podman');
    await expect(source.get('d.example.com')).resolves.toBeNull();
  });

  it('builds only the sources named in `order`', async () => {
    const source = defaultCredentialSource({ env: {}, homeDir: home, order: ['auth-file'] });
    expect((await source.get('a.example.com'))?.username).toBe('podman');
  });

  it('registers every source under the name the default order uses', () => {
    expect(Object.keys(credentialSources).sort()).toEqual([...defaultCredentialSourceOrder].sort());
  });
});
