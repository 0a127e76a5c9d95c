/**
 * OciRegistry: the Registry port over the OCI distribution API. Reads live here; uploads are in
 * ./upload.ts and image copies in ./copy.ts. Construction is cheap; call close() to free sockets.
 */
import { isShipshapeError, ShipshapeError } from '../../../core/errors.js';
import type { CredentialSource } from '../../../ports/credentials.js';
import { silentLogger, type Logger } from '../../../ports/logger.js';
import type {
  BlobBody,
  CopyResult,
  Descriptor,
  ImageConfig,
  Manifest,
  ManifestHead,
  Platform,
  RateLimitBudget,
  Registry,
  RepoRef,
  ResolvedImage,
} from '../../../ports/registry.js';
import { Authenticator } from './auth.js';
import { copyImage, type CopyOperations } from './copy.js';
import { DigestVerifier, digestOf, isDigestReference, parseDigest } from './digest.js';
import { errorForStatus, redact, registryError } from './errors.js';
import {
  endpointFor,
  mirrorEndpointFor,
  normalizeRegistryName,
  type Endpoint,
  type HostOptions,
} from './hosts.js';
import { RegistryHttp, type CallRequest, type CallResponse, type RequestEvent } from './http.js';
import { parseImageConfig } from './image-config.js';
import { nextLink } from './link-header.js';
import { Lru } from './lru.js';
import {
  ACCEPT_MANIFESTS,
  baseMediaType,
  isIndexMediaType,
  MANIFEST_MEDIA_TYPES,
  parseManifest,
} from './manifest.js';
import {
  blobPath,
  checkReference,
  checkRepo,
  describeRef,
  manifestPath,
  referrersPath,
  tagsPath,
} from './paths.js';
import { formatPlatform, hostPlatform, selectPlatform } from './platform.js';
import { parseScopes, repositoryScope, type ScopeSet } from './scope.js';
import { contentLength, firstHeader, Transport, TransportError } from './transport.js';
import {
  mountOrOpen,
  openUpload,
  putManifest,
  uploadBlob,
  cancelUpload,
  type UploadContext,
} from './upload.js';

export type { HostOptions } from './hosts.js';
export type { RequestEvent } from './http.js';

