/**
 * Which files of an image the inventory reads, and how each is kept while the layers stream by: small text
 * in memory, rpm's database and Java archives on disk, BerkeleyDB/NDB databases only noted (they are not
 * read).
 */

export type FileKind =
  | 'os-release'
  | 'dpkg-status'
  | 'dpkg-status-d'
  | 'apk-installed'
  | 'rpmdb-sqlite'
  | 'rpmdb-wal'
  | 'rpmdb-unsupported'
  | 'npm'
  | 'python'
  | 'java-archive';

export type Storage = 'memory' | 'disk' | 'presence';

export const STORAGE: Readonly<Record<FileKind, Storage>> = {
  'os-release': 'memory',
  'dpkg-status': 'memory',
  'dpkg-status-d': 'memory',
  'apk-installed': 'memory',
  'rpmdb-sqlite': 'disk',
  'rpmdb-wal': 'disk',
  'rpmdb-unsupported': 'presence',
  npm: 'memory',
  python: 'memory',
  'java-archive': 'disk',
};

export const OS_RELEASE_PATHS = ['etc/os-release', 'usr/lib/os-release'] as const;
export const DPKG_STATUS_PATH = 'var/lib/dpkg/status';
export const DPKG_STATUS_DIR = 'var/lib/dpkg/status.d';
/** apk-tools 3 on a merged /usr moves the database under usr/. */
export const APK_INSTALLED_PATHS = ['lib/apk/db/installed', 'usr/lib/apk/db/installed'] as const;
/** Fedora ≥ 36 keeps it under usr/ and links var/lib/rpm there; RHEL 9 keeps var/lib/rpm. */
export const RPMDB_DIRS = ['var/lib/rpm', 'usr/lib/sysimage/rpm'] as const;
export const RPMDB_SQLITE = 'rpmdb.sqlite';
export const RPMDB_WAL = 'rpmdb.sqlite-wal';

const FIXED: ReadonlyMap<string, FileKind> = new Map<string, FileKind>([
  ...OS_RELEASE_PATHS.map((p) => [p, 'os-release'] as const),
  [DPKG_STATUS_PATH, 'dpkg-status'],
  ...APK_INSTALLED_PATHS.map((p) => [p, 'apk-installed'] as const),
  ...RPMDB_DIRS.flatMap((dir) => [
    [`${dir}/${RPMDB_SQLITE}`, 'rpmdb-sqlite'] as const,
    [`${dir}/${RPMDB_WAL}`, 'rpmdb-wal'] as const,
    [`${dir}/Packages`, 'rpmdb-unsupported'] as const, // BerkeleyDB
    [`${dir}/Packages.db`, 'rpmdb-unsupported'] as const, // NDB
  ]),
]);

/** Paths a lookup starts from (the pattern-matched ones come from the layers). */
export const FIXED_PATHS: ReadonlyMap<string, FileKind> = FIXED;

/** `node_modules/<name>/package.json` and `node_modules/@scope/<name>/package.json`, at any depth. */
const NPM_MANIFEST = /(?:^|\/)node_modules\/(?:@[^/]+\/)?[^/.@][^/]*\/package\.json$/;
/** pip's `<name>-<version>.dist-info/METADATA`, setuptools' `<name>.egg-info/PKG-INFO`. */
const PYTHON_METADATA = /(?:^|\/)[^/]+\.(?:dist-info\/METADATA|egg-info\/PKG-INFO)$/;
/** A JAR, WAR or EAR anywhere; the name must have something before the extension. */
const JAVA_ARCHIVE = /(?:^|\/)[^/]+\.(?:jar|war|ear)$/i;

export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let dir = dirname(path); dir !== ''; dir = dirname(dir)) out.push(dir);
  return out;
}

/** The kind of a file found by name pattern (status.d stanzas, package manifests), wherever it is. */
export function patternKind(path: string): FileKind | null {
  if (dirname(path) === DPKG_STATUS_DIR) {
    // newer distroless writes <name>.md5sums beside each <name> stanza file
    return path.endsWith('.md5sums') ? null : 'dpkg-status-d';
  }
  if (path.endsWith('/package.json')) return NPM_MANIFEST.test(path) ? 'npm' : null;
  if (path.endsWith('/METADATA') || path.endsWith('/PKG-INFO')) {
    return PYTHON_METADATA.test(path) ? 'python' : null;
  }
  return JAVA_ARCHIVE.test(path) ? 'java-archive' : null;
}

export class Wanted {
  /** Directories on the way to a fixed or extra path: a symlink there redirects a lookup. */
  private readonly linkDirs: ReadonlySet<string>;

  /** `extra`: link targets outside the usual places, found by an earlier pass over the layers. */
  constructor(readonly extra: ReadonlyMap<string, FileKind> = new Map()) {
    const dirs = new Set<string>([DPKG_STATUS_DIR]);
    for (const path of [...FIXED.keys(), ...extra.keys()]) for (const dir of ancestors(path)) dirs.add(dir);
    this.linkDirs = dirs;
  }

  /** What a regular file (or hard link) at `path` is to the inventory, or null to skip it. */
  kind(path: string): FileKind | null {
    return FIXED.get(path) ?? this.extra.get(path) ?? patternKind(path);
  }

  /** Whether a symlink at `path` can matter: it is a wanted file, or a directory on the way to one. */
  keepsLink(path: string): boolean {
    return this.kind(path) !== null || this.linkDirs.has(path);
  }
}
