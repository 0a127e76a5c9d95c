/**
 * Uploads: blob sessions (monolithic POST+PUT, chunked POST+PATCH…+PUT with bounded memory), cross-repository
 * mounts and manifest PUTs. Failed sessions are cancelled so registries do not keep half-written uploads.
 */
import type { Logger } from '../../../ports/logger.js';
import type { BlobBody, RepoRef } from '../../../ports/registry.js';
import { DigestVerifier, digestOf, parseDigest } from './digest.js';
import { errorForStatus, registryError } from './errors.js';
import type { Endpoint } from './hosts.js';
import type { RegistryHttp } from './http.js';
import { describeRef, manifestPath, uploadsPath } from './paths.js';
import type { ScopeSet } from './scope.js';
import { firstHeader } from './transport.js';

export interface UploadContext {
  readonly http: RegistryHttp;
  readonly endpoint: Endpoint;
  readonly repo: RepoRef;
  /** pull,push on the target (and pull on a mount source). */
  readonly scopes: ScopeSet;
  readonly chunkSize: number;
  readonly logger: Logger;
}

const OCTET = 'application/octet-stream';

function location(
  ctx: UploadContext,
  res: { headers: Record<string, string | string[] | undefined>; url: string },
  subject: string,
): string {
  const value = firstHeader(res.headers, 'location');
  if (!value)
    throw registryError(
      ctx.endpoint.registry,
      'MALFORMED_RESPONSE',
      `${subject}: upload response without Location`,
    );
  return new URL(value, res.url).toString();
}

/** POST …/blobs/uploads/ → the session URL. */
export async function openUpload(ctx: UploadContext): Promise<string> {
  const subject = `upload to ${ctx.repo.repository}`;
  const res = await ctx.http.call({
    endpoint: ctx.endpoint,
    method: 'POST',
    url: uploadsPath(ctx.repo),
    kind: 'upload',
    scopes: ctx.scopes,
    subject,
  });
  if (res.status !== 202)
    throw errorForStatus(ctx.endpoint.registry, res.status, {
      kind: 'upload',
      subject,
      repository: ctx.repo.repository,
      body: res.body,
    });
  return location(ctx, res, subject);
}

/** POST …/blobs/uploads/?mount=&from= : 201 mounted; 202 the registry opened a normal session instead. */
export async function mountOrOpen(
  ctx: UploadContext,
  digest: string,
  from: RepoRef,
): Promise<{ mounted: true } | { mounted: false; location: string }> {
  const subject = `mount of ${describeRef(from, digest)} into ${ctx.repo.repository}`;
  const url = `${uploadsPath(ctx.repo)}?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from.repository)}`;
  const res = await ctx.http.call({
    endpoint: ctx.endpoint,
    method: 'POST',
    url,
    kind: 'upload',
    scopes: ctx.scopes,
    subject,
  });
  if (res.status === 201) return { mounted: true };
  if (res.status === 202) return { mounted: false, location: location(ctx, res, subject) };
  throw errorForStatus(ctx.endpoint.registry, res.status, {
    kind: 'upload',
    subject,
    repository: ctx.repo.repository,
    body: res.body,
  });
}

/** DELETE an upload session; best effort (a failure here must not hide the original error). */
export async function cancelUpload(ctx: UploadContext, sessionUrl: string): Promise<void> {
  try {
    const res = await ctx.http.call({
      endpoint: ctx.endpoint,
      method: 'DELETE',
      url: sessionUrl,
      kind: 'upload',
      scopes: ctx.scopes,
      subject: 'cancel upload',
    });
    res.discard();
  } catch (error) {
    ctx.logger.debug('could not cancel an upload session', {
      registry: ctx.endpoint.registry,
      error: String(error),
    });
  }
}

