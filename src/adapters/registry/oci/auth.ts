/**
 * Registry authentication: learns each registry's scheme from its first 401 challenge (anonymous, Basic,
 * Bearer), then authorizes requests preemptively. Bearer tokens are cached per origin and scope set, and
 * token requests made in the same tick are batched into one request with several `scope=` parameters.
 */
import type { Credential, CredentialSource } from '../../../ports/credentials.js';
import type { Logger } from '../../../ports/logger.js';
import { errorForStatus, registryError } from './errors.js';
import { isLoopbackHost, type Endpoint } from './hosts.js';
import { chunkScopes, coversScopes, formatScopes, unionScopes, type ScopeSet } from './scope.js';
import { TokenCache } from './token-cache.js';
import type { ResponseHeaders } from './transport.js';
import { findChallenge, parseWwwAuthenticate } from './www-authenticate.js';

type AuthState =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'none' }
  | { readonly kind: 'basic' }
  | { readonly kind: 'bearer'; readonly realm: string; readonly service: string | undefined };

interface EndpointAuth {
  state: AuthState;
  probe: { done: Promise<void>; end: () => void } | null;
  /** False once the registry rejected a token carrying several repositories. */
  multiScope: boolean;
}

export interface Authorization {
  readonly kind: 'none' | 'basic' | 'bearer' | 'registry-token';
  readonly header: string | null;
  /** The bearer token used and whether it was fetched for this request (vs. reused from the cache). */
  readonly token?: { readonly value: string; readonly scopes: ScopeSet; readonly fresh: boolean };
  /** Ends this request's role as the endpoint's auth probe (idempotent). */
  release(): void;
}

/** How the authenticator reaches token endpoints (./http.ts: retries, timeouts, redirects, no registry auth). */
export type TokenSender = (
  endpoint: Endpoint,
  req: { url: string; method: 'GET' | 'POST'; headers: Record<string, string>; body?: Uint8Array },
) => Promise<{ status: number; headers: ResponseHeaders; body?: Uint8Array | undefined }>;

export interface AuthenticatorOptions {
  readonly credentials: CredentialSource;
  readonly send: TokenSender;
  readonly logger: Logger;
  readonly now?: () => number;
  /** Repositories per token request (default 25: keeps token URLs and JWT headers well under 8 KiB). */
  readonly maxScopesPerToken?: number;
  readonly clientId?: string;
}

interface Waiter {
  readonly scopes: ScopeSet;
  readonly resolve: (v: { value: string; scopes: ScopeSet }) => void;
  readonly reject: (e: unknown) => void;
}

const NO_RELEASE = (): void => undefined;
const CREDENTIAL_TTL_MS = 5 * 60_000;

export class Authenticator {
  private readonly endpoints = new Map<string, EndpointAuth>();
  private readonly credentialCache = new Map<string, { at: number; pending: Promise<Credential | null> }>();
  private readonly now: () => number;
  private readonly cache: TokenCache;
  private readonly inflight = new Map<
    string,
    { scopes: ScopeSet; promise: Promise<{ value: string; scopes: ScopeSet }> }[]
  >();
  private readonly batches = new Map<
    string,
    { scopes: ScopeSet[]; waiters: Waiter[]; endpoint: Endpoint; state: AuthState & { kind: 'bearer' } }
  >();
  private readonly secretValues = new Set<string>();
  private readonly credentialSecrets = new Set<string>();
  private readonly maxScopes: number;

  constructor(private readonly options: AuthenticatorOptions) {
    this.now = options.now ?? Date.now;
    this.cache = new TokenCache(this.now);
    this.maxScopes = Math.max(1, options.maxScopesPerToken ?? 25);
  }

  /** Known secrets (credentials, tokens): error messages are scrubbed of these. */
  secrets(): string[] {
    return [...this.credentialSecrets, ...this.secretValues];
  }

