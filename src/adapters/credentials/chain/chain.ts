import type { Credential, CredentialSource } from '../../../ports/credentials.js';

/**
 * Asks each source in order; the first non-null answer wins. A failing source fails the lookup
 * rather than being skipped: silently falling through to other credentials (or to anonymous) would
 * hide a broken config behind confusing 401s.
 */
export class ChainCredentialSource implements CredentialSource {
  readonly #sources: readonly CredentialSource[];

  constructor(sources: readonly CredentialSource[]) {
    this.#sources = [...sources];
  }

  async get(registry: string): Promise<Credential | null> {
    for (const source of this.#sources) {
      const credential = await source.get(registry);
      if (credential) return credential;
    }
    return null;
  }
}
