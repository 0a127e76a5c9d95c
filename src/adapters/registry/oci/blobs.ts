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
  const res = await ctx.http.call({
    endpoint,
    method: 'GET',
    url: blobPath(repo, digest),
    kind: 'blob',
    scopes: repoScopes(repo, PULL),
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
  return {
    cancel: () => res.discard(),
    async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
      const verifier = new DigestVerifier(parsed.algorithm);
      try {
        for await (const chunk of stream) {
          verifier.update(chunk);
          yield chunk;
        }
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        const short = error.failure === 'truncated' || (expected !== null && verifier.length < expected);
        throw scrub(
          registryError(
            registry,
            short ? 'MALFORMED_RESPONSE' : 'REGISTRY_UNAVAILABLE',
            `${subject}: ${error.message} after ${verifier.length} bytes`,
            {
              cause: error,
            },
          ),
        );
      } finally {
        res.discard(); // no-op after a full read; frees the socket when the consumer stops early
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
