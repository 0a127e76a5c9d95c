/** Credentials for one registry host. Never logged, never part of an error message. */
export interface Credential {
  readonly username?: string;
  readonly password?: string;
  /** Docker "identitytoken": an OAuth2 refresh token exchanged at the token endpoint (grant_type=refresh_token). */
  readonly identityToken?: string;
  /** A ready bearer token sent as-is ("registrytoken"). */
  readonly registryToken?: string;
}

export interface CredentialSource {
  /** Credentials for a normalized registry host ("docker.io", "ghcr.io", "localhost:5000"), or null for anonymous. */
  get(registry: string): Promise<Credential | null>;
}