export interface OciRegistryOptions {
  readonly credentials: CredentialSource;
  /** Per registry host (`docker.io`, `localhost:5000`): plain HTTP, CA bundle, concurrency, mirror. */
  readonly hosts?: Readonly<Record<string, HostOptions>>;
  /** Platform picked out of indexes (default: linux + the host's architecture). */
  readonly platform?: Platform;
  /** Concurrent requests per registry (default 8). */
  readonly concurrency?: number;
  /** Per request: time to response headers and maximum idle time while reading a body (default 30 000). */
  readonly timeoutMs?: number;
  /** Retries after network errors, 5xx and 429 (default 3). */
  readonly retries?: number;
  /** Backoff base: full jitter over base·2^attempt, capped at 10 s (default 200). */
  readonly retryBaseMs?: number;
  /** A Retry-After longer than this is not waited for: the request fails (default 60 000). */
  readonly maxRetryAfterMs?: number;
  readonly logger?: Logger;
  readonly onRequest?: (e: RequestEvent) => void;
  readonly userAgent?: string;
  /** `n` for tag listing pages (default 1000). */
  readonly tagPageSize?: number;
  /** Chunk size for streamed uploads (default 16 MiB; also the memory bound per upload). */
  readonly uploadChunkSize?: number;
  /** Repositories per batched token request (default 25). */
  readonly maxScopesPerToken?: number;
  /** Blobs copied at once per copyImage (default min(4, concurrency)). */
  readonly copyConcurrency?: number;
  /** Test seams. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const PULL = ['pull'];
const PUSH = ['pull', 'push'];
const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

function defaultPlatform(): Platform {
  const variables = (process.config as { variables?: Record<string, unknown> }).variables;
  const armVersion = variables?.['arm_version'];
  return hostPlatform(
    process.arch,
    typeof armVersion === 'string' || typeof armVersion === 'number' ? armVersion : undefined,
  );
}

export class OciRegistry implements Registry, CopyOperations {
  private readonly http: RegistryHttp;
  private readonly auth: Authenticator;
  private readonly transport: Transport;
  private readonly hosts: Readonly<Record<string, HostOptions>>;
  private readonly concurrency: number;
  private readonly platform: Platform;
  private readonly logger: Logger;
  private readonly tagPageSize: number;
  private readonly manifests = new Lru<Manifest>(1000, 32 * 1024 * 1024);
  private readonly configs = new Lru<ImageConfig>(1000, 1000);
  private readonly noReferrersApi = new Set<string>();
  readonly uploadChunkSize: number;
  readonly copyConcurrency: number;

  constructor(options: OciRegistryOptions) {
    this.hosts = options.hosts ?? {};
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.platform = options.platform ?? defaultPlatform();
    this.logger = options.logger ?? silentLogger;
    this.tagPageSize = Math.max(1, options.tagPageSize ?? 1000);
    this.uploadChunkSize = Math.max(1, options.uploadChunkSize ?? 16 * 1024 * 1024);
    this.copyConcurrency = Math.max(1, options.copyConcurrency ?? Math.min(4, this.concurrency));
    const timeoutMs = options.timeoutMs ?? 30_000;
    this.transport = new Transport({
      timeoutMs,
      userAgent: options.userAgent ?? 'shipshape (+https://github.com/shipshape)',
    });
    // The authenticator reaches token endpoints through the pipeline, which in turn asks it for headers.
    const late: { http?: RegistryHttp } = {};
    this.auth = new Authenticator({
      credentials: options.credentials,
      logger: this.logger,
      send: (endpoint, req) => late.http!.token(endpoint, req),
      ...(options.now ? { now: options.now } : {}),
      ...(options.maxScopesPerToken !== undefined ? { maxScopesPerToken: options.maxScopesPerToken } : {}),
    });
    const http = new RegistryHttp({
      transport: this.transport,
      auth: this.auth,
      retries: Math.max(0, options.retries ?? 3),
      retryBaseMs: Math.max(0, options.retryBaseMs ?? 200),
      maxRetryAfterMs: options.maxRetryAfterMs ?? 60_000,
      defaultConcurrency: this.concurrency,
      logger: this.logger,
      onRequest: options.onRequest,
      ...(options.now ? { now: options.now } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
      ...(options.random ? { random: options.random } : {}),
    });
    this.http = late.http = http;
  }

  /** Closes pooled connections. The instance must not be used afterwards. */
  async close(): Promise<void> {
    await this.transport.close();
  }

  // ---- plumbing -------------------------------------------------------------------------------

  endpoint(registry: string): Endpoint {
    return endpointFor(registry, this.hosts, this.concurrency);
  }

  /** Mirror first (when configured), then the registry itself. */
  private readEndpoints(registry: string): Endpoint[] {
    const mirror = mirrorEndpointFor(registry, this.hosts, this.concurrency);
    return mirror ? [mirror, this.endpoint(registry)] : [this.endpoint(registry)];
  }

  private async read<T>(repo: RepoRef, fn: (endpoint: Endpoint) => Promise<T>): Promise<T> {
    const [first, ...rest] = this.readEndpoints(repo.registry);
    try {
      return await fn(first!);
    } catch (error) {
      const fallback = rest[0];
      if (!fallback || !isShipshapeError(error) || error.code === 'INVALID_REFERENCE') throw error;
      this.logger.debug('mirror failed, using the registry', {
        registry: fallback.registry,
        mirror: first!.registry,
        code: error.code,
      });
      return fn(fallback);
    }
  }