/** Re-slices a stream into chunks of exactly `size` bytes (the last may be shorter); memory stays ≤ size. */
export async function* rechunk(source: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  let buffer = Buffer.allocUnsafe(size);
  let filled = 0;
  for await (const piece of source) {
    let offset = 0;
    while (offset < piece.byteLength) {
      const n = Math.min(size - filled, piece.byteLength - offset);
      buffer.set(piece.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === size) {
        yield buffer;
        buffer = Buffer.allocUnsafe(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield buffer.subarray(0, filled);
}

async function* slices(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += size) yield bytes.subarray(offset, offset + size);
}

/**
 * Uploads `body` into an open session. A Uint8Array goes in one PUT unless `chunkSize` asks for chunks;
 * a stream is re-chunked (one PUT when it fits in one chunk, else PATCH per chunk then PUT).
 */
export async function uploadBlob(
  ctx: UploadContext,
  session: string,
  digest: string,
  body: BlobBody,
  options?: { size?: number | undefined; chunkSize?: number | undefined },
): Promise<void> {
  const subject = `blob ${describeRef(ctx.repo, digest)}`;
  const parsed = parseDigest(digest);
  if (!parsed)
    throw registryError(ctx.endpoint.registry, 'INVALID_REFERENCE', `${subject}: not a supported digest`);
  const chunkSize = Math.max(1, options?.chunkSize ?? ctx.chunkSize);
  let source: AsyncIterator<Uint8Array> | undefined;
  try {
    if (body instanceof Uint8Array) {
      if (options?.chunkSize === undefined || body.byteLength <= chunkSize) {
        checkSize(ctx, subject, options?.size, body.byteLength);
        await finish(ctx, session, digest, body, subject);
        return;
      }
      source = slices(body, chunkSize)[Symbol.asyncIterator]();
    } else {
      source = rechunk(body, chunkSize)[Symbol.asyncIterator]();
    }
    const verifier = new DigestVerifier(parsed.algorithm);
    const first = await source.next();
    const second = first.done ? undefined : await source.next();
    if (first.done || !second || second.done) {
      const only = first.done ? new Uint8Array() : first.value;
      verifier.update(only);
      verify(ctx, subject, digest, verifier, options?.size);
      await finish(ctx, session, digest, only, subject);
      return;
    }
    let url = session;
    let offset = 0;
    const send = async (chunk: Uint8Array): Promise<void> => {
      verifier.update(chunk);
      const res = await ctx.http.call({
        endpoint: ctx.endpoint,
        method: 'PATCH',
        url,
        headers: { 'content-type': OCTET, 'content-range': `${offset}-${offset + chunk.byteLength - 1}` },
        body: chunk,
        kind: 'upload',
        scopes: ctx.scopes,
        subject,
      });
      if (res.status !== 202)
        throw errorForStatus(ctx.endpoint.registry, res.status, {
          kind: 'upload',
          subject,
          repository: ctx.repo.repository,
          body: res.body,
        });
      url = firstHeader(res.headers, 'location') ? location(ctx, res, subject) : url;
      offset += chunk.byteLength;
    };
    await send(first.value);
    await send(second.value);
    for (let next = await source.next(); !next.done; next = await source.next()) await send(next.value);
    verify(ctx, subject, digest, verifier, options?.size);
    session = url;
    await finish(ctx, url, digest, undefined, subject);
  } catch (error) {
    // Close the source chain (a blob download feeding this upload) and the session.
    await source?.return?.().catch(() => undefined);
    await cancelUpload(ctx, session);
    throw error;
  }
}

function checkSize(ctx: UploadContext, subject: string, expected: number | undefined, actual: number): void {
  if (expected !== undefined && expected !== actual) {
    throw registryError(
      ctx.endpoint.registry,
      'MALFORMED_RESPONSE',
      `${subject}: content is ${actual} bytes, expected ${expected}`,
    );
  }
}

function verify(
  ctx: UploadContext,
  subject: string,
  digest: string,
  verifier: DigestVerifier,
  size: number | undefined,
): void {
  checkSize(ctx, subject, size, verifier.length);
  if (verifier.digest() !== digest)
    throw registryError(
      ctx.endpoint.registry,
      'MALFORMED_RESPONSE',
      `${subject}: content does not match its digest`,
    );
}

/** PUT <session>?digest=… (with the last or only piece of content) → 201. */
async function finish(
  ctx: UploadContext,
  session: string,
  digest: string,
  body: Uint8Array | undefined,
  subject: string,
): Promise<void> {
  const url = new URL(session);
  url.searchParams.set('digest', digest);
  const res = await ctx.http.call({
    endpoint: ctx.endpoint,
    method: 'PUT',
    url: url.toString(),
    headers: { 'content-type': OCTET },
    body: body ?? new Uint8Array(),
    kind: 'upload',
    scopes: ctx.scopes,
    subject,
  });
  if (res.status === 201 || res.status === 204) return;
  throw errorForStatus(ctx.endpoint.registry, res.status, {
    kind: 'upload',
    subject,
    repository: ctx.repo.repository,
    body: res.body,
  });
}

/** PUT a manifest; returns its digest (the registry's, which must be the digest of the bytes). */
export async function putManifest(
  ctx: UploadContext,
  reference: string,
  bytes: Uint8Array,
  mediaType: string,
): Promise<string> {
  const subject = `manifest ${describeRef(ctx.repo, reference)}`;
  const res = await ctx.http.call({
    endpoint: ctx.endpoint,
    method: 'PUT',
    url: manifestPath(ctx.repo, reference),
    headers: { 'content-type': mediaType },
    body: bytes,
    kind: 'manifest',
    scopes: ctx.scopes,
    subject,
  });
  if (res.status !== 201 && res.status !== 200 && res.status !== 202) {
    throw errorForStatus(ctx.endpoint.registry, res.status, {
      kind: 'manifest',
      subject,
      repository: ctx.repo.repository,
      body: res.body,
    });
  }
  const computed = digestOf(bytes);
  const claimed = firstHeader(res.headers, 'docker-content-digest');
  const claimedParsed = claimed === undefined ? null : parseDigest(claimed);
  if (claimed !== undefined && claimedParsed && digestOf(bytes, claimedParsed.algorithm) !== claimed) {
    throw registryError(
      ctx.endpoint.registry,
      'MALFORMED_RESPONSE',
      `${subject}: registry stored digest ${claimed}, not the digest of the bytes sent`,
    );
  }
  return claimed ?? computed;
}
