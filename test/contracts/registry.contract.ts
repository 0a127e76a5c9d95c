/**
 * The behaviour every Registry adapter shares, run against a real registry. `setup` builds a fresh
 * fixture per test file; every test uses its own repositories, so tests never see each other's data.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isShipshapeError } from '../../src/core/errors.js';
import { MediaTypes, type Registry, type RepoRef } from '../../src/ports/registry.js';

export interface SeedPlatform {
  os: string;
  architecture: string;
  variant?: string;
}

/** What a seeded image looks like (matches test/harness/seed.ts SeededImage). */
export interface SeededImage {
  digest: string;
  mediaType: string;
  platformDigests: Record<string, string>;
  configDigests: Record<string, string>;
  attestationDigests: Record<string, string>;
  bytes: Uint8Array;
}

/** Puts data into the registry by some other means than the adapter under test. */
export interface RegistryContractSeed {
  pushImage(
    repository: string,
    tag: string,
    options?: {
      mediaTypes?: 'oci' | 'docker';
      platforms?: SeedPlatform[];
      attestations?: boolean;
      labels?: Record<string, string>;
      created?: string;
    },
  ): Promise<SeededImage>;
  pushTags(repository: string, tags: readonly string[]): Promise<Record<string, string>>;
  pushReferrer(repository: string, subjectDigest: string, artifactType: string): Promise<string>;
}

export interface RegistryContractFixture {
  readonly registry: Registry;
  /** A repository reference in the registry under test. */
  repo(name: string): RepoRef;
  readonly seed: RegistryContractSeed;
  /** A repository in a second registry the adapter can also reach (for cross-registry copies), if any. */
  otherRepo?(name: string): RepoRef;
  teardown(): Promise<void>;
}

const sha256 = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const text = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v));

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function* streamOf(bytes: Uint8Array, piece: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += piece) yield bytes.subarray(i, i + piece);
}

async function expectCode(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  const error = await promise.then(
    () => {
      throw new Error(`expected a ${code} error`);
    },
    (e: unknown) => e,
  );
  expect(isShipshapeError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toBe(code);
  expect((error as Error).message).toMatch(/^\[registry:[^\]]+\] /);
  if (message) expect((error as Error).message).toMatch(message);
}

const AMD64 = { os: 'linux', architecture: 'amd64' };
const ARM64 = { os: 'linux', architecture: 'arm64' };
const ARMV7 = { os: 'linux', architecture: 'arm', variant: 'v7' };