  /** Every public method runs through this: errors are typed and scrubbed of known secrets. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.scrub(error);
    }
  }

  scrub(error: unknown): unknown {
    if (!(error instanceof Error)) return error;
    const secrets = this.auth.secrets();
    const clean = redact(error.message, secrets);
    if (clean === error.message) return error;
    if (error instanceof ShipshapeError) {
      const prefix = `[${error.source}] `;
      const body = clean.startsWith(prefix) ? clean.slice(prefix.length) : clean;
      return new ShipshapeError(error.code, error.source, body, {
        cause: error.cause,
        retryable: error.retryable,
      });
    }
    error.message = clean;
    return error;
  }

  call(req: CallRequest): Promise<CallResponse> {
    return this.http.call(req);
  }

  scopes(
    repo: RepoRef,
    actions: readonly string[],
    extra?: { repo: RepoRef; actions: readonly string[] },
  ): ScopeSet {
    const list = [repositoryScope(repo.repository, actions)];
    if (extra) list.push(repositoryScope(extra.repo.repository, extra.actions));
    return parseScopes(list);
  }

  private cacheKey(registry: string, repo: RepoRef, digest: string): string {
    return `${normalizeRegistryName(registry)}/${repo.repository}@${digest}`;
  }

  private cacheHit(registry: string, kind: RequestEvent['kind']): void {
    this.http.emit({
      registry: normalizeRegistryName(registry),
      method: 'GET',
      kind,
      status: 200,
      ms: 0,
      fromCache: true,
    });
  }

  // ---- extra API --------------------------------------------------------------------------------

  /**
   * Fetches one token covering `repositories` (chunked by maxScopesPerToken) so that the requests that
   * follow reuse it. Harmless for registries without token auth.
   */
  prefetchTokens(
    registry: string,
    repositories: readonly string[],
    actions: readonly string[] = PULL,
  ): Promise<void> {
    return this.guard(async () => {
      const endpoint = this.readEndpoints(registry)[0]!;
      const scopes = parseScopes(repositories.map((r) => repositoryScope(r, actions)));
      await this.auth.prefetch(endpoint, scopes, async () => {
        const res = await this.http.call({
          endpoint,
          method: 'GET',
          url: '/v2/',
          kind: 'ping',
          scopes: null,
          subject: 'ping',
          dedupe: true,
        });
        this.auth.observe(endpoint, res.status, res.headers['www-authenticate']);
      });
    });
  }

  // ---- reads ----------------------------------------------------------------------------------

  ping(registry: string): Promise<void> {
    return this.guard(async () => {
      const endpoint = this.endpoint(registry);
      const res = await this.http.call({
        endpoint,
        method: 'GET',
        url: '/v2/',
        kind: 'ping',
        scopes: new Map(),
        subject: 'ping',
      });
      if (res.status === 200) return;
      if (res.status === 404)
        throw registryError(endpoint.registry, 'UNSUPPORTED', 'no OCI distribution API at /v2/ (HTTP 404)');
      throw errorForStatus(endpoint.registry, res.status, { kind: 'ping', subject: 'ping', body: res.body });
    });
  }

  listTags(repo: RepoRef): Promise<string[]> {
    return this.guard(async () => {
      checkRepo(repo);
      return this.read(repo, async (endpoint) => {
        const tags: string[] = [];
        const visited = new Set<string>();
        let url: string | null = tagsPath(repo, this.tagPageSize);
        const scopes = this.scopes(repo, PULL);
        while (url !== null) {
          visited.add(url);
          const res = await this.http.call({
            endpoint,
            method: 'GET',
            url,
            kind: 'tags',
            scopes,
            subject: `tags of ${repo.repository}`,
          });
          if (res.status !== 200) {
            throw errorForStatus(endpoint.registry, res.status, {
              kind: 'tags',
              subject: `repository ${repo.repository}`,
              repository: repo.repository,
              body: res.body,
            });
          }
          const page = this.parseTags(endpoint, repo, res.body);
          for (const tag of page) tags.push(tag);
          const next = page.length === 0 ? null : nextLink(res.headers['link'], res.url);
          url = next !== null && !visited.has(next) ? next : null;
        }
        return tags;
      });
    });
  }

