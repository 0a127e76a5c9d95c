/** copyImage between two real registries (Basic → token), through proxies that count what goes over the wire. */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OciRegistry } from '../../src/adapters/registry/index.js';
import { isShipshapeError } from '../../src/core/errors.js';
import { MediaTypes } from '../../src/ports/registry.js';
import {
  pushImage,
  startFaultProxy,
  startRegistry,
  type FaultProxy,
  type RunningRegistry,
  type SeededImage,
} from '../harness/index.js';
import { seedTarget, staticCredentials } from './registry-fixtures.js';

const MiB = 1024 * 1024;
const AMD64 = { os: 'linux', architecture: 'amd64' };
const ARM64 = { os: 'linux', architecture: 'arm64' };

let source: RunningRegistry;
let target: RunningRegistry;
let srcProxy: FaultProxy;
let dstProxy: FaultProxy;
let image: SeededImage;
let bigLayer: Uint8Array;
let client: OciRegistry;

const src = (repository = 'team/app') => ({ registry: srcProxy.host, repository });
const dst = (repository: string) => ({ registry: dstProxy.host, repository });
const digestOf = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

beforeAll(async () => {
  [source, target] = await Promise.all([startRegistry({ auth: 'basic' }), startRegistry({ auth: 'token' })]);
  [srcProxy, dstProxy] = await Promise.all([
    startFaultProxy({ target: source.url }),
    startFaultProxy({ target: target.url }),
  ]);
  bigLayer = randomBytes(3 * MiB + 123); // not gzip: the seed treats it as an uncompressed layer
  image = await pushImage(seedTarget(source), 'team/app', '1.0', {
    mediaTypes: 'docker',
    platforms: [AMD64, ARM64],
    attestations: true,
    layers: [bigLayer],
  });
  const password = { username: 'tester', password: 's3cret-pw' };
  client = new OciRegistry({
    credentials: staticCredentials({ [srcProxy.host]: password, [dstProxy.host]: password }),
    uploadChunkSize: MiB,
    retryBaseMs: 10,
  });
});
afterAll(async () => {
  await client?.close();
  await Promise.all([srcProxy?.stop(), dstProxy?.stop()]);
  await Promise.all([source?.stop(), target?.stop()]);
});
beforeEach(() => {
  srcProxy.reset();
  dstProxy.reset();
  target.tokenServer!.reset();
});

describe('copyImage across registries', () => {
  it('copies a multi-platform Docker list with attestations, in dependency order, streaming big layers in chunks', async () => {
    const result = await client.copyImage(src(), '1.0', dst('mirror/app'), '1.0');
    // 2 configs + 1 layer shared by both platforms + 2 × (attestation config + statement)
    expect(result).toEqual({
      digest: image.digest,
      manifests: 5,
      blobsUploaded: 7,
      blobsMounted: 0,
      blobsSkipped: 0,
    });

    // Each source blob read once; the 3 MiB layer went up as 4 PATCHes of ≤ 1 MiB, small blobs in one PUT.
    expect(srcProxy.countsByKind()['blob-get']).toBe(7);
    const uploads = dstProxy.requests().filter((r) => r.kindOf === 'blob-upload');
    expect(uploads.filter((r) => r.method === 'PATCH')).toHaveLength(4);
    expect(uploads.filter((r) => r.method === 'PUT')).toHaveLength(7);
    // Dependency order: children (by digest) after blobs they need — the registry refuses them otherwise —
    // and the index, by tag, strictly last.
    const log = dstProxy.requests();
    const puts = log.filter((r) => r.kindOf === 'manifest-put');
    expect(puts.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(log.at(-1)?.path).toBe('/v2/mirror/app/manifests/1.0');
    // One token for the whole copy in the token-auth target.
    expect(target.tokenServer!.requests().filter((r) => r.status === 200)).toHaveLength(1);

    const copied = dst('mirror/app');
    expect(await client.headManifest(copied, '1.0')).toEqual({
      digest: image.digest,
      mediaType: MediaTypes.dockerManifestList,
      size: image.bytes.length,
    });
    expect((await client.resolve(copied, '1.0', { platform: ARM64 })).platformDigest).toBe(
      image.platformDigests['linux/arm64'],
    );
    const chunks: Buffer[] = [];
    for await (const chunk of await client.getBlob(copied, digestOf(bigLayer)))
      chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).equals(bigLayer)).toBe(true);
  });

  it('skips what the target already has', async () => {
    await client.copyImage(src(), '1.0', dst('mirror/again'), '1.0');
    srcProxy.reset();
    const again = await client.copyImage(src(), '1.0', dst('mirror/again'), '1.0-copy');
    expect(again).toEqual({
      digest: image.digest,
      manifests: 1,
      blobsUploaded: 0,
      blobsMounted: 0,
      blobsSkipped: 0,
    });
    expect(srcProxy.countsByKind()['blob-get']).toBe(0);
  });

  it('copies a single platform image by digest', async () => {
    const platformDigest = image.platformDigests['linux/amd64']!;
    const result = await client.copyImage(src(), platformDigest, dst('mirror/amd64'), 'amd64');
    expect(result).toEqual({
      digest: platformDigest,
      manifests: 1,
      blobsUploaded: 2,
      blobsMounted: 0,
      blobsSkipped: 0,
    });
    expect((await client.getImageConfig(dst('mirror/amd64'), 'amd64')).architecture).toBe('amd64');
  });

  it('fails with a typed error and cancels the upload session when the target keeps failing', async () => {
    dstProxy.setFault((r) => (r.method === 'PATCH' ? { kind: 'status', status: 500 } : undefined));
    const error = await client.copyImage(src(), '1.0', dst('mirror/broken'), '1.0').catch((e: unknown) => e);
    expect(isShipshapeError(error, 'REGISTRY_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toMatch(
      /^\[registry:127\.0\.0\.1:\d+\] blob mirror\/broken@sha256:[0-9a-f]{64}: HTTP 500/,
    );
    expect(dstProxy.requests().some((r) => r.method === 'DELETE' && r.kindOf === 'blob-upload')).toBe(true);
    // Content-addressed children may have landed; the tag was never written.
    expect(dstProxy.requests().some((r) => r.path.endsWith('/manifests/1.0'))).toBe(false);
    // Nothing still running against either registry.
    const settled = [srcProxy.requests().length, dstProxy.requests().length];
    await new Promise((r) => setTimeout(r, 200));
    expect([srcProxy.requests().length, dstProxy.requests().length]).toEqual(settled);
  });
});
