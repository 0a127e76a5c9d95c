/**
 * Applies layers, lowest first, to an Overlay of the paths the inventory wants: whiteouts and replaced
 * entries delete from the layers below, wanted files are kept (small ones in memory, rpm databases and
 * Java archives on disk, anything over its limit only noted), executables are searched for Go build
 * information as they stream past, every other entry streams past unread.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../ports/logger.js';
import type { Descriptor } from '../../ports/registry.js';
import { entryBytes, readLayer, type Compression, type TarEntry } from './layer-reader.js';
import { normalizeEntryPath, Overlay, whiteoutOf, type FsNode } from './overlay.js';
import { BuildInfoScanner, type GoBuildInfo } from './parsers/go-buildinfo.js';
import { STORAGE, type FileKind, type Wanted } from './wanted.js';

export interface WalkerOptions {
  readonly wanted: Wanted;
  /** A private directory for files kept on disk. */
  readonly scratchDir: string;
  /** Largest file kept in memory. */
  readonly maxFileBytes: number;
  /** Largest database kept on disk. */
  readonly maxDatabaseBytes: number;
  /** Largest Java archive (JAR, WAR, EAR) kept on disk. */
  readonly maxArchiveBytes: number;
  readonly logger: Logger;
}

/** Smaller executables are scripts or stubs; a Go program is megabytes. */
const MIN_GO_BINARY_BYTES = 64 * 1024;

async function drain(entry: TarEntry): Promise<void> {
  for await (const _ of entry) void _;
}

/** Reads an executable to its end, looking for Go build information on the way. */
async function scanGoBinary(entry: TarEntry): Promise<GoBuildInfo | null> {
  const scanner = new BuildInfoScanner();
  for await (const chunk of entryBytes(entry)) if (scanner.wantsMore) scanner.push(chunk);
  return scanner.result;
}

function isContent(node: FsNode | undefined): node is FsNode {
  return node !== undefined && node.kind !== 'symlink' && node.kind !== 'hardlink';
}

export class LayerWalker {
  readonly overlay = new Overlay();
  private files = 0;

  constructor(private readonly options: WalkerOptions) {}

  /** Reads one layer blob and merges it over the layers applied so far. */
  async apply(blob: AsyncIterable<Uint8Array>, descriptor: Descriptor): Promise<Compression> {
    const added = new Map<string, FsNode>();
    const compression = await readLayer(blob, descriptor, (entry) => this.visit(entry, added));
    for (const [path, node] of added) this.overlay.set(path, node);
    return compression;
  }

  private async visit(entry: TarEntry, added: Map<string, FsNode>): Promise<void> {
    const { header } = entry;
    const path = normalizeEntryPath(header.name);
    if (path === null) return drain(entry);
    const whiteout = whiteoutOf(path);
    if (whiteout) {
      this.overlay.applyWhiteout(whiteout);
      return drain(entry);
    }
    this.overlay.replace(path, header.type === 'directory');
    const { wanted } = this.options;
    switch (header.type) {
      case 'file':
      case 'contiguous-file': {
        const kind = wanted.kind(path);
        if (kind !== null) {
          added.set(path, await this.keep(entry, path, kind, header.size ?? 0));
          return;
        }
        if ((header.mode & 0o111) === 0 || (header.size ?? 0) < MIN_GO_BINARY_BYTES) return drain(entry);
        const info = await scanGoBinary(entry);
        if (info) added.set(path, { kind: 'go', info });
        return;
      }
      case 'link': {
        const kind = wanted.kind(path);
        const target = normalizeEntryPath(header.linkname ?? '');
        if (kind !== null && target !== null) {
          const node = added.get(target) ?? this.overlay.get(target);
          added.set(path, isContent(node) ? node : { kind: 'hardlink', target });
        }
        return drain(entry);
      }
      case 'symlink':
        if (header.linkname && wanted.keepsLink(path)) {
          added.set(path, { kind: 'symlink', target: header.linkname });
        }
        return drain(entry);
      default:
        return drain(entry);
    }
  }

  private async keep(entry: TarEntry, path: string, kind: FileKind, size: number): Promise<FsNode> {
    const storage = STORAGE[kind];
    if (storage === 'presence') {
      await drain(entry);
      return { kind: 'present', size };
    }
    const limit = this.limitOf(kind);
    if (size > limit) {
      this.options.logger.warn('inventory: file over the size limit, not read', { path, size, limit });
      await drain(entry);
      return { kind: 'oversize', size };
    }
    return storage === 'memory' ? this.keepInMemory(entry) : this.keepOnDisk(entry);
  }

  private limitOf(kind: FileKind): number {
    if (kind === 'java-archive') return this.options.maxArchiveBytes;
    return STORAGE[kind] === 'memory' ? this.options.maxFileBytes : this.options.maxDatabaseBytes;
  }

  private async keepInMemory(entry: TarEntry): Promise<FsNode> {
    const chunks: Buffer[] = [];
    for await (const chunk of entryBytes(entry)) chunks.push(chunk);
    return { kind: 'memory', data: Buffer.concat(chunks) };
  }

  private async keepOnDisk(entry: TarEntry): Promise<FsNode> {
    const file = join(this.options.scratchDir, `file-${++this.files}`);
    const handle = await open(file, 'wx');
    let size = 0;
    try {
      for await (const chunk of entryBytes(entry)) {
        await handle.write(chunk);
        size += chunk.length;
      }
    } finally {
      await handle.close();
    }
    return { kind: 'disk', file, size };
  }
}
