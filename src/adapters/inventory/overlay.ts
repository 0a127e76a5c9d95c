/**
 * The merged view of the layers for the paths the inventory cares about, built the way overlayfs and
 * containerd's applier build the real root file system: each layer's whiteouts delete from the layers
 * below, `.wh..wh..opq` empties a directory of lower content, any entry replaces what a lower layer had at
 * its path (a file replacing a directory removes the directory's contents), and symlinks are followed
 * inside the image root when a path is looked up.
 */

import type { GoBuildInfo } from './parsers/go-buildinfo.js';

export type FsNode =
  | { readonly kind: 'memory'; readonly data: Uint8Array }
  /** An executable with Go build information (read while it streamed past). */
  | { readonly kind: 'go'; readonly info: GoBuildInfo }
  | { readonly kind: 'disk'; readonly file: string; readonly size: number }
  | { readonly kind: 'present'; readonly size: number }
  | { readonly kind: 'oversize'; readonly size: number }
  | { readonly kind: 'symlink'; readonly target: string }
  /** A hard link whose target was not kept on this pass (it did not look interesting when it went by). */
  | { readonly kind: 'hardlink'; readonly target: string };

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE = '.wh..wh..opq';

/**
 * A tar member name as a clean path relative to the image root: no leading `./` or `/`, no trailing `/`,
 * no `.` segments; `..` segments (never valid in a layer) make it null.
 */
export function normalizeEntryPath(name: string): string | null {
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return null;
    parts.push(part);
  }
  return parts.length > 0 ? parts.join('/') : null;
}

export type Whiteout =
  | { readonly kind: 'opaque'; readonly dir: string }
  | { readonly kind: 'delete'; readonly path: string }
  /** aufs bookkeeping (`.wh..wh.plnk`, `.wh..wh.aufs`): no meaning for the merged view. */
  | { readonly kind: 'meta' };

export function whiteoutOf(path: string): Whiteout | null {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  if (!base.startsWith(WHITEOUT_PREFIX)) return null;
  const dir = slash === -1 ? '' : path.slice(0, slash);
  if (base === OPAQUE) return { kind: 'opaque', dir };
  if (base.startsWith(`${WHITEOUT_PREFIX}${WHITEOUT_PREFIX}`)) return { kind: 'meta' };
  const name = base.slice(WHITEOUT_PREFIX.length);
  return { kind: 'delete', path: dir === '' ? name : `${dir}/${name}` };
}

const MAX_LINK_HOPS = 40; // Linux's MAXSYMLINKS

export interface Resolved {
  /** The path after following symlinks (the path itself when there were none). */
  readonly path: string;
  readonly node: FsNode | undefined;
  /** Whether a symlink was followed on the way. */
  readonly viaLink: boolean;
}

export class Overlay {
  private readonly nodes = new Map<string, FsNode>();
  /** Directory → how many kept nodes lie below it, so "anything under here?" is one lookup. */
  private readonly below = new Map<string, number>();

  get size(): number {
    return this.nodes.size;
  }

  get(path: string): FsNode | undefined {
    return this.nodes.get(path);
  }

  entries(): IterableIterator<[string, FsNode]> {
    return this.nodes.entries();
  }

  set(path: string, node: FsNode): void {
    if (!this.nodes.has(path)) this.count(path, 1);
    this.nodes.set(path, node);
  }

  delete(path: string): void {
    if (this.nodes.delete(path)) this.count(path, -1);
  }

  /** Removes everything strictly below `dir` ('' is the root). */
  deleteBelow(dir: string): void {
    if (dir !== '' && !this.below.has(dir)) return;
    const prefix = dir === '' ? '' : `${dir}/`;
    for (const path of [...this.nodes.keys()]) if (path.startsWith(prefix)) this.delete(path);
  }

  /** Applies a whiteout found in a higher layer to this (lower) view. */
  applyWhiteout(whiteout: Whiteout): void {
    if (whiteout.kind === 'opaque') this.deleteBelow(whiteout.dir);
    else if (whiteout.kind === 'delete') {
      this.delete(whiteout.path);
      this.deleteBelow(whiteout.path);
    }
  }

  /** A higher layer has an entry at `path`: it hides what was there, and a non-directory hides a subtree. */
  replace(path: string, isDirectory: boolean): void {
    this.delete(path);
    if (!isDirectory) this.deleteBelow(path);
  }

  /**
   * Follows symlinks in every component (and in the last one too) inside the image root: absolute targets
   * start at the root, `..` stops at the root. Null on a loop.
   */
  resolve(path: string): Resolved | null {
    const pending = path.split('/').reverse();
    const done: string[] = [];
    let hops = 0;
    while (pending.length > 0) {
      const part = pending.pop()!;
      if (part === '' || part === '.') continue;
      if (part === '..') {
        done.pop();
        continue;
      }
      const candidate = done.length > 0 ? `${done.join('/')}/${part}` : part;
      const node = this.nodes.get(candidate);
      if (node?.kind !== 'symlink') {
        done.push(part);
        continue;
      }
      if (++hops > MAX_LINK_HOPS) return null;
      if (node.target.startsWith('/')) done.length = 0;
      for (const next of node.target.split('/').reverse()) pending.push(next);
    }
    const resolved = done.join('/');
    return { path: resolved, node: this.nodes.get(resolved), viaLink: hops > 0 };
  }

  private count(path: string, delta: number): void {
    for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      const dir = path.slice(0, slash);
      const n = (this.below.get(dir) ?? 0) + delta;
      if (n > 0) this.below.set(dir, n);
      else this.below.delete(dir);
    }
  }
}
