/** Tiny raw-HTTP helpers for tests that talk to the harness registries and token servers directly. */
import type { TokenServer } from './token-server.js';

export interface Credentials {
  username: string;
  password: string;
}

export const basicAuth = ({ username, password }: Credentials): string =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

/** GET realm?service=…&scope=…&scope=… (the Docker token spec), with Basic credentials if given. */
export async function requestToken(
  server: TokenServer,
  scopes: readonly string[],
  creds?: Credentials,
): Promise<Response> {
  const url = new URL(server.realm);
  url.searchParams.set('service', server.service);
  for (const scope of scopes) url.searchParams.append('scope', scope);
  return fetch(url, { headers: creds ? { authorization: basicAuth(creds) } : {} });
}

/** POST realm with an OAuth2 form (grant_type=password | refresh_token). */
export async function postTokenForm(server: TokenServer, fields: Record<string, string>): Promise<Response> {
  return fetch(server.realm, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ service: server.service, ...fields }).toString(),
  });
}

export async function readJson<T>(res: Response | Promise<Response>): Promise<T> {
  return (await (await res).json()) as T;
}

/** The `rel="next"` target of a Link header, if any. */
export const nextLink = (res: Response): string | null =>
  /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
