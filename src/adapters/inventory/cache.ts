/**
 * Inventories are a function of the image manifest digest (content-addressed, immutable), so they are
 * cached per digest for a long time. The key carries a format version: bump it when what an inventory
 * holds changes, so older entries are not served. Cached values are checked before use.
 */
import { z } from 'zod';
import type { Inventory } from '../../core/vuln/types.js';

export const CACHE_NAMESPACE = 'inventory';
export const CACHE_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/**
 * 2: Maven packages read from Java archives (format 1 entries lack them). 3: executable jars, and jars two
 * levels deep (an EAR's WAR's `WEB-INF/lib`), which format 2 entries lack.
 */
const FORMAT = 3;

export function inventoryCacheKey(imageDigest: string, limits: string): string {
  return `v${FORMAT}:${imageDigest}${limits === '' ? '' : `:${limits}`}`;
}

/** Digest references are immutable too: remember which platform image one resolves to. */
export function resolutionCacheKey(reference: string, platform: string): string {
  return `resolve:${reference}|${platform}`;
}

const packageSchema = z.object({
  name: z.string(),
  version: z.string(),
  type: z.enum(['deb', 'apk', 'rpm', 'npm', 'pypi', 'golang', 'maven']),
  sourceName: z.string().optional(),
  sourceVersion: z.string().optional(),
  purl: z.string(),
  location: z.string(),
});

const inventorySchema = z.object({
  imageDigest: z.string(),
  os: z
    .object({ id: z.string(), versionId: z.string().nullable(), prettyName: z.string().nullable() })
    .nullable(),
  packages: z.array(packageSchema),
});

export function cachedInventory(value: unknown, imageDigest: string): Inventory | null {
  const parsed = inventorySchema.safeParse(value);
  return parsed.success && parsed.data.imageDigest === imageDigest ? parsed.data : null;
}

export function cachedResolution(value: unknown): string | null {
  return typeof value === 'string' && /^sha(256|512):[a-f0-9]+$/.test(value) ? value : null;
}
