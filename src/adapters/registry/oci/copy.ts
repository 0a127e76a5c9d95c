/**
 * copyImage: index → children → config and layers, written in dependency order (blobs, then the image
 * manifests that reference them, then the index). Blobs stream from source to target with bounded
 * memory; within one registry they are mounted; anything the target already has is skipped.
 */
import type { BlobBody, CopyResult, Descriptor, Manifest, RepoRef } from '../../../ports/registry.js';
import { registryError } from './errors.js';
import { normalizeRegistryName } from './hosts.js';
import { Limiter, mapConcurrent } from './limiter.js';

/** What copyImage needs from the client (implemented by OciRegistry). */
export interface CopyOperations {
  readonly copyConcurrency: number;
  getManifest(repo: RepoRef, reference: string): Promise<Manifest>;
  getBlob(repo: RepoRef, digest: string): Promise<AsyncIterable<Uint8Array> & { cancel(): void }>;
  blobExists(repo: RepoRef, digest: string): Promise<boolean>;
  manifestExists(repo: RepoRef, digest: string): Promise<boolean>;
  mountOrUploadSession(
    repo: RepoRef,
    digest: string,
    from: RepoRef,
  ): Promise<{ mounted: true } | { mounted: false; location: string }>;
  uploadInto(
    repo: RepoRef,
    location: string | null,
    digest: string,
    body: BlobBody,
    size: number,
  ): Promise<void>;
  putManifest(repo: RepoRef, reference: string, bytes: Uint8Array, mediaType: string): Promise<string>;
}

export async function copyImage(
  ops: CopyOperations,
  src: RepoRef,
  srcReference: string,
  dst: RepoRef,
  dstReference: string,
): Promise<CopyResult> {
  const sameRegistry = normalizeRegistryName(src.registry) === normalizeRegistryName(dst.registry);
  const sameRepo = sameRegistry && src.repository === dst.repository;
  const counts = { manifests: 0, blobsUploaded: 0, blobsMounted: 0, blobsSkipped: 0 };
  const blobs = new Map<string, Promise<void>>();
  const transfers = new Limiter(ops.copyConcurrency);

  const transferBlob = async (d: Descriptor): Promise<void> => {
    if (d.urls && d.urls.length > 0) {
      counts.blobsSkipped++; // foreign (non-distributable) layer: fetched from its URLs, never pushed
      return;
    }
    if (await ops.blobExists(dst, d.digest)) {
      counts.blobsSkipped++;
      return;
    }
    let session: string | null = null;
    if (sameRegistry && !sameRepo) {
      const mount = await ops.mountOrUploadSession(dst, d.digest, src);
      if (mount.mounted) {
        counts.blobsMounted++;
        return;
      }
      session = mount.location;
    }
    const stream = await ops.getBlob(src, d.digest);
    try {
      await ops.uploadInto(dst, session, d.digest, stream, d.size);
    } finally {
      stream.cancel(); // frees the source connection if the upload stopped early
    }
    counts.blobsUploaded++;
  };

  let failed = false;
  const copyBlob = (d: Descriptor): Promise<void> => {
    let task = blobs.get(d.digest);
    if (!task) {
      task = transfers.run(async () => {
        if (failed)
          throw registryError(
            dst.registry,
            'REGISTRY_UNAVAILABLE',
            'copy abandoned after an earlier failure',
          );
        try {
          await transferBlob(d);
        } catch (error) {
          failed = true;
          throw error;
        }
      });
      blobs.set(d.digest, task);
    }
    return task;
  };

  const copyContents = async (manifest: Manifest, depth: number): Promise<void> => {
    if (manifest.kind === 'image') {
      // Settle every transfer before reporting a failure: nothing keeps running behind the caller's back.
      const settled = await Promise.allSettled([manifest.config, ...manifest.layers].map(copyBlob));
      const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (rejected) throw rejected.reason;
      return;
    }
    if (depth > 2)
      throw registryError(src.registry, 'UNSUPPORTED', `index ${manifest.digest} nests too deeply`);
    await mapConcurrent(manifest.manifests, ops.copyConcurrency, async (child) => {
      // A manifest the target already has comes with everything it references.
      if (await ops.manifestExists(dst, child.digest)) return;
      const childManifest = await ops.getManifest(src, child.digest);
      await copyContents(childManifest, depth + 1);
      await ops.putManifest(dst, child.digest, childManifest.bytes, childManifest.mediaType);
      counts.manifests++;
    });
  };

  const top = await ops.getManifest(src, srcReference);
  if (dstReference.includes(':') && dstReference !== top.digest) {
    throw registryError(
      dst.registry,
      'INVALID_REFERENCE',
      `cannot store ${top.digest} under digest ${dstReference}`,
    );
  }
  await copyContents(top, 0);
  await ops.putManifest(dst, dstReference, top.bytes, top.mediaType);
  counts.manifests++;
  return { digest: top.digest, ...counts };
}
