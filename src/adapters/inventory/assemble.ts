/**
 * From the merged view of the image to an Inventory: follow links from the well-known locations, parse
 * each package database once, build purls with the OS the image declares, open the Java archives.
 */
import { ShipshapeError } from '../../core/errors.js';
import type { Inventory, InventoryPackage, OsInfo } from '../../core/vuln/types.js';
import type { Logger } from '../../ports/logger.js';
import type { FsNode, Overlay } from './overlay.js';
import { parseApkInstalled } from './parsers/apk.js';
import { parseDpkgStatus } from './parsers/dpkg.js';
import { goPackages } from './parsers/go-buildinfo.js';
import { readJavaArchive } from './parsers/java-archive.js';
import { parsePackageJson, parsePythonMetadata } from './parsers/language.js';
import { parseOsRelease } from './parsers/os-release.js';
import { readRpmdbSqlite } from './parsers/rpmdb.js';
import {
  APK_INSTALLED_PATHS,
  dirname,
  DPKG_STATUS_PATH,
  FIXED_PATHS,
  OS_RELEASE_PATHS,
  patternKind,
  RPMDB_DIRS,
  RPMDB_SQLITE,
  RPMDB_WAL,
  type FileKind,
  type Wanted,
} from './wanted.js';

const UTF8 = new TextDecoder('utf-8');

/** Every path the inventory looks up: the well-known ones and the pattern matches the layers held. */
function lookups(overlay: Overlay): Map<string, FileKind> {
  const out = new Map<string, FileKind>(FIXED_PATHS);
  for (const [path] of overlay.entries()) {
    const kind = patternKind(path);
    if (kind !== null) out.set(path, kind);
  }
  return out;
}

/**
 * Link targets the walk could not keep because they did not look interesting when their layer went by
 * (a symlink into an unusual place, a hard link to a file earlier in the same layer). Another pass over
 * the layers with these added reads them.
 */
export function pendingTargets(overlay: Overlay, wanted: Wanted): Map<string, FileKind> {
  const pending = new Map<string, FileKind>();
  const add = (path: string, kind: FileKind): void => {
    if (wanted.kind(path) !== null) return; // kept if it existed: nothing more to find
    pending.set(path, kind);
    if (kind === 'rpmdb-sqlite') pending.set(`${dirname(path)}/${RPMDB_WAL}`, 'rpmdb-wal');
  };
  for (const [path, kind] of lookups(overlay)) {
    const resolved = overlay.resolve(path);
    if (!resolved) continue;
    if (resolved.node?.kind === 'hardlink') add(resolved.node.target, kind);
    else if (resolved.node === undefined && resolved.viaLink) add(resolved.path, kind);
  }
  return pending;
}

export interface AssembleContext {
  readonly imageDigest: string;
  /** "registry/repository@digest", for messages. */
  readonly label: string;
  readonly scratchDir: string;
  readonly logger: Logger;
}

interface Found {
  /** Where the content really is (after links). */
  readonly path: string;
  readonly node: FsNode;
}

class Reader {
  private readonly used = new Set<string>();

  constructor(
    private readonly overlay: Overlay,
    private readonly logger: Logger,
  ) {}

  /** The content at `path` after links; null when absent; each real file is handed out once. */
  find(path: string): Found | null {
    const resolved = this.overlay.resolve(path);
    if (!resolved) {
      this.logger.warn('inventory: symlink loop, path skipped', { path });
      return null;
    }
    let node = resolved.node;
    let real = resolved.path;
    if (node?.kind === 'hardlink') {
      real = node.target;
      node = this.overlay.get(real);
    }
    if (!node || node.kind === 'symlink' || node.kind === 'hardlink' || this.used.has(real)) return null;
    this.used.add(real);
    return { path: real, node };
  }

  text(path: string): { text: string; location: string } | null {
    const found = this.find(path);
    if (found?.node.kind !== 'memory') return null;
    return { text: UTF8.decode(found.node.data), location: found.path };
  }
}

