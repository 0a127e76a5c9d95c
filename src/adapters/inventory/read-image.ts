/**
 * Reads an inventory out of an image's layers: streams them in order through a LayerWalker, reads the
 * layers again when links point outside the usual places (rare), then reads the package databases out of
 * the merged view. Bad layer bytes become MALFORMED_RESPONSE naming the image and the layer.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isShipshapeError, ShipshapeError } from '../../core/errors.js';
import type { Inventory } from '../../core/vuln/types.js';
import type { Logger } from '../../ports/logger.js';
import type { Descriptor } from '../../ports/registry.js';
import { assemble, pendingTargets } from './assemble.js';
import { CorruptLayerError, declaredCompression } from './layer-reader.js';
import { LayerWalker } from './layer-walker.js';
import { Wanted } from './wanted.js';

export const SOURCE = 'inventory';
/** Link targets outside the usual places need another pass; a chain of such links, one more. */
const MAX_PASSES = 3;

export interface ReadImageOptions {
  readonly imageDigest: string;
  /** "registry/repository@digest", for messages. */
  readonly label: string;
  readonly maxFileBytes: number;
  readonly maxDatabaseBytes: number;
  /** Largest Java archive copied to disk; nested archives have their own, fixed limit. */
  readonly maxArchiveBytes: number;
  /** Where a private scratch directory is made (and removed). */
  readonly tempDir: string;
  readonly logger: Logger;
}

/** Opens a layer blob for streaming. */
export type OpenLayer = (layer: Descriptor) => Promise<AsyncIterable<Uint8Array>>;

function isNodeIoError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

function layerError(error: unknown, where: string): unknown {
  if (error instanceof CorruptLayerError || isShipshapeError(error, 'MALFORMED_RESPONSE')) {
    return new ShipshapeError('MALFORMED_RESPONSE', SOURCE, `${where} is corrupt: ${error.message}`, {
      cause: error,
    });
  }
  if (isNodeIoError(error)) {
    return new ShipshapeError('IO_FAILED', SOURCE, `${where}: scratch file: ${error.message}`, {
      cause: error,
    });
  }
  return error; // the registry's own errors (unavailable, auth, not found) keep their code and source
}

async function walk(
  layers: readonly Descriptor[],
  open: OpenLayer,
  wanted: Wanted,
  scratchDir: string,
  options: ReadImageOptions,
): Promise<LayerWalker> {
  const walker = new LayerWalker({ ...options, wanted, scratchDir });
  for (const [index, layer] of layers.entries()) {
    const where = `image ${options.label}: layer ${index + 1}/${layers.length} ${layer.digest}`;
    const declared = declaredCompression(layer.mediaType);
    if (declared === null) {
      options.logger.warn('inventory: layer media type not supported, skipped', {
        image: options.label,
        layer: layer.digest,
        mediaType: layer.mediaType,
      });
      continue;
    }
    try {
      const compression = await walker.apply(await open(layer), layer);
      if (compression !== declared) {
        options.logger.debug('inventory: layer compression differs from its media type', {
          image: options.label,
          layer: layer.digest,
          mediaType: layer.mediaType,
          compression,
        });
      }
    } catch (error) {
      throw layerError(error, where);
    }
  }
  return walker;
}

export async function readImage(
  layers: readonly Descriptor[],
  open: OpenLayer,
  options: ReadImageOptions,
): Promise<Inventory> {
  const scratchDir = await mkdtemp(join(options.tempDir, 'shipshape-inventory-'));
  try {
    let wanted = new Wanted();
    for (let pass = 1; ; pass++) {
      const passDir = await mkdtemp(join(scratchDir, `pass${pass}-`));
      const walker = await walk(layers, open, wanted, passDir, options);
      const pending = pendingTargets(walker.overlay, wanted);
      if (pending.size === 0 || pass === MAX_PASSES) {
        if (pending.size > 0) {
          options.logger.warn('inventory: links still unresolved after reading the layers again', {
            image: options.label,
            targets: [...pending.keys()],
          });
        }
        return await assemble(walker.overlay, { ...options, scratchDir: passDir });
      }
      options.logger.debug('inventory: links lead outside the usual places, reading the layers again', {
        image: options.label,
        targets: [...pending.keys()],
      });
      wanted = new Wanted(new Map([...wanted.extra, ...pending]));
      await rm(passDir, { recursive: true, force: true });
    }
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }
}
