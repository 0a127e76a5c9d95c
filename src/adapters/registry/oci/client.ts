/**
 * OciRegistry: the Registry port over the OCI distribution API. This file wires the pieces and holds
 * the public surface; the work is in ./manifests.ts, ./blobs.ts, ./tags.ts, ./referrers.ts (reads),
 * ./upload.ts (writes) and ./copy.ts. Construction is cheap; call close() to free pooled sockets.
 */
import { isShipshapeError, ShipshapeError } from '../../../core/errors.js';
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
import { blobBytes, blobExists, openBlob, type BlobStream } from './blobs.js';
import { cacheKey, emitCacheHit, PULL, PUSH, repoScopes, type RegistryContext } from './context.js';
import { copyImage, type CopyOperations } from './copy.js';
import { parseDigest } from './digest.js';
import { errorForStatus, redact, registryError } from './errors.js';
import {
  endpointFor,
  mirrorEndpointFor,
  normalizeRegistryName,
  type Endpoint,
  type HostOptions,
} from './hosts.js';
import { RegistryHttp } from './http.js';
import { parseImageConfig } from './image-config.js';
import { Lru } from './lru.js';
import { isIndexMediaType } from './manifest.js';
import { getManifest, headManifest, manifestExists } from './manifests.js';
import { checkReference, checkRepo, describeRef } from './paths.js';
import { defaultPlatform, type OciRegistryOptions } from './options.js';
import { formatPlatform, selectPlatform } from './platform.js';
import { listReferrers } from './referrers.js';
import { parseScopes, repositoryScope } from './scope.js';
import { listTags } from './tags.js';
import { Transport } from './transport.js';
import {
  cancelUpload,
  mountOrOpen,
  openUpload,
  putManifest,
  uploadBlob,
  type UploadContext,
} from './upload.js';

export type { BlobStream } from './blobs.js';
export type { HostOptions } from './hosts.js';
export type { RequestEvent } from './http.js';
export type { OciRegistryOptions } from './options.js';

const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

export class OciRegistry implements Registry {
  private readonly ctx: RegistryContext;
  private readonly http: RegistryHttp;
  private readonly auth: Authenticator;
  private readonly transport: Transport;
  private readonly hosts: Readonly<Record<string, HostOptions>>;
  private readonly concurrency: number;
  private readonly platform: Platform;
  private readonly logger: Logger;
  private readonly uploadChunkSize: number;
  private readonly copyConcurrency: number;