  private rememberSecret(value: string): void {
    this.secretValues.add(value);
    // Tokens are long random strings that never reach a message; keep the set bounded anyway.
    if (this.secretValues.size > 512) {
      const oldest = this.secretValues.values().next().value;
      if (oldest !== undefined) this.secretValues.delete(oldest);
    }
  }

  private auth(endpoint: Endpoint): EndpointAuth {
    let ea = this.endpoints.get(endpoint.origin);
    if (!ea)
      this.endpoints.set(
        endpoint.origin,
        (ea = { state: { kind: 'unknown' }, probe: null, multiScope: true }),
      );
    return ea;
  }

  /** Credentials per registry, re-read every few minutes so a long-running service sees rotations. */
  private async credential(registry: string): Promise<Credential | null> {
    const now = this.now();
    let entry = this.credentialCache.get(registry);
    if (!entry || now - entry.at > CREDENTIAL_TTL_MS) {
      const pending = this.options.credentials.get(registry).then((c) => {
        for (const s of [c?.password, c?.identityToken, c?.registryToken])
          if (s) this.credentialSecrets.add(s);
        return c;
      });
      entry = { at: now, pending };
      this.credentialCache.set(registry, entry);
      pending.catch(() => this.credentialCache.delete(registry));
    }
    try {
      return await entry.pending;
    } catch (error) {
      throw registryError(registry, 'AUTH_FAILED', 'could not read credentials', { cause: error });
    }
  }

  /** The Authorization header for a request to `endpoint` needing `scopes`, fetching a token if needed. */
  async authorize(endpoint: Endpoint, scopes: ScopeSet): Promise<Authorization> {
    const cred = await this.credential(endpoint.registry);
    if (cred?.registryToken) {
      return { kind: 'registry-token', header: `Bearer ${cred.registryToken}`, release: NO_RELEASE };
    }
    const ea = this.auth(endpoint);
    while (ea.state.kind === 'unknown') {
      if (ea.probe) {
        await ea.probe.done;
        continue;
      }
      // This request goes first, unauthenticated; the others wait for what its answer teaches us.
      let end!: () => void;
      const done = new Promise<void>((resolve) => (end = resolve));
      const probe = { done, end };
      ea.probe = probe;
      return {
        kind: 'none',
        header: null,
        release: () => {
          if (ea.probe === probe) ea.probe = null;
          probe.end();
        },
      };
    }
    const state = ea.state;
    if (state.kind === 'none') return { kind: 'none', header: null, release: NO_RELEASE };
    if (state.kind === 'basic') {
      if (cred?.username === undefined || cred.password === undefined)
        return { kind: 'none', header: null, release: NO_RELEASE };
      const basic = Buffer.from(`${cred.username}:${cred.password}`).toString('base64');
      return { kind: 'basic', header: `Basic ${basic}`, release: NO_RELEASE };
    }
    const token = await this.token(endpoint, state, scopes);
    return { kind: 'bearer', header: `Bearer ${token.value}`, token, release: NO_RELEASE };
  }