  private parseTags(endpoint: Endpoint, repo: RepoRef, body: Uint8Array | undefined): string[] {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder().decode(body));
    } catch {
      throw registryError(
        endpoint.registry,
        'MALFORMED_RESPONSE',
        `tags of ${repo.repository}: response is not valid JSON`,
      );
    }
    const tags =
      typeof json === 'object' && json !== null ? (json as Record<string, unknown>)['tags'] : undefined;
    if (tags === null || tags === undefined) return [];
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) {
      throw registryError(
        endpoint.registry,
        'MALFORMED_RESPONSE',
        `tags of ${repo.repository}: "tags" is not a list of strings`,
      );
    }
    return tags;
  }

  headManifest(repo: RepoRef, reference: string): Promise<ManifestHead> {
    return this.guard(async () => {
      checkRepo(repo);
      checkReference(repo, reference);
      return this.read(repo, (endpoint) => this.head(endpoint, repo, reference));
    });
  }

  private async head(endpoint: Endpoint, repo: RepoRef, reference: string): Promise<ManifestHead> {
    const subject = `manifest ${describeRef(repo, reference)}`;
    const byDigest = isDigestReference(reference);
    if (byDigest) {
      const cached = this.manifests.get(this.cacheKey(endpoint.registry, repo, reference));
      if (cached) {
        this.cacheHit(endpoint.registry, 'manifest');
        return { digest: cached.digest, mediaType: cached.mediaType, size: cached.bytes.byteLength };
      }
    }
    const res = await this.http.call({
      endpoint,
      method: 'HEAD',
      url: manifestPath(repo, reference),
      headers: { accept: ACCEPT_MANIFESTS },
      kind: 'manifest',
      scopes: this.scopes(repo, PULL),
      subject,
    });
    if (res.status === 405 || res.status === 501) return this.headByGet(endpoint, repo, reference);
    if (res.status !== 200)
      throw errorForStatus(endpoint.registry, res.status, {
        kind: 'manifest',
        subject,
        repository: repo.repository,
      });
    const headerDigest = firstHeader(res.headers, 'docker-content-digest');
    const mediaType = baseMediaType(firstHeader(res.headers, 'content-type'));
    const size = contentLength(res.headers);
    if (byDigest && headerDigest !== undefined && headerDigest !== reference) {
      throw registryError(
        endpoint.registry,
        'MALFORMED_RESPONSE',
        `${subject}: registry answered with digest ${headerDigest}`,
      );
    }
    const digest = byDigest ? reference : headerDigest;
    if (
      digest === undefined ||
      !isDigestReference(digest) ||
      !MANIFEST_MEDIA_TYPES.includes(mediaType) ||
      size === null
    ) {
      return this.headByGet(endpoint, repo, reference);
    }
    return { digest, mediaType, size };
  }

  private async headByGet(endpoint: Endpoint, repo: RepoRef, reference: string): Promise<ManifestHead> {
    const m = await this.fetchManifest(endpoint, repo, reference);
    return { digest: m.digest, mediaType: m.mediaType, size: m.bytes.byteLength };
  }

  getManifest(repo: RepoRef, reference: string): Promise<Manifest> {
    return this.guard(async () => {
      checkRepo(repo);
      checkReference(repo, reference);
      return this.read(repo, (endpoint) => this.fetchManifest(endpoint, repo, reference));
    });
  }

  private async fetchManifest(endpoint: Endpoint, repo: RepoRef, reference: string): Promise<Manifest> {
    const subject = `manifest ${describeRef(repo, reference)}`;
    const byDigest = isDigestReference(reference);
    if (byDigest) {
      const cached = this.manifests.get(this.cacheKey(endpoint.registry, repo, reference));
      if (cached) {
        this.cacheHit(endpoint.registry, 'manifest');
        return cached;
      }
    }
    const res = await this.http.call({
      endpoint,
      method: 'GET',
      url: manifestPath(repo, reference),
      headers: { accept: ACCEPT_MANIFESTS },
      kind: 'manifest',
      scopes: this.scopes(repo, PULL),
      subject,
      maxBytes: MAX_MANIFEST_BYTES,
    });
    if (res.status !== 200) {
      throw errorForStatus(endpoint.registry, res.status, {
        kind: 'manifest',
        subject,
        repository: repo.repository,
        body: res.body,
      });
    }
    const bytes = res.body ?? new Uint8Array();
    let digest: string;
    if (byDigest) {
      const parsed = parseDigest(reference);
      if (!parsed)
        throw registryError(endpoint.registry, 'UNSUPPORTED', `${subject}: digest algorithm not supported`);
      digest = digestOf(bytes, parsed.algorithm);
      if (digest !== reference) {
        throw registryError(
          endpoint.registry,
          'MALFORMED_RESPONSE',
          `${subject}: content digest is ${digest}, not the requested digest`,
        );
      }
    } else {
      digest = digestOf(bytes);
      const claimed = firstHeader(res.headers, 'docker-content-digest');
      const claimedParsed = claimed === undefined ? null : parseDigest(claimed);
      if (claimedParsed && digestOf(bytes, claimedParsed.algorithm) !== claimed) {
        throw registryError(
          endpoint.registry,
          'MALFORMED_RESPONSE',
          `${subject}: body does not match Docker-Content-Digest ${claimed}`,
        );
      }
    }
    const result = parseManifest(bytes, firstHeader(res.headers, 'content-type'), digest);
    if (!result.ok) throw registryError(endpoint.registry, result.code, `${subject}: ${result.reason}`);
    this.manifests.set(
      this.cacheKey(endpoint.registry, repo, digest),
      result.manifest,
      bytes.byteLength + 256,
    );
    return result.manifest;
  }

  resolve(repo: RepoRef, reference: string, options?: { platform?: Platform }): Promise<ResolvedImage> {
    return this.guard(async () => {
      checkRepo(repo);
      checkReference(repo, reference);
      return this.read(repo, async (endpoint) => {
        const head = await this.head(endpoint, repo, reference);
        if (!isIndexMediaType(head.mediaType))
          return { digest: head.digest, mediaType: head.mediaType, platformDigest: head.digest };
        const index = await this.fetchManifest(endpoint, repo, head.digest);
        const chosen =
          index.kind === 'index' ? selectPlatform(index.manifests, options?.platform ?? this.platform) : null;
        return { digest: head.digest, mediaType: head.mediaType, platformDigest: chosen?.digest ?? null };
      });
    });
  }

  getImageConfig(repo: RepoRef, reference: string, options?: { platform?: Platform }): Promise<ImageConfig> {
    return this.guard(async () => {
      checkRepo(repo);
      checkReference(repo, reference);
      return this.read(repo, async (endpoint) => {
        let manifest = await this.fetchManifest(endpoint, repo, reference);
        if (manifest.kind === 'index') {
          const platform = options?.platform ?? this.platform;
          const chosen = selectPlatform(manifest.manifests, platform);
          if (!chosen) {
            throw registryError(
              endpoint.registry,
              'NOT_FOUND',
              `no ${formatPlatform(platform)} image in ${describeRef(repo, reference)}`,
            );
          }
          manifest = await this.fetchManifest(endpoint, repo, chosen.digest);
          if (manifest.kind !== 'image') {
            throw registryError(
              endpoint.registry,
              'UNSUPPORTED',
              `${describeRef(repo, chosen.digest)} is a nested index`,
            );
          }
        }
        const configDigest = manifest.config.digest;
        const key = this.cacheKey(endpoint.registry, repo, configDigest);
        const cached = this.configs.get(key);
        if (cached) {
          this.cacheHit(endpoint.registry, 'blob');
          return cached;
        }
        const bytes = await this.blobBytes(endpoint, repo, configDigest, MAX_CONFIG_BYTES);
        const config = parseImageConfig(bytes, configDigest);
        if (!config)
          throw registryError(
            endpoint.registry,
            'MALFORMED_RESPONSE',
            `config ${describeRef(repo, configDigest)} is not a JSON object`,
          );
        this.configs.set(key, config);
        return config;
      });
    });
  }

  /** A small blob, buffered and verified (image configs, referrer payloads). */
  private async blobBytes(
    endpoint: Endpoint,
    repo: RepoRef,
    digest: string,
    maxBytes: number,
  ): Promise<Uint8Array> {
    const subject = `blob ${describeRef(repo, digest)}`;
    const parsed = parseDigest(digest);
    if (!parsed)
      throw registryError(endpoint.registry, 'UNSUPPORTED', `${subject}: digest algorithm not supported`);
    const res = await this.http.call({
      endpoint,
      method: 'GET',
      url: blobPath(repo, digest),
      kind: 'blob',
      scopes: this.scopes(repo, PULL),
      subject,
      maxBytes,
    });
    if (res.status !== 200)
      throw errorForStatus(endpoint.registry, res.status, {
        kind: 'blob',
        subject,
        repository: repo.repository,
        body: res.body,
      });
    const bytes = res.body ?? new Uint8Array();
    if (digestOf(bytes, parsed.algorithm) !== digest) {
      throw registryError(
        endpoint.registry,
        'MALFORMED_RESPONSE',
        `${subject}: content does not match its digest`,
      );
    }
    return bytes;
  }

  listReferrers(repo: RepoRef, digest: string, options?: { artifactType?: string }): Promise<Descriptor[]> {
    return this.guard(async () => {
      checkRepo(repo);
      if (!parseDigest(digest))
        throw registryError(
          repo.registry,
          'INVALID_REFERENCE',
          `not a digest: ${JSON.stringify(digest.slice(0, 200))}`,
        );
      const artifactType = options?.artifactType;
      const keep = (list: readonly Descriptor[]): Descriptor[] =>
        list.filter((d) => artifactType === undefined || d.artifactType === artifactType);
      return this.read(repo, async (endpoint) => {
        const subject = `referrers of ${describeRef(repo, digest)}`;
        if (!this.noReferrersApi.has(endpoint.origin)) {
          const query = artifactType === undefined ? '' : `?artifactType=${encodeURIComponent(artifactType)}`;
          const res = await this.http.call({
            endpoint,
            method: 'GET',
            url: referrersPath(repo, digest) + query,
            headers: { accept: 'application/vnd.oci.image.index.v1+json' },
            kind: 'referrers',
            scopes: this.scopes(repo, PULL),
            subject,
          });
          if (res.status === 200) {
            const parsed = parseManifest(
              res.body ?? new Uint8Array(),
              firstHeader(res.headers, 'content-type'),
              digestOf(res.body ?? new Uint8Array()),
            );
            if (!parsed.ok || parsed.manifest.kind !== 'index') {
              throw registryError(
                endpoint.registry,
                'MALFORMED_RESPONSE',
                `${subject}: ${parsed.ok ? 'not an index' : parsed.reason}`,
              );
            }
            return keep(parsed.manifest.manifests);
          }
          // A registry with the referrers API never answers 404 for it (OCI distribution spec 1.1).
          if (res.status !== 404 && res.status !== 405 && res.status !== 400) {
            throw errorForStatus(endpoint.registry, res.status, {
              kind: 'referrers',
              subject,
              repository: repo.repository,
              body: res.body,
            });
          }
          this.noReferrersApi.add(endpoint.origin);
        }
        const tag = digest.replace(':', '-');
        let fallback: Manifest;
        try {
          fallback = await this.fetchManifest(endpoint, repo, tag);
        } catch (error) {
          if (isShipshapeError(error, 'NOT_FOUND')) return [];
          throw error;
        }
        return fallback.kind === 'index' ? keep(fallback.manifests) : [];
      });
    });
  }

  getBlob(repo: RepoRef, digest: string): Promise<AsyncIterable<Uint8Array>> {
    return this.guard(async () => {
      checkRepo(repo);
      return this.read(repo, (endpoint) => this.openBlob(endpoint, repo, digest));
    });
  }

  /** Starts a blob download; the returned stream verifies length and digest and fails typed. */
  async openBlob(endpoint: Endpoint, repo: RepoRef, digest: string): Promise<AsyncIterable<Uint8Array>> {
    const subject = `blob ${describeRef(repo, digest)}`;
    const parsed = parseDigest(digest);
    if (!parsed)
      throw registryError(endpoint.registry, 'INVALID_REFERENCE', `${subject}: not a supported digest`);
    const res = await this.http.call({
      endpoint,
      method: 'GET',
      url: blobPath(repo, digest),
      kind: 'blob',
      scopes: this.scopes(repo, PULL),
      subject,
      mode: 'stream',
    });
    if (res.status !== 200 || !res.stream) {
      res.discard();
      throw errorForStatus(endpoint.registry, res.status, {
        kind: 'blob',
        subject,
        repository: repo.repository,
        body: res.body,
      });
    }
    const expected = contentLength(res.headers);
    const stream = res.stream;
    const registry = endpoint.registry;
    const scrub = (e: unknown): unknown => this.scrub(e);
    return {
      async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
        const verifier = new DigestVerifier(parsed.algorithm);
        try {
          for await (const chunk of stream) {
            verifier.update(chunk);
            yield chunk;
          }
        } catch (error) {
          res.discard();
          if (error instanceof TransportError) {
            const code =
              error.failure === 'truncated' || (expected !== null && verifier.length < expected)
                ? 'MALFORMED_RESPONSE'
                : 'REGISTRY_UNAVAILABLE';
            throw scrub(
              registryError(registry, code, `${subject}: ${error.message} after ${verifier.length} bytes`, {
                cause: error,
              }),
            );
          }
          throw error;
        }
        if (expected !== null && verifier.length !== expected) {
          throw registryError(
            registry,
            'MALFORMED_RESPONSE',
            `${subject}: got ${verifier.length} of ${expected} bytes`,
          );
        }
        if (verifier.digest() !== digest)
          throw registryError(
            registry,
            'MALFORMED_RESPONSE',
            `${subject}: content does not match its digest`,
          );
      },
    };
  }

  blobExists(repo: RepoRef, digest: string): Promise<boolean> {
    return this.guard(async () => {
      checkRepo(repo);
      return this.hasBlob(this.endpoint(repo.registry), repo, digest);
    });
  }

  async hasBlob(endpoint: Endpoint, repo: RepoRef, digest: string): Promise<boolean> {
    checkReference(repo, digest);
    const subject = `blob ${describeRef(repo, digest)}`;
    const res = await this.http.call({
      endpoint,
      method: 'HEAD',
      url: blobPath(repo, digest),
      kind: 'blob',
      scopes: this.scopes(repo, PULL),
      subject,
      redirect: 'manual',
    });
    if (res.status === 200 || (res.status >= 300 && res.status < 400)) return true;
    if (res.status === 404) return false;
    throw errorForStatus(endpoint.registry, res.status, {
      kind: 'blob',
      subject,
      repository: repo.repository,
    });
  }

  async manifestExists(repo: RepoRef, digest: string): Promise<boolean> {
    const endpoint = this.endpoint(repo.registry);
    if (this.manifests.get(this.cacheKey(endpoint.registry, repo, digest))) return true;
    const subject = `manifest ${describeRef(repo, digest)}`;
    const res = await this.http.call({
      endpoint,
      method: 'HEAD',
      url: manifestPath(repo, digest),
      headers: { accept: ACCEPT_MANIFESTS },
      kind: 'manifest',
      scopes: this.scopes(repo, PULL),
      subject,
    });
    if (res.status === 200) return true;
    if (res.status === 404) return false;
    throw errorForStatus(endpoint.registry, res.status, {
      kind: 'manifest',
      subject,
      repository: repo.repository,
    });
  }

  // ---- writes (./upload.ts) -------------------------------------------------------------------

  private uploadContext(repo: RepoRef): UploadContext {
    const endpoint = this.endpoint(repo.registry);
    return {
      http: this.http,
      endpoint,
      repo,
      scopes: this.scopes(repo, PUSH),
      chunkSize: this.uploadChunkSize,
      logger: this.logger,
    };
  }

  pushBlob(
    repo: RepoRef,
    digest: string,
    body: BlobBody,
    options?: { size?: number; chunkSize?: number },
  ): Promise<'uploaded' | 'skipped'> {
    return this.guard(async () => {
      checkRepo(repo);
      checkReference(repo, digest);
      const ctx = this.uploadContext(repo);
      if (await this.hasBlob(ctx.endpoint, repo, digest)) return 'skipped';
      const location = await openUpload(ctx);
      await uploadBlob(ctx, location, digest, body, options);
      return 'uploaded';
    });
  }

  mountBlob(repo: RepoRef, digest: string, from: RepoRef): Promise<boolean> {
    return this.guard(async () => {
      checkRepo(repo);
      checkRepo(from);
      checkReference(repo, digest);
      if (normalizeRegistryName(repo.registry) !== normalizeRegistryName(from.registry)) return false;
      const ctx = {
        ...this.uploadContext(repo),
        scopes: this.scopes(repo, PUSH, { repo: from, actions: PULL }),
      };
      const result = await mountOrOpen(ctx, digest, from);
      if (result.mounted) return true;
      await cancelUpload(ctx, result.location);
      return false;
    });
  }

  /** Mount, or the upload session the registry opened instead (./copy.ts uploads into it). */
  async mountOrUploadSession(
    repo: RepoRef,
    digest: string,
    from: RepoRef,
  ): Promise<{ mounted: true } | { mounted: false; location: string }> {
    const ctx = {
      ...this.uploadContext(repo),
      scopes: this.scopes(repo, PUSH, { repo: from, actions: PULL }),
    };
    return mountOrOpen(ctx, digest, from);
  }

  async uploadInto(
    repo: RepoRef,
    location: string | null,
    digest: string,
    body: BlobBody,
    size: number,
  ): Promise<void> {
    const ctx = this.uploadContext(repo);
    await uploadBlob(ctx, location ?? (await openUpload(ctx)), digest, body, { size });
  }

  putManifest(repo: RepoRef, reference: string, bytes: Uint8Array, mediaType: string): Promise<string> {
    return this.guard(async () => {
      checkRepo(repo);
      checkReference(repo, reference);
      return putManifest(this.uploadContext(repo), reference, bytes, mediaType);
    });
  }

  copyImage(src: RepoRef, srcReference: string, dst: RepoRef, dstReference: string): Promise<CopyResult> {
    return this.guard(async () => {
      checkRepo(src);
      checkRepo(dst);
      checkReference(src, srcReference);
      checkReference(dst, dstReference);
      return copyImage(this, src, srcReference, dst, dstReference);
    });
  }

  rateLimit(registry: string): RateLimitBudget | null {
    return this.http.rateLimit(normalizeRegistryName(registry));
  }
}
