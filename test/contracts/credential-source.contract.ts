import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Credential, CredentialSource } from '../../src/ports/credentials.js';

export interface CredentialSourceFixture {
  readonly source: CredentialSource;
  /** A registry the source has credentials for, and exactly what it should return. */
  readonly known: { readonly registry: string; readonly credential: Credential };
  cleanup(): Promise<void>;
}

/** A host no fixture configures: every source must answer it with null (anonymous). */
const UNKNOWN_REGISTRY = 'unconfigured.registry.invalid:5000';

/**
 * The behaviour every CredentialSource shares. `create` builds a fresh source per test; the fixture
 * must leave UNKNOWN_REGISTRY unconfigured.
 */
export function runCredentialSourceContract(
  name: string,
  create: () => Promise<CredentialSourceFixture>,
): void {
  const withFixture = async (test: (fixture: CredentialSourceFixture) => Promise<void>): Promise<void> => {
    const fixture = await create();
    try {
      await test(fixture);
    } finally {
      await fixture.cleanup();
    }
  };

  describe(`CredentialSource contract: ${name}`, () => {
    it('returns the known credential for its registry', () =>
      withFixture(async ({ source, known }) => {
        const credential = await source.get(known.registry);
        expect(credential).not.toBeNull();
        expect(fields(credential!)).toEqual(fields(known.credential));
      }));

    it('returns null for a registry it has nothing for', () =>
      withFixture(async ({ source }) => {
        await expect(source.get(UNKNOWN_REGISTRY)).resolves.toBeNull();
      }));

    it('answers repeated and concurrent lookups the same way', () =>
      withFixture(async ({ source, known }) => {
        const answers = await Promise.all([source.get(known.registry), source.get(known.registry)]);
        answers.push(await source.get(known.registry));
        for (const answer of answers) expect(fields(answer!)).toEqual(fields(known.credential));
      }));

    it('does not reveal secrets through JSON, String() or util.inspect', () =>
      withFixture(async ({ source, known }) => {
        const secrets = [
          known.credential.password,
          known.credential.identityToken,
          known.credential.registryToken,
        ].filter((s): s is string => s !== undefined);
        expect(secrets.length).toBeGreaterThan(0);
        const credential = await source.get(known.registry);
        // Credential declares no toString; what matters is what String() really produces.
        const opaque: unknown = credential;
        const renderings = [
          JSON.stringify(credential),
          JSON.stringify({ nested: { credential } }),
          String(opaque),
          inspect(credential),
          inspect({ nested: { credential } }, { depth: 10 }),
        ];
        for (const rendering of renderings) {
          for (const secret of secrets) expect(rendering).not.toContain(secret);
        }
        // …while the fields themselves stay readable for the registry client.
        expect(fields(credential!)).toEqual(fields(known.credential));
      }));
  });
}

function fields(c: Credential): Credential {
  const out: { -readonly [K in keyof Credential]: Credential[K] } = {};
  if (c.username !== undefined) out.username = c.username;
  if (c.password !== undefined) out.password = c.password;
  if (c.identityToken !== undefined) out.identityToken = c.identityToken;
  if (c.registryToken !== undefined) out.registryToken = c.registryToken;
  return out;
}