  /** Learns the registry's scheme from any of its responses. */
  observe(endpoint: Endpoint, status: number, wwwAuthenticate: string | string[] | undefined): void {
    const ea = this.auth(endpoint);
    if (status === 401) {
      const challenges = parseWwwAuthenticate(wwwAuthenticate);
      const bearer = findChallenge(challenges, 'bearer');
      const realm = bearer?.params['realm'];
      if (realm && /^https?:\/\//i.test(realm))
        ea.state = { kind: 'bearer', realm, service: bearer.params['service'] };
      else if (findChallenge(challenges, 'basic')) ea.state = { kind: 'basic' };
      else if (ea.state.kind === 'unknown') ea.state = { kind: 'none' };
    } else if (ea.state.kind === 'unknown' && status < 500) {
      ea.state = { kind: 'none' };
    }
  }

  /** After a 401: whether retrying with different authorization can help. */
  async onUnauthorized(endpoint: Endpoint, used: Authorization): Promise<boolean> {
    if (used.kind === 'registry-token') return false;
    const ea = this.auth(endpoint);
    if (ea.state.kind === 'basic') {
      const cred = await this.credential(endpoint.registry);
      return used.kind !== 'basic' && cred?.username !== undefined && cred.password !== undefined;
    }
    if (ea.state.kind !== 'bearer') return false;
    if (used.kind !== 'bearer' || !used.token) return true;
    this.cache.invalidate(endpoint.origin, used.token.value);
    if (used.token.scopes.size > 1 && ea.multiScope) {
      ea.multiScope = false;
      this.cache.invalidateWhere(endpoint.origin, (t) => t.scopes.size > 1);
      this.options.logger.debug(
        'registry rejected a multi-repository token; using one token per repository',
        {
          registry: endpoint.registry,
        },
      );
      return true;
    }
    // A reused token may have been revoked or expired early: one fresh try.
    return !used.token.fresh;
  }

  /** Learns the scheme (via `probe` when unknown) and fetches one token covering all `scopes`. */
  async prefetch(endpoint: Endpoint, scopes: ScopeSet, probe: () => Promise<void>): Promise<void> {
    if ((await this.credential(endpoint.registry))?.registryToken) return;
    if (this.auth(endpoint).state.kind === 'unknown') await probe();
    const state = this.auth(endpoint).state;
    if (state.kind === 'bearer') {
      // Only what no cached or running token covers: look-ups running side by side prefetch overlapping
      // sets of repositories, and one token per scope is enough.
      const uncovered = new Map<string, ReadonlySet<string>>();
      for (const [resource, actions] of scopes) {
        const one: ScopeSet = new Map([[resource, actions]]);
        const running = this.inflight.get(endpoint.origin)?.some((f) => coversScopes(f.scopes, one)) ?? false;
        if (!running && !this.cache.find(endpoint.origin, one)) uncovered.set(resource, actions);
      }
      await Promise.all(
        chunkScopes(uncovered, this.maxScopes).map((chunk) => this.token(endpoint, state, chunk)),
      );
    }
  }

  private async token(
    endpoint: Endpoint,
    state: AuthState & { kind: 'bearer' },
    scopes: ScopeSet,
  ): Promise<{ value: string; scopes: ScopeSet; fresh: boolean }> {
    const cached = this.cache.find(endpoint.origin, scopes);
    if (cached) return { value: cached.token, scopes: cached.scopes, fresh: false };
    const running = this.inflight.get(endpoint.origin)?.find((f) => coversScopes(f.scopes, scopes));
    if (running) return { ...(await running.promise), fresh: true };
    const ea = this.auth(endpoint);
    if (!ea.multiScope || scopes.size > 1)
      return { ...(await this.startFetch(endpoint, state, scopes)), fresh: true };
    // Batch with every other token need of this tick.
    const got = await new Promise<{ value: string; scopes: ScopeSet }>((resolve, reject) => {
      let batch = this.batches.get(endpoint.origin);
      if (!batch) {
        batch = { scopes: [], waiters: [], endpoint, state };
        this.batches.set(endpoint.origin, batch);
        setImmediate(() => this.flush(endpoint.origin));
      }
      batch.scopes.push(scopes);
      batch.waiters.push({ scopes, resolve, reject });
    });
    return { ...got, fresh: true };
  }

  private flush(origin: string): void {
    const batch = this.batches.get(origin);
    if (!batch) return;
    this.batches.delete(origin);
    const fetches = chunkScopes(unionScopes(...batch.scopes), this.maxScopes).map((chunk) => ({
      scopes: chunk,
      promise: this.startFetch(batch.endpoint, batch.state, chunk),
    }));
    for (const waiter of batch.waiters) {
      const f = fetches.find((x) => coversScopes(x.scopes, waiter.scopes));
      if (f) f.promise.then(waiter.resolve, waiter.reject);
      else this.startFetch(batch.endpoint, batch.state, waiter.scopes).then(waiter.resolve, waiter.reject);
    }
  }

  private startFetch(
    endpoint: Endpoint,
    state: AuthState & { kind: 'bearer' },
    scopes: ScopeSet,
  ): Promise<{ value: string; scopes: ScopeSet }> {
    const list = this.inflight.get(endpoint.origin) ?? [];
    this.inflight.set(endpoint.origin, list);
    const entry = { scopes, promise: this.fetchToken(endpoint, state, scopes) };
    list.push(entry);
    const remove = (): void => {
      const at = list.indexOf(entry);
      if (at >= 0) list.splice(at, 1);
    };
    entry.promise.then(remove, remove);
    return entry.promise;
  }

  private async fetchToken(
    endpoint: Endpoint,
    state: AuthState & { kind: 'bearer' },
    scopes: ScopeSet,
  ): Promise<{ value: string; scopes: ScopeSet }> {
    const cred = await this.credential(endpoint.registry);
    const scopeList = formatScopes(scopes);
    const realm = new URL(state.realm);
    const hasPassword = cred?.username !== undefined && cred.password !== undefined;
    if (
      (cred?.identityToken || hasPassword) &&
      realm.protocol === 'http:' &&
      !isLoopbackHost(realm.host) &&
      !endpoint.origin.startsWith('http:')
    ) {
      throw registryError(
        endpoint.registry,
        'AUTH_FAILED',
        `refusing to send credentials to a plain-HTTP token endpoint (${realm.host})`,
      );
    }
    let res;
    if (cred?.identityToken) {
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: cred.identityToken,
        client_id: this.options.clientId ?? 'shipshape',
      });
      if (state.service) form.set('service', state.service);
      if (scopeList.length > 0) form.set('scope', scopeList.join(' '));
      res = await this.options.send(endpoint, {
        url: realm.toString(),
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new TextEncoder().encode(form.toString()),
      });
    } else {
      if (state.service) realm.searchParams.set('service', state.service);
      for (const s of scopeList) realm.searchParams.append('scope', s);
      if (hasPassword) realm.searchParams.set('account', cred.username);
      const headers: Record<string, string> = {};
      if (hasPassword)
        headers['authorization'] =
          `Basic ${Buffer.from(`${cred.username}:${cred.password}`).toString('base64')}`;
      res = await this.options.send(endpoint, { url: realm.toString(), method: 'GET', headers });
    }
    if (res.status === 401 || res.status === 403) {
      const err = errorForStatus(endpoint.registry, res.status, {
        kind: 'token',
        subject: 'token request',
        body: res.body,
      });
      throw registryError(
        endpoint.registry,
        'AUTH_FAILED',
        `token endpoint rejected the credentials (HTTP ${res.status})`,
        { cause: err },
      );
    }
    if (res.status < 200 || res.status >= 300) {
      throw errorForStatus(endpoint.registry, res.status, {
        kind: 'token',
        subject: 'token request',
        body: res.body,
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(res.body));
    } catch {
      throw registryError(
        endpoint.registry,
        'MALFORMED_RESPONSE',
        'token endpoint answered with invalid JSON',
      );
    }
    const o = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
    const value = typeof o['token'] === 'string' && o['token'] ? o['token'] : o['access_token'];
    if (typeof value !== 'string' || value === '') {
      throw registryError(endpoint.registry, 'MALFORMED_RESPONSE', 'token endpoint answered without a token');
    }
    this.rememberSecret(value);
    const rawExpiry = o['expires_in'];
    const expiresIn =
      typeof rawExpiry === 'number'
        ? rawExpiry
        : typeof rawExpiry === 'string'
          ? Number(rawExpiry)
          : undefined;
    this.cache.put(endpoint.origin, scopes, value, expiresIn);
    return { value, scopes };
  }
}
