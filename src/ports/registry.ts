/**
 * The Registry port: everything the app needs from OCI distribution registries.
 * Implementations: adapters/registry/oci (HTTP, the real thing).
 * Errors are ShipshapeError with codes REGISTRY_UNAVAILABLE | AUTH_FAILED | NOT_FOUND | MALFORMED_RESPONSE | UNSUPPORTED.
 */

/** A repository in a registry. `registry` is the normalized host[:port] ("docker.io", "localhost:5000"). */
export interface RepoRef {
  readonly registry: string;
  readonly repository: string;
}

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

export const MediaTypes = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
} as const;

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly platform?: Platform;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly artifactType?: string;
  readonly urls?: readonly string[];
}

/** A fetched manifest: the exact bytes (digests are over bytes) and its parsed form. */
export type Manifest =
  | {
      readonly kind: 'index';
      readonly mediaType: string;
      readonly digest: string;
      readonly bytes: Uint8Array;
      readonly manifests: readonly Descriptor[];
      readonly artifactType?: string;
      readonly subject?: Descriptor;
      readonly annotations?: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'image';
      readonly mediaType: string;
      readonly digest: string;
      readonly bytes: Uint8Array;
      readonly config: Descriptor;
      readonly layers: readonly Descriptor[];
      readonly artifactType?: string;
      readonly subject?: Descriptor;
      readonly annotations?: Readonly<Record<string, string>>;
    };

export interface ManifestHead {
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
}

/** The parts of an image config blob that policy needs. */
export interface ImageConfig {
  readonly digest: string;
  readonly created: string | null;
  readonly os: string | null;
  readonly architecture: string | null;
  readonly variant: string | null;
  readonly labels: Readonly<Record<string, string>>;
}

/** Result of resolving a tag or digest: the top-level digest and, for an index, the platform's image digest. */
export interface ResolvedImage {
  readonly digest: string;
  readonly mediaType: string;
  /** The image manifest digest for the requested platform (equals `digest` for single-platform images). */
  readonly platformDigest: string | null;
}

export interface RateLimitBudget {
  readonly limit: number | null;
  readonly remaining: number | null;
  /** Window in seconds, from `RateLimit-Limit: 100;w=21600`, when given. */
  readonly windowSeconds: number | null;
  readonly observedAt: number;
}

export interface CopyResult {
  readonly digest: string;
  readonly manifests: number;
  readonly blobsUploaded: number;
  readonly blobsMounted: number;
  readonly blobsSkipped: number;
}

export type BlobBody = Uint8Array | AsyncIterable<Uint8Array>;

export interface Registry {
  /** GET /v2/: reachable and authenticated (or authenticatable). */
  ping(registry: string): Promise<void>;
  /** Every tag, following pagination. Order as the registry returns it. */
  listTags(repo: RepoRef): Promise<string[]>;
  /** HEAD first; digest from Docker-Content-Digest, or by hashing a GET when absent. */
  headManifest(repo: RepoRef, reference: string): Promise<ManifestHead>;
  getManifest(repo: RepoRef, reference: string): Promise<Manifest>;
  /** Digest of a tag or digest reference; for an index also the digest for `platform` (default: configured/host). */
  resolve(repo: RepoRef, reference: string, options?: { platform?: Platform }): Promise<ResolvedImage>;
  /** Config blob of the image for the platform (follows an index to the platform's manifest). */
  getImageConfig(repo: RepoRef, reference: string, options?: { platform?: Platform }): Promise<ImageConfig>;
  /** Referrers of a manifest digest: the referrers API, falling back to the `sha256-<hex>` tag schema. */
  listReferrers(repo: RepoRef, digest: string, options?: { artifactType?: string }): Promise<Descriptor[]>;
  /** Streams a blob, following redirects (credentials are not sent to another host). */
  getBlob(repo: RepoRef, digest: string): Promise<AsyncIterable<Uint8Array>>;
  blobExists(repo: RepoRef, digest: string): Promise<boolean>;
  /** Uploads a blob (monolithic, or chunked when `chunkSize` is set or the body is a stream); skips when it exists. */
  pushBlob(
    repo: RepoRef,
    digest: string,
    body: BlobBody,
    options?: { size?: number; chunkSize?: number },
  ): Promise<'uploaded' | 'skipped'>;
  /** Cross-repository mount within one registry; false when the registry fell back to a normal upload session. */
  mountBlob(repo: RepoRef, digest: string, from: RepoRef): Promise<boolean>;
  putManifest(repo: RepoRef, reference: string, bytes: Uint8Array, mediaType: string): Promise<string>;
  /** Copies an image (index, children, config, layers, in that dependency order) between repositories/registries. */
  copyImage(src: RepoRef, srcReference: string, dst: RepoRef, dstReference: string): Promise<CopyResult>;
  /**
   * Optional: obtain tokens for many repositories of one registry up front (one token request with several
   * scopes where the registry allows it), before a burst of reads. Failures surface on the reads themselves.
   */
  prefetchTokens?(
    registry: string,
    repositories: readonly string[],
    actions?: readonly string[],
  ): Promise<void>;
  /** The last rate-limit budget seen for a registry, if it sends RateLimit-* headers. */
  rateLimit(registry: string): RateLimitBudget | null;
}
