/**
 * takeInventory: what is installed in an image, read straight from the registry (no container engine).
 * Resolves the platform image and reads its layers (./read-image.ts). Cached per platform manifest digest;
 * a digest reference's resolution is cached too, so a repeated scan of a pinned image sends no request.
 */
import { tmpdir } from 'node:os';
import { ShipshapeError } from '../../core/errors.js';
import type { Inventory } from '../../core/vuln/types.js';
import { silentLogger, type Logger } from '../../ports/logger.js';
import { MediaTypes, type Platform, type Registry, type RepoRef } from '../../ports/registry.js';
import type { Store } from '../../ports/store.js';
import {
  CACHE_NAMESPACE,
  CACHE_TTL_MS,
  cachedInventory,
  cachedResolution,
  inventoryCacheKey,
  resolutionCacheKey,
} from './cache.js';
import { readImage, SOURCE } from './read-image.js';

export interface InventoryTarget {
  readonly repo: RepoRef;
  /** Tag or digest; an index is followed to `platform`'s image. */
  readonly reference: string;
  /** Default: the registry client's platform (linux and the host's architecture). */
  readonly platform?: Platform;
}

export interface InventoryOptions {
  /** Caches inventories per platform image digest (namespace `inventory`, 30 days). */
  readonly store?: Store;
  readonly now?: () => number;
  /** Largest file read into memory: os-release, dpkg/apk databases, package manifests. Default 8 MiB. */
  readonly maxFileBytes?: number;
  /** Largest rpm database copied to disk. Default 1 GiB. */
  readonly maxDatabaseBytes?: number;
  /** Largest Java archive (JAR, WAR, EAR) copied to disk. Default 256 MiB. */
  readonly maxArchiveBytes?: number;
  /** Scratch space for rpm databases and Java archives; default the OS temp directory. */
  readonly tempDir?: string;
  readonly logger?: Logger;
}

export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;
export const DEFAULT_MAX_DATABASE_BYTES = 1024 * 1024 * 1024;
export const DEFAULT_MAX_ARCHIVE_BYTES = 256 * 1024 * 1024;
const IMAGE_CONFIG_TYPES: ReadonlySet<string> = new Set([MediaTypes.dockerConfig, MediaTypes.ociConfig]);

function isDigest(reference: string): boolean {
  return /^sha(256|512):[a-f0-9]+$/.test(reference);
}

/**
 * A resolution cache key, or null when the answer cannot be cached: only digests are immutable, and an index
 * digest resolved for the default platform depends on the client's platform (hosts sharing a store differ).
 */
function resolutionKey(target: InventoryTarget): { key: string; platformFree: boolean } | null {
  if (!isDigest(target.reference)) return null;
  const ref = `${target.repo.registry}/${target.repo.repository}@${target.reference}`;
  const platform = target.platform;
  return platform
    ? {
        key: resolutionCacheKey(ref, [platform.os, platform.architecture, platform.variant ?? ''].join('/')),
        platformFree: false,
      }
    : { key: resolutionCacheKey(ref, 'image'), platformFree: true };
}

async function cacheGet(
  store: Store | undefined,
  key: string,
  now: number,
  logger: Logger,
): Promise<unknown> {
  if (!store) return null;
  try {
    return await store.cacheGet(CACHE_NAMESPACE, key, now);
  } catch (error) {
    logger.warn('inventory: cache read failed', { key, error: (error as Error).message });
    return null;
  }
}

async function cacheSet(
  store: Store | undefined,
  key: string,
  value: unknown,
  now: number,
  logger: Logger,
): Promise<void> {
  if (!store) return;
  try {
    await store.cacheSetMany(CACHE_NAMESPACE, [{ key, value }], CACHE_TTL_MS, now);
  } catch (error) {
    logger.warn('inventory: cache write failed', { key, error: (error as Error).message });
  }
}

async function platformImageDigest(
  registry: Registry,
  target: InventoryTarget,
  options: InventoryOptions,
  logger: Logger,
): Promise<string> {
  const now = options.now ?? Date.now;
  const cache = resolutionKey(target);
  if (cache) {
    const hit = cachedResolution(await cacheGet(options.store, cache.key, now(), logger));
    if (hit) return hit;
  }
  const resolved = await registry.resolve(
    target.repo,
    target.reference,
    target.platform ? { platform: target.platform } : undefined,
  );
  const digest = resolved.platformDigest ?? resolved.digest;
  // without an explicit platform, only an image (not an index) resolves the same for every client
  if (cache && (!cache.platformFree || digest === resolved.digest)) {
    await cacheSet(options.store, cache.key, digest, now(), logger);
  }
  return digest;
}

/** The packages installed in an image, read from its layers in the registry. */
export async function takeInventory(
  registry: Registry,
  target: InventoryTarget,
  options: InventoryOptions = {},
): Promise<Inventory> {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  const imageDigest = await platformImageDigest(registry, target, options, logger);
  const label = `${target.repo.registry}/${target.repo.repository}@${imageDigest}`;
  const limits = [
    options.maxFileBytes !== undefined && options.maxFileBytes !== DEFAULT_MAX_FILE_BYTES
      ? `f${options.maxFileBytes}`
      : '',
    options.maxDatabaseBytes !== undefined && options.maxDatabaseBytes !== DEFAULT_MAX_DATABASE_BYTES
      ? `d${options.maxDatabaseBytes}`
      : '',
    options.maxArchiveBytes !== undefined && options.maxArchiveBytes !== DEFAULT_MAX_ARCHIVE_BYTES
      ? `a${options.maxArchiveBytes}`
      : '',
  ].join('');
  const key = inventoryCacheKey(imageDigest, limits);
  const cached = cachedInventory(await cacheGet(options.store, key, now(), logger), imageDigest);
  if (cached) return cached;

  const manifest = await registry.getManifest(target.repo, imageDigest);
  if (manifest.kind !== 'image') {
    throw new ShipshapeError('UNSUPPORTED', SOURCE, `${label} is an index without an image for the platform`);
  }
  if (!IMAGE_CONFIG_TYPES.has(manifest.config.mediaType)) {
    throw new ShipshapeError(
      'UNSUPPORTED',
      SOURCE,
      `${label} is not a container image (config media type ${manifest.config.mediaType})`,
    );
  }
  const inventory = await readImage(manifest.layers, (layer) => registry.getBlob(target.repo, layer.digest), {
    imageDigest,
    label,
    maxFileBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    maxDatabaseBytes: options.maxDatabaseBytes ?? DEFAULT_MAX_DATABASE_BYTES,
    maxArchiveBytes: options.maxArchiveBytes ?? DEFAULT_MAX_ARCHIVE_BYTES,
    tempDir: options.tempDir ?? tmpdir(),
    logger,
  });
  await cacheSet(options.store, key, inventory, now(), logger);
  return inventory;
}