  constructor(options: OciRegistryOptions) {
    this.hosts = options.hosts ?? {};
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.platform = options.platform ?? defaultPlatform();
    this.logger = options.logger ?? silentLogger;
    this.uploadChunkSize = Math.max(1, options.uploadChunkSize ?? 16 * 1024 * 1024);
    this.copyConcurrency = Math.max(1, options.copyConcurrency ?? Math.min(4, this.concurrency));
    this.transport = new Transport({
      timeoutMs: options.timeoutMs ?? 30_000,
      userAgent: options.userAgent ?? 'shipshape',
    });
    // The authenticator reaches token endpoints through the pipeline, which asks it for headers.
    const late: { http?: RegistryHttp } = {};
    this.auth = new Authenticator({
      credentials: options.credentials,
      logger: this.logger,
      send: (endpoint, req) => late.http!.token(endpoint, req),
      ...(options.now ? { now: options.now } : {}),
      ...(options.maxScopesPerToken !== undefined ? { maxScopesPerToken: options.maxScopesPerToken } : {}),
    });
    this.http = late.http = new RegistryHttp({
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
    this.ctx = {
      http: this.http,
      manifests: new Lru<Manifest>(1000, 32 * 1024 * 1024),
      configs: new Lru<ImageConfig>(1000, 1000),
      noReferrersApi: new Set(),
      tagPageSize: Math.max(1, options.tagPageSize ?? 1000),
    };
  }

  /** Closes pooled connections. The instance must not be used afterwards. */
  async close(): Promise<void> {
    await this.transport.close();
  }

  // ---- plumbing ---------------------------------------------------------------------------------

  private endpoint(registry: string): Endpoint {
    return endpointFor(registry, this.hosts, this.concurrency);
  }

  /** Reads go to the mirror when one is configured, and fall back to the registry itself. */
  private async read<T>(repo: RepoRef, fn: (endpoint: Endpoint) => Promise<T>): Promise<T> {
    const mirror = mirrorEndpointFor(repo.registry, this.hosts, this.concurrency);
    const upstream = this.endpoint(repo.registry);
    if (!mirror) return fn(upstream);
    try {
      return await fn(mirror);
    } catch (error) {
      if (!isShipshapeError(error) || error.code === 'INVALID_REFERENCE') throw error;
      this.logger.debug('mirror failed, using the registry', {
        registry: upstream.registry,
        mirror: mirror.registry,
        code: error.code,
      });
      return fn(upstream);
    }
  }

  /** Every public method runs through this: messages are scrubbed of any known secret. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.scrub(error);
    }
  }

  private scrub(error: unknown): unknown {
    if (!(error instanceof Error)) return error;
    const clean = redact(error.message, this.auth.secrets());
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

  /** Learns a registry's auth scheme with one unauthenticated GET /v2/. */
  private async probe(endpoint: Endpoint): Promise<void> {
    const res = await this.http.call({
      endpoint,
      method: 'GET',
      url: '/v2/',
      kind: 'ping',
      scopes: null,
      subject: 'ping',
    });
    this.auth.observe(endpoint, res.status, res.headers['www-authenticate']);
  }

  private uploadContext(repo: RepoRef, from?: RepoRef): UploadContext {
    return {
      http: this.http,
      endpoint: this.endpoint(repo.registry),
      repo,
      scopes: repoScopes(repo, PUSH, from ? { repo: from, actions: PULL } : undefined),
      chunkSize: this.uploadChunkSize,
      logger: this.logger,
    };
  }

  // ---- beyond the port ----------------------------------------------------------------------------

  /**
   * One token request covering `repositories` (chunked by maxScopesPerToken), so that the requests that
   * follow reuse it. Does nothing for registries without token auth.
   */
  prefetchTokens(
    registry: string,
    repositories: readonly string[],
    actions: readonly string[] = PULL,
  ): Promise<void> {
    return this.guard(async () => {
      const mirror = mirrorEndpointFor(registry, this.hosts, this.concurrency);
      const endpoint = mirror ?? this.endpoint(registry);
      const scopes = parseScopes(repositories.map((r) => repositoryScope(r, actions)));
      await this.auth.prefetch(endpoint, scopes, () => this.probe(endpoint));
    });
  }

  /** HEAD a manifest by digest in the target registry (used by copyImage to skip what is there). */
  manifestExists(repo: RepoRef, digest: string): Promise<boolean> {
    return this.guard(async () => {
      checkRepo(repo);
      checkReference(repo, digest);
      return manifestExists(this.ctx, this.endpoint(repo.registry), repo, digest);
    });
  }

  /** What copyImage needs: the public reads plus mount-or-session and upload-into-session. */
  private copyOperations(): CopyOperations {
    return {
      copyConcurrency: this.copyConcurrency,
      getManifest: (repo, reference) => this.getManifest(repo, reference),
      getBlob: (repo, digest) => this.getBlob(repo, digest),
      blobExists: (repo, digest) => this.blobExists(repo, digest),
      manifestExists: (repo, digest) => this.manifestExists(repo, digest),
      putManifest: (repo, reference, bytes, mediaType) => this.putManifest(repo, reference, bytes, mediaType),
      mountOrUploadSession: (repo, digest, from) => mountOrOpen(this.uploadContext(repo, from), digest, from),
      uploadInto: async (repo, location, digest, body, size) => {
        const ctx = this.uploadContext(repo);
        await uploadBlob(ctx, location ?? (await openUpload(ctx)), digest, body, { size });
      },
    };
  }

  // ---- reads --------------------------------------------------------------------------------------

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
      return this.read(repo, (endpoint) => listTags(this.ctx, endpoint, repo));
    });
  }

  headManifest(repo: RepoRef, reference: string): Promise<ManifestHead> {
    return this.guard(async () => {
      checkRepo(repo);
      checkReference(repo, reference);
      return this.read(repo, (endpoint) => headManifest(this.ctx, endpoint, repo, reference));
    });
  }

  getManifest(repo: RepoRef, reference: string): Promise<Manifest> {
    return this.guard(async () => {
      checkRepo(repo);
      checkReference(repo, reference);
      return this.read(repo, (endpoint) => getManifest(this.ctx, endpoint, repo, reference));
    });
  }

  resolve(repo: RepoRef, reference: string, options?: { platform?: Platform }): Promise<ResolvedImage> {
    return this.guard(async () => {
      checkRepo(repo);
      checkReference(repo, reference);
      return this.read(repo, async (endpoint) => {
        const head = await headManifest(this.ctx, endpoint, repo, reference);
        if (!isIndexMediaType(head.mediaType))
          return { digest: head.digest, mediaType: head.mediaType, platformDigest: head.digest };
        // Only an index needs its body: by digest, so it is cached and verified.
        const index = await getManifest(this.ctx, endpoint, repo, head.digest);
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
        let manifest = await getManifest(this.ctx, endpoint, repo, reference);
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
          manifest = await getManifest(this.ctx, endpoint, repo, chosen.digest);
          if (manifest.kind !== 'image') {
            throw registryError(
              endpoint.registry,
              'UNSUPPORTED',
              `${describeRef(repo, chosen.digest)} is a nested index`,
            );
          }
        }
        const digest = manifest.config.digest;
        const key = cacheKey(endpoint.registry, repo, digest);
        const cached = this.ctx.configs.get(key);
        if (cached) {
          emitCacheHit(this.ctx, endpoint.registry, 'blob');
          return cached;
        }
        const config = parseImageConfig(
          await blobBytes(this.ctx, endpoint, repo, digest, MAX_CONFIG_BYTES),
          digest,
        );
        if (!config)
          throw registryError(
            endpoint.registry,
            'MALFORMED_RESPONSE',
            `config ${describeRef(repo, digest)} is not a JSON object`,
          );
        this.ctx.configs.set(key, config);
        return config;
      });
    });
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
      return this.read(repo, (endpoint) =>
        listReferrers(this.ctx, endpoint, repo, digest, options?.artifactType),
      );
    });
  }

  getBlob(repo: RepoRef, digest: string): Promise<BlobStream> {
    return this.guard(async () => {
      checkRepo(repo);
      return this.read(repo, (endpoint) => openBlob(this.ctx, endpoint, repo, digest, (e) => this.scrub(e)));
    });
  }

  blobExists(repo: RepoRef, digest: string): Promise<boolean> {
    return this.guard(async () => {
      checkRepo(repo);
      checkReference(repo, digest);
      return blobExists(this.ctx, this.endpoint(repo.registry), repo, digest);
    });
  }

  // ---- writes -------------------------------------------------------------------------------------

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
      if (await blobExists(this.ctx, ctx.endpoint, repo, digest)) return 'skipped';
      await uploadBlob(ctx, await openUpload(ctx), digest, body, options);
      return 'uploaded';
    });
  }

  mountBlob(repo: RepoRef, digest: string, from: RepoRef): Promise<boolean> {
    return this.guard(async () => {
      checkRepo(repo);
      checkRepo(from);
      checkReference(repo, digest);
      if (normalizeRegistryName(repo.registry) !== normalizeRegistryName(from.registry)) return false;
      const ctx = this.uploadContext(repo, from);
      const result = await mountOrOpen(ctx, digest, from);
      if (result.mounted) return true;
      await cancelUpload(ctx, result.location);
      return false;
    });
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
      // One token for everything the copy does in the target (and, within one registry, the source too).
      const sameRegistry = normalizeRegistryName(src.registry) === normalizeRegistryName(dst.registry);
      const target = this.endpoint(dst.registry);
      const scopes = repoScopes(dst, PUSH, sameRegistry ? { repo: src, actions: PULL } : undefined);
      await this.auth.prefetch(target, scopes, () => this.probe(target));
      return copyImage(this.copyOperations(), src, srcReference, dst, dstReference);
    });
  }

  rateLimit(registry: string): RateLimitBudget | null {
    return this.http.rateLimit(normalizeRegistryName(registry));
  }
}