async function rpmPackages(
  reader: Reader,
  os: OsInfo | null,
  context: AssembleContext,
): Promise<InventoryPackage[]> {
  const packages: InventoryPackage[] = [];
  let unsupported: string | null = null;
  for (const dir of RPMDB_DIRS) {
    const db = reader.find(`${dir}/${RPMDB_SQLITE}`);
    if (db?.node.kind === 'disk') {
      const wal = reader.find(`${dirname(db.path)}/${RPMDB_WAL}`);
      const walFile = wal?.node.kind === 'disk' && wal.node.size > 0 ? wal.node.file : null;
      try {
        const result = await readRpmdbSqlite(
          { database: db.node.file, wal: walFile },
          context.scratchDir,
          db.path,
          os,
        );
        if (result.badHeaders > 0) {
          context.logger.warn('inventory: rpm header blobs that do not parse were skipped', {
            image: context.label,
            path: db.path,
            count: result.badHeaders,
          });
        }
        packages.push(...result.packages);
      } catch (error) {
        throw new ShipshapeError(
          'MALFORMED_RESPONSE',
          'inventory',
          `image ${context.label}: ${db.path} is not a readable rpm database: ${(error as Error).message}`,
          { cause: error },
        );
      }
    }
    for (const name of ['Packages', 'Packages.db']) {
      if (reader.find(`${dir}/${name}`)?.node.kind === 'present') unsupported ??= `${dir}/${name}`;
    }
  }
  if (unsupported && packages.length === 0) {
    context.logger.warn(
      'inventory: rpm database in BerkeleyDB or NDB format (rpm < 4.16, SUSE) is not supported; rpm packages are not listed',
      { image: context.label, path: unsupported },
    );
  }
  return packages;
}

function osPackages(reader: Reader, overlay: Overlay, os: OsInfo | null): InventoryPackage[] {
  const packages: InventoryPackage[] = [];
  const status = reader.text(DPKG_STATUS_PATH);
  if (status) packages.push(...parseDpkgStatus(status.text, status.location, os));
  for (const [path] of overlay.entries()) {
    if (patternKind(path) !== 'dpkg-status-d') continue;
    const file = reader.text(path);
    if (file) packages.push(...parseDpkgStatus(file.text, file.location, os));
  }
  for (const path of APK_INSTALLED_PATHS) {
    const installed = reader.text(path);
    if (installed) packages.push(...parseApkInstalled(installed.text, installed.location, os));
  }
  return packages;
}

function languagePackages(reader: Reader, overlay: Overlay): InventoryPackage[] {
  const packages: InventoryPackage[] = [];
  for (const [path, node] of overlay.entries()) {
    if (node.kind === 'go') {
      packages.push(...goPackages(node.info, path));
      continue;
    }
    const kind = patternKind(path);
    if (kind !== 'npm' && kind !== 'python') continue;
    const file = reader.text(path);
    if (!file) continue;
    // reported where it was found; a link's target may be shared, the manifest's place is what counts
    const pkg = kind === 'npm' ? parsePackageJson(file.text, path) : parsePythonMetadata(file.text, path);
    if (pkg) packages.push(pkg);
  }
  return packages;
}

/** Maven packages of the JARs, WARs and EARs that survived the layers (spooled to disk by the walk). */
async function javaPackages(
  reader: Reader,
  overlay: Overlay,
  context: AssembleContext,
): Promise<InventoryPackage[]> {
  const packages: InventoryPackage[] = [];
  for (const [path] of overlay.entries()) {
    if (patternKind(path) !== 'java-archive') continue;
    const archive = reader.find(path);
    if (archive?.node.kind !== 'disk') continue; // gone, read through another link, or over the limit
    // named where the archive really is: a link to it (app.jar → app-1.2.jar) is not another archive
    packages.push(
      ...(await readJavaArchive(archive.node.file, archive.path, {
        logger: context.logger,
        label: context.label,
      })),
    );
  }
  return packages;
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Reads the package databases out of the merged view. */
export async function assemble(overlay: Overlay, context: AssembleContext): Promise<Inventory> {
  const reader = new Reader(overlay, context.logger);
  let os: OsInfo | null = null;
  for (const path of OS_RELEASE_PATHS) {
    const file = reader.text(path);
    os = file ? parseOsRelease(file.text) : null;
    if (os) break;
  }
  const distro = [...osPackages(reader, overlay, os), ...(await rpmPackages(reader, os, context))];
  // one database copied to two places (or status and status.d both naming a package) lists it once
  const seen = new Set<string>();
  const unique = distro.filter((p) => !seen.has(p.purl) && seen.add(p.purl));
  const language = [...languagePackages(reader, overlay), ...(await javaPackages(reader, overlay, context))];
  const packages = [...unique, ...language].sort(
    (a, b) =>
      compare(a.type, b.type) ||
      compare(a.name, b.name) ||
      compare(a.version, b.version) ||
      compare(a.location, b.location),
  );
  return { imageDigest: context.imageDigest, os, packages };
}
