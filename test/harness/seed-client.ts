/**
 * Raw HTTP to a registry for seeding state (deliberately not the product's registry client). Answers 401
 * challenges itself: Basic, or Bearer via the challenge's realm with one cached token per repository.
 */
export interface SeedTarget {
  /** "http://127.0.0.1:PORT" (a registry or a fault proxy in front of one). */
  url: string;
  auth?: { username: string; password: string };
}

export interface SeedRequest {
  method: string;
  /** A path ("/v2/…") or an absolute URL (upload Locations). */
  path: string;
  /** Repository the request touches; tokens are requested for `repository:<repo>:pull,push`. */
  repository?: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
}

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `Bearer realm="…",service="…",scope="…"` (one challenge, quoted params may contain commas). */
export function parseChallenge(header: string): Challenge | null {
  const match = /^\s*(\w+)\s*(.*)$/s.exec(header);
  if (!match?.[1]) return null;
  const params: Record<string, string> = {};
  for (const param of (match[2] ?? '').matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[param[1]!.toLowerCase()] = param[2] ?? param[3] ?? '';
  }
  return { scheme: match[1].toLowerCase(), params };
}

export class SeedClient {
  private basic = false;
  private readonly tokens = new Map<string, string>();

  constructor(readonly target: SeedTarget) {}

  private authorization(repository: string | undefined): string | undefined {
    const auth = this.target.auth;
    if (this.basic && auth)
      return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    const token = this.tokens.get(repository ?? '');
    return token ? `Bearer ${token}` : undefined;
  }

  private async fetchToken(challenge: Challenge, repository: string | undefined): Promise<string> {
    const realm = challenge.params['realm'];
    if (!realm) throw new Error('[harness:seed] Bearer challenge without realm');
    const url = new URL(realm);
    if (challenge.params['service']) url.searchParams.set('service', challenge.params['service']);
    const scopes = new Set((challenge.params['scope'] ?? '').split(' ').filter(Boolean));
    if (repository) scopes.add(`repository:${repository}:pull,push`);
    for (const scope of scopes) url.searchParams.append('scope', scope);
    const auth = this.target.auth;
    const headers: Record<string, string> = auth
      ? { authorization: `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}` }
      : {};
    const res = await fetch(url, { headers });
    const body = (await res.json().catch(() => ({}))) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!res.ok || !token) throw new Error(`[harness:seed] token request ${url.href} → ${res.status}`);
    return token;
  }

  async request(req: SeedRequest): Promise<Response> {
    const url = new URL(req.path, this.target.url);
    for (let attempt = 0; ; attempt++) {
      const headers = { ...req.headers };
      const authorization = this.authorization(req.repository);
      if (authorization) headers['authorization'] = authorization;
      const res = await fetch(url, { method: req.method, headers, body: req.body });
      if (res.status !== 401 || attempt > 0) return res;
      const challenge = parseChallenge(res.headers.get('www-authenticate') ?? '');
      await res.arrayBuffer();
      if (!challenge) return res;
      if (challenge.scheme === 'basic') {
        if (!this.target.auth)
          throw new Error(`[harness:seed] ${url.href} wants Basic auth; target has none`);
        this.basic = true;
      } else if (challenge.scheme === 'bearer') {
        this.tokens.set(req.repository ?? '', await this.fetchToken(challenge, req.repository));
      } else {
        return res;
      }
    }
  }

  /** Like request() but throws with the response body unless the status is one of `expected`. */
  async expect(req: SeedRequest, ...expected: number[]): Promise<Response> {
    const res = await this.request(req);
    if (!expected.includes(res.status)) {
      const text = await res.text().catch(() => '');
      throw new Error(
        `[harness:seed] ${req.method} ${req.path} → ${res.status} (want ${expected.join('/')}): ${text}`,
      );
    }
    return res;
  }
}

const clients = new Map<string, SeedClient>();

/** One client (auth state, tokens) per target, so repeated seeding calls reuse tokens like a real client. */
export function seedClientFor(target: SeedTarget | SeedClient): SeedClient {
  if (target instanceof SeedClient) return target;
  const key = JSON.stringify([target.url, target.auth?.username ?? null, target.auth?.password ?? null]);
  let client = clients.get(key);
  if (!client) {
    client = new SeedClient(target);
    clients.set(key, client);
  }
  return client;
}
