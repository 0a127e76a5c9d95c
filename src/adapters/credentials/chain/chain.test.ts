import { describe, expect, it } from 'vitest';
import { runCredentialSourceContract } from '../../../../test/contracts/credential-source.contract.js';
import { ShipshapeError } from '../../../core/errors.js';
import type { Credential, CredentialSource } from '../../../ports/credentials.js';
import { StaticCredentialSource } from '../static/static.js';
import { ChainCredentialSource } from './chain.js';

/** A source answering from a plain map and recording what it was asked. */
function recording(answers: Record<string, Credential>): CredentialSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async get(registry) {
      asked.push(registry);
      return answers[registry] ?? null;
    },
  };
}

runCredentialSourceContract('chain', async () => ({
  source: new ChainCredentialSource([
    new StaticCredentialSource({ 'other.example.com': { token: 'unused' } }, { env: {} }),
    new StaticCredentialSource({ 'ghcr.io': { username: 'octo', password: 'chain-secret' } }, { env: {} }),
  ]),
  known: { registry: 'ghcr.io', credential: { username: 'octo', password: 'chain-secret' } },
  cleanup: async () => undefined,
}));

describe('ChainCredentialSource', () => {
  it('returns the first non-null answer and stops asking', async () => {
    const first = recording({ 'a.example.com': { registryToken: 'first' } });
    const second = recording({
      'a.example.com': { registryToken: 'second' },
      'b.example.com': { registryToken: 'second' },
    });
    const third = recording({ 'b.example.com': { registryToken: 'third' } });
    const chain = new ChainCredentialSource([first, second, third]);
    expect((await chain.get('a.example.com'))?.registryToken).toBe('first');
    expect((await chain.get('b.example.com'))?.registryToken).toBe('second');
    expect(third.asked).toEqual([]);
    await expect(chain.get('c.example.com')).resolves.toBeNull();
    expect(third.asked).toEqual(['c.example.com']);
  });

  it('is anonymous with no sources', async () => {
    await expect(new ChainCredentialSource([]).get('ghcr.io')).resolves.toBeNull();
  });

  it('fails when a source it reaches fails, instead of hiding a broken config', async () => {
    const broken: CredentialSource = {
      get: () => Promise.reject(new ShipshapeError('CONFIG_INVALID', 'credentials:test', 'broken')),
    };
    const later = recording({ 'ghcr.io': { registryToken: 'later' } });
    await expect(new ChainCredentialSource([broken, later]).get('ghcr.io')).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
    const earlier = recording({ 'ghcr.io': { registryToken: 'earlier' } });
    expect((await new ChainCredentialSource([earlier, broken]).get('ghcr.io'))?.registryToken).toBe(
      'earlier',
    );
  });
});