export function runRegistryContract(name: string, setup: () => Promise<RegistryContractFixture>): void {
  describe(`Registry contract: ${name}`, () => {
    let f: RegistryContractFixture;
    let n = 0;
    const unique = (base: string): string => `contract/${base}-${++n}-${randomBytes(3).toString('hex')}`;

    beforeAll(async () => {
      f = await setup();
    });
    afterAll(async () => {
      await f?.teardown();
    });

    it('pings', async () => {
      await expect(f.registry.ping(f.repo('x').registry)).resolves.toBeUndefined();
    });

    it('lists every tag, and says when the repository does not exist', async () => {
      const repository = unique('tags');
      const tags = Array.from({ length: 40 }, (_, i) => `v${i}`);
      await f.seed.pushTags(repository, tags);
      const listed = await f.registry.listTags(f.repo(repository));
      expect([...listed].sort()).toEqual([...tags].sort());
      await expectCode(f.registry.listTags(f.repo(unique('missing'))), 'NOT_FOUND', /repository .*not found/);
    });

    for (const mediaTypes of ['oci', 'docker'] as const) {
      it(`heads and gets ${mediaTypes} manifests and indexes, verifying digests`, async () => {
        const repository = unique(`manifests-${mediaTypes}`);
        const single = await f.seed.pushImage(repository, 'single', { mediaTypes });
        const multi = await f.seed.pushImage(repository, 'multi', { mediaTypes, platforms: [AMD64, ARM64] });
        const repo = f.repo(repository);
        const imageType = mediaTypes === 'oci' ? MediaTypes.ociManifest : MediaTypes.dockerManifest;
        const indexType = mediaTypes === 'oci' ? MediaTypes.ociIndex : MediaTypes.dockerManifestList;

        expect(await f.registry.headManifest(repo, 'single')).toEqual({
          digest: single.digest,
          mediaType: imageType,
          size: single.bytes.length,
        });
        expect(await f.registry.headManifest(repo, 'multi')).toEqual({
          digest: multi.digest,
          mediaType: indexType,
          size: multi.bytes.length,
        });
        expect(await f.registry.headManifest(repo, single.digest)).toMatchObject({ digest: single.digest });

        const image = await f.registry.getManifest(repo, 'single');
        expect(image).toMatchObject({ kind: 'image', mediaType: imageType, digest: single.digest });
        expect(Buffer.from(image.bytes).equals(Buffer.from(single.bytes))).toBe(true);
        if (image.kind === 'image') expect(image.config.digest).toBe(single.configDigests['linux/amd64']);

        const index = await f.registry.getManifest(repo, multi.digest);
        expect(index).toMatchObject({ kind: 'index', mediaType: indexType, digest: multi.digest });
        if (index.kind === 'index')
          expect(index.manifests.map((m) => m.digest)).toEqual(Object.values(multi.platformDigests));

        await expectCode(f.registry.headManifest(repo, 'nope'), 'NOT_FOUND', /manifest .*:nope/);
        await expectCode(f.registry.getManifest(repo, `sha256:${'0'.repeat(64)}`), 'NOT_FOUND', /manifest/);
      });
    }

    it('resolves tags to digests, picking the platform out of an index with attestations', async () => {
      const repository = unique('resolve');
      const multi = await f.seed.pushImage(repository, 'multi', {
        platforms: [AMD64, ARM64, ARMV7],
        attestations: true,
      });
      const single = await f.seed.pushImage(repository, 'single', { mediaTypes: 'docker' });
      const repo = f.repo(repository);

      expect(await f.registry.resolve(repo, 'single')).toEqual({
        digest: single.digest,
        mediaType: MediaTypes.dockerManifest,
        platformDigest: single.digest,
      });
      const amd = await f.registry.resolve(repo, 'multi', { platform: AMD64 });
      expect(amd).toEqual({
        digest: multi.digest,
        mediaType: MediaTypes.ociIndex,
        platformDigest: multi.platformDigests['linux/amd64'],
      });
      expect((await f.registry.resolve(repo, 'multi', { platform: ARM64 })).platformDigest).toBe(
        multi.platformDigests['linux/arm64'],
      );
      expect(
        (await f.registry.resolve(repo, 'multi', { platform: { ...ARM64, variant: 'v8' } })).platformDigest,
      ).toBe(multi.platformDigests['linux/arm64']);
      expect((await f.registry.resolve(repo, 'multi', { platform: ARMV7 })).platformDigest).toBe(
        multi.platformDigests['linux/arm/v7'],
      );
      expect(
        (await f.registry.resolve(repo, 'multi', { platform: { os: 'linux', architecture: 's390x' } }))
          .platformDigest,
      ).toBeNull();
      expect(
        (await f.registry.resolve(repo, 'multi', { platform: { os: 'unknown', architecture: 'unknown' } }))
          .platformDigest,
      ).toBeNull();
      expect((await f.registry.resolve(repo, multi.digest, { platform: AMD64 })).platformDigest).toBe(
        multi.platformDigests['linux/amd64'],
      );
    });

    it('reads the image config for a platform', async () => {
      const repository = unique('config');
      const created = '2024-05-06T07:08:09Z';
      await f.seed.pushImage(repository, '1', {
        platforms: [AMD64, ARM64],
        labels: { 'org.opencontainers.image.version': '1' },
        created,
      });
      const repo = f.repo(repository);
      const config = await f.registry.getImageConfig(repo, '1', { platform: ARM64 });
      expect(config).toMatchObject({
        created,
        os: 'linux',
        architecture: 'arm64',
        labels: { 'org.opencontainers.image.version': '1' },
      });
      expect((await f.registry.getImageConfig(repo, '1', { platform: AMD64 })).architecture).toBe('amd64');
      await expectCode(
        f.registry.getImageConfig(repo, '1', { platform: { os: 'windows', architecture: 'amd64' } }),
        'NOT_FOUND',
        /windows\/amd64/,
      );
    });

    it('lists referrers, filtered by artifact type', async () => {
      const repository = unique('referrers');
      const image = await f.seed.pushImage(repository, '1');
      const lonely = await f.seed.pushImage(repository, '2');
      const sbom = await f.seed.pushReferrer(repository, image.digest, 'application/vnd.example.sbom');
      const sig = await f.seed.pushReferrer(repository, image.digest, 'application/vnd.example.signature');
      const repo = f.repo(repository);
      const all = await f.registry.listReferrers(repo, image.digest);
      expect(all.map((d) => d.digest).sort()).toEqual([sbom, sig].sort());
      expect(all.find((d) => d.digest === sbom)?.artifactType).toBe('application/vnd.example.sbom');
      const only = await f.registry.listReferrers(repo, image.digest, {
        artifactType: 'application/vnd.example.signature',
      });
      expect(only.map((d) => d.digest)).toEqual([sig]);
      expect(await f.registry.listReferrers(repo, lonely.digest)).toEqual([]);
    });

    it('pushes blobs monolithic, chunked and streamed; skips existing ones; streams them back', async () => {
      const repo = f.repo(unique('blobs'));
      const small = randomBytes(3000);
      const big = randomBytes(300_000);
      const streamed = randomBytes(70_000);
      expect(await f.registry.blobExists(repo, sha256(small))).toBe(false);
      expect(await f.registry.pushBlob(repo, sha256(small), small)).toBe('uploaded');
      expect(await f.registry.pushBlob(repo, sha256(small), small)).toBe('skipped');
      expect(await f.registry.pushBlob(repo, sha256(big), big, { chunkSize: 64 * 1024 })).toBe('uploaded');
      expect(
        await f.registry.pushBlob(repo, sha256(streamed), streamOf(streamed, 1000), {
          size: streamed.length,
          chunkSize: 32 * 1024,
        }),
      ).toBe('uploaded');
      for (const bytes of [small, big, streamed]) {
        expect(await f.registry.blobExists(repo, sha256(bytes))).toBe(true);
        expect((await collect(await f.registry.getBlob(repo, sha256(bytes)))).equals(bytes)).toBe(true);
      }
      await expectCode(f.registry.getBlob(repo, sha256(randomBytes(10))), 'NOT_FOUND', /blob/);
      const wrong = randomBytes(100);
      await expect(f.registry.pushBlob(repo, sha256(randomBytes(100)), streamOf(wrong, 10))).rejects.toThrow(
        /does not match/,
      );
    });

    it('mounts blobs across repositories of one registry', async () => {
      const from = f.repo(unique('mount-src'));
      const to = f.repo(unique('mount-dst'));
      const blob = randomBytes(5000);
      await f.registry.pushBlob(from, sha256(blob), blob);
      expect(await f.registry.mountBlob(to, sha256(blob), from)).toBe(true);
      expect(await f.registry.blobExists(to, sha256(blob))).toBe(true);
      expect(await f.registry.mountBlob(to, sha256(randomBytes(10)), from)).toBe(false);
    });

    it('puts manifests by tag and by digest', async () => {
      const repo = f.repo(unique('put'));
      const config = text({
        architecture: 'amd64',
        os: 'linux',
        config: { Labels: { a: 'b' } },
        rootfs: { type: 'layers', diff_ids: [] },
      });
      const layer = randomBytes(1000);
      await f.registry.pushBlob(repo, sha256(config), config);
      await f.registry.pushBlob(repo, sha256(layer), layer);
      const manifest = text({
        schemaVersion: 2,
        mediaType: MediaTypes.ociManifest,
        config: { mediaType: MediaTypes.ociConfig, digest: sha256(config), size: config.length },
        layers: [
          { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256(layer), size: layer.length },
        ],
      });
      expect(await f.registry.putManifest(repo, 'latest', manifest, MediaTypes.ociManifest)).toBe(
        sha256(manifest),
      );
      expect(await f.registry.putManifest(repo, sha256(manifest), manifest, MediaTypes.ociManifest)).toBe(
        sha256(manifest),
      );
      expect((await f.registry.resolve(repo, 'latest')).digest).toBe(sha256(manifest));
      expect((await f.registry.getImageConfig(repo, 'latest')).labels).toEqual({ a: 'b' });
      const dangling = text({
        schemaVersion: 2,
        mediaType: MediaTypes.ociManifest,
        config: { mediaType: MediaTypes.ociConfig, digest: sha256(randomBytes(5)), size: 5 },
        layers: [],
      });
      await expect(
        f.registry.putManifest(repo, 'dangling', dangling, MediaTypes.ociManifest),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('copies a multi-platform image with attestations within the registry, mounting blobs', async () => {
      const srcRepo = unique('copy-src');
      const image = await f.seed.pushImage(srcRepo, '1.0', { platforms: [AMD64, ARM64], attestations: true });
      const src = f.repo(srcRepo);
      const dst = f.repo(unique('copy-dst'));
      const result = await f.registry.copyImage(src, '1.0', dst, 'promoted');
      // index + 2 images + 2 attestations; per platform config + layer, per attestation config + statement
      expect(result).toEqual({
        digest: image.digest,
        manifests: 5,
        blobsUploaded: 0,
        blobsMounted: 8,
        blobsSkipped: 0,
      });
      expect((await f.registry.resolve(dst, 'promoted', { platform: ARM64 })).platformDigest).toBe(
        image.platformDigests['linux/arm64'],
      );
      const again = await f.registry.copyImage(src, '1.0', dst, 'again');
      expect(again).toEqual({
        digest: image.digest,
        manifests: 1,
        blobsUploaded: 0,
        blobsMounted: 0,
        blobsSkipped: 0,
      });
    });

    it('copies a single-platform image across registries, uploading blobs', async (ctx) => {
      if (!f.otherRepo) return ctx.skip();
      const srcRepo = unique('xcopy-src');
      const image = await f.seed.pushImage(srcRepo, '2.0', { mediaTypes: 'docker', labels: { team: 'a' } });
      const dst = f.otherRepo(unique('xcopy-dst'));
      const result = await f.registry.copyImage(f.repo(srcRepo), '2.0', dst, '2.0');
      expect(result).toEqual({
        digest: image.digest,
        manifests: 1,
        blobsUploaded: 2,
        blobsMounted: 0,
        blobsSkipped: 0,
      });
      expect(await f.registry.headManifest(dst, '2.0')).toEqual({
        digest: image.digest,
        mediaType: MediaTypes.dockerManifest,
        size: image.bytes.length,
      });
      expect((await f.registry.getImageConfig(dst, '2.0')).labels).toEqual({ team: 'a' });
    });
  });
}
