/** Blob reads: existence, small verified blobs (configs), and verified streams for big ones. */
import type { RepoRef } from '../../../ports/registry.js';
import { PULL, repoScopes, type RegistryContext } from './context.js';
import { DigestVerifier, digestOf, parseDigest } from './digest.js';
import { errorForStatus, registryError } from './errors.js';
import type { Endpoint } from './hosts.js';
import { blobPath, describeRef } from './paths.js';
import { contentLength, TransportError } from './transport.js';

export async function blobExists(
  ctx: RegistryContext,
  endpoint: Endpoint,
  repo: RepoRef,
  digest: string,
): Promise<boolean> {
  const subject = `blob ${describeRef(repo, digest)}`;
  const res = await ctx.http.call({
    endpoint,
    method: 'HEAD',
    url: blobPath(repo, digest),
    kind: 'blob',
    scopes: repoScopes(repo, PULL),
    subject,
    // A redirect to storage means the blob exists; a presigned GET URL may not even allow HEAD.
    redirect: 'manual',
  });
  if (res.status === 200 || (res.status >= 300 && res.status < 400)) return true;
  if (res.status === 404) return false;
  throw errorForStatus(endpoint.registry, res.status, { kind: 'blob', subject, repository: repo.repository });
}

/** A small blob, buffered and verified against its digest. */
export async function blobBytes(
  ctx: RegistryContext,
  endpoint: Endpoint,
  repo: RepoRef,
  digest: string,
  maxBytes: number,
): Promise<Uint8Array> {
  const subject = `blob ${describeRef(repo, digest)}`;
  const parsed = parseDigest(digest);
  if (!parsed)
    throw registryError(endpoint.registry, 'UNSUPPORTED', `${subject}: digest algorithm not supported`);
  const res = await ctx.http.call({
    endpoint,
    method: 'GET',
    url: blobPath(repo, digest),
    kind: 'blob',
    scopes: repoScopes(repo, PULL),
    subject,
    maxBytes,
  });
  if (res.status !== 200) {
    throw errorForStatus(endpoint.registry, res.status, {
      kind: 'blob',
      subject,
      repository: repo.repository,
      body: res.body,
    });
  }
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

/** A blob download: iterate it once; cancel() drops it unread (idempotent, harmless after a full read). */
export type BlobStream = AsyncIterable<Uint8Array> & { cancel(): void };

/**
 * Starts a blob download (following redirects; credentials stay with the registry's origin). The stream
 * checks length and digest as it goes and ends with a typed error instead of bad data.
 */
/** How often one blob download continues after its connection broke, from where it broke. */
export const BLOB_RESUMES = 3;

/**
 * Opens a blob for streaming. The digest (and Content-Length) are verified over the whole stream; when
 * the connection breaks mid-way, the download continues from the last byte received with a Range
 * request, up to BLOB_RESUMES times (a registry that answers 200 instead of 206 is read from the start
 * and the bytes already received are skipped).
 */
export async function openBlob(
  ctx: RegistryContext,
  endpoint: Endpoint,
  repo: RepoRef,
  digest: string,
  scrub: (e: unknown) => unknown,
): Promise<BlobStream> {
  const subject = `blob ${describeRef(repo, digest)}`;
  const parsed = parseDigest(digest);
  if (!parsed)
    throw registryError(endpoint.registry, 'INVALID_REFERENCE', `${subject}: not a supported digest`);
  const request = (from: number) =>
    ctx.http.call({
      endpoint,
      method: 'GET',
      url: blobPath(repo, digest),
      ...(from > 0 ? { headers: { range: `bytes=${from}-` } } : {}),
      kind: 'blob',
      scopes: repoScopes(repo, PULL),
      subject,
      mode: 'stream',
    });
  let current = await request(0);
  if (current.status !== 200 || !current.stream) {
    current.discard();
    throw errorForStatus(endpoint.registry, current.status, {
      kind: 'blob',
      subject,
      repository: repo.repository,
      body: current.body,
    });
  }
  const expected = contentLength(current.headers);
  const registry = endpoint.registry;

  /** The rest of the blob from byte `from`, and how many leading bytes of it to drop; null if not served. */
  const resume = async (from: number): Promise<{ res: typeof current; skip: number } | null> => {
    let res: typeof current;
    try {
      res = await request(from);
    } catch {
      return null;
    }
    if (res.stream && res.status === 206) {
      const header = res.headers['content-range'];
      const range = /^bytes (\d+)-\d+\/(?:\d+|\*)$/.exec(typeof header === 'string' ? header : '');
      if (range !== null && Number(range[1]) === from) return { res, skip: 0 };
    } else if (res.stream && res.status === 200) return { res, skip: from };
    res.discard();
    return null;
  };

  return {
    cancel: () => current.discard(),
    async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
      const verifier = new DigestVerifier(parsed.algorithm);
      let skip = 0;
      for (let resumes = 0; ; resumes++) {
        let broken: TransportError | null = null;
        try {
          for await (const chunk of current.stream!) {
            let part = chunk;
            if (skip > 0) {
              if (part.length <= skip) {
                skip -= part.length;
                continue;
              }
              part = part.subarray(skip);
              skip = 0;
            }
            verifier.update(part);
            yield part;
          }
        } catch (error) {
          if (!(error instanceof TransportError)) throw error;
          broken = error;
        } finally {
          current.discard(); // no-op after a full read; frees the socket when the consumer stops early
        }
        const short = expected !== null && verifier.length < expected;
        if (broken === null && !short) break;
        const next = resumes < BLOB_RESUMES ? await resume(verifier.length) : null;
        if (next !== null) {
          current = next.res;
          skip = next.skip;
          continue;
        }
        if (broken === null) break; // short without an error: reported below
        throw scrub(
          registryError(
            registry,
            broken.failure === 'truncated' || short ? 'MALFORMED_RESPONSE' : 'REGISTRY_UNAVAILABLE',
            `${subject}: ${broken.message} after ${verifier.length} bytes${resumes > 0 ? ` (${resumes} resumed downloads)` : ''}`,
            { cause: broken },
          ),
        );
      }
      if (expected !== null && verifier.length !== expected) {
        throw registryError(
          registry,
          'MALFORMED_RESPONSE',
          `${subject}: got ${verifier.length} of ${expected} bytes`,
        );
      }
      if (verifier.digest() !== digest)
        throw registryError(registry, 'MALFORMED_RESPONSE', `${subject}: content does not match its digest`);
    },
  };
}
