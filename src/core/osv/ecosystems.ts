/**
 * Which OSV (ecosystem, package name, version) an inventory package is looked up as.
 * Distribution advisories are per source package (Debian, Ubuntu, Alpine origin, Rocky, AlmaLinux),
 * so those look up the source name and the source version; language packages look up their own name.
 */
import type { InventoryPackage, OsInfo } from '../vuln/types.js';

export interface OsvQuery {
  readonly ecosystem: string;
  /** Normalized with `normalizePackageName`. */
  readonly name: string;
  /** The version evaluated against the advisory's ranges. */
  readonly version: string;
}

/** The ecosystem without its `:<release>` suffix: `Debian:12` → `Debian`, `Alpine:v3.19` → `Alpine`. */
export function baseEcosystem(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return colon === -1 ? ecosystem : ecosystem.slice(0, colon);
}

/** PEP 503 for PyPI (`Foo_Bar.baz` → `foo-bar-baz`); every other ecosystem compares names exactly. */
export function normalizePackageName(ecosystem: string, name: string): string {
  if (baseEcosystem(ecosystem) === 'PyPI') return name.toLowerCase().replace(/[-_.]+/g, '-');
  return name.trim();
}

function major(versionId: string): string {
  return versionId.split('.', 1)[0] ?? versionId;
}

function majorMinor(versionId: string): string {
  return versionId.split('.').slice(0, 2).join('.');
}

/**
 * The OS ecosystems an image's distribution packages belong to. `available` (the ecosystems present in the
 * database) resolves the families named by prefix, such as Red Hat's CPE-scoped streams.
 */
export function osEcosystems(os: OsInfo | null, available: readonly string[]): string[] {
  if (os === null) return [];
  const id = os.id.toLowerCase();
  const versionId = os.versionId;
  if (id === 'debian') {
    if (versionId !== null) return [`Debian:${major(versionId)}`];
    // testing/unstable carry no VERSION_ID; OSV names unstable by its series
    return os.prettyName?.includes('sid') === true ? ['Debian:sid'] : [];
  }
  if (versionId === null) return [];
  switch (id) {
    case 'ubuntu':
      return [`Ubuntu:${versionId}`, `Ubuntu:${versionId}:LTS`];
    case 'alpine':
      return [`Alpine:v${majorMinor(versionId)}`];
    case 'rocky':
      return [`Rocky Linux:${major(versionId)}`];
    case 'almalinux':
      return [`AlmaLinux:${major(versionId)}`];
    case 'rhel':
    case 'centos': {
      // Red Hat ecosystems are CPE-scoped: "Red Hat:enterprise_linux:9::appstream", "…:9::baseos", …
      const prefix = `Red Hat:enterprise_linux:${major(versionId)}::`;
      return available.filter((ecosystem) => ecosystem.startsWith(prefix));
    }
    default:
      return [];
  }
}

function mavenName(pkg: InventoryPackage): string {
  if (pkg.name.includes(':')) return pkg.name;
  // pkg:maven/<group>/<artifact>@<version>
  const match = /^pkg:maven\/([^/@?#]+)\/([^/@?#]+)/.exec(pkg.purl);
  return match ? `${decodeURIComponent(match[1]!)}:${decodeURIComponent(match[2]!)}` : pkg.name;
}

/** Go module versions carry a "v" (and the toolchain "go"); OSV's SEMVER ranges do not. */
function goVersion(version: string): string {
  return version.replace(/^(v|go)(?=\d)/, '');
}

const PACKAGE_FAMILIES: Readonly<Record<'deb' | 'apk' | 'rpm', readonly string[]>> = {
  deb: ['Debian', 'Ubuntu'],
  apk: ['Alpine'],
  rpm: ['Rocky Linux', 'AlmaLinux', 'Red Hat'],
};

/** The lookups for one package; several when a source and a binary name both may be the advisory's key. */
export function queriesForPackage(pkg: InventoryPackage, osEcosystems: readonly string[]): OsvQuery[] {
  const family =
    pkg.type === 'deb' || pkg.type === 'apk' || pkg.type === 'rpm' ? PACKAGE_FAMILIES[pkg.type] : [];
  const osEcos = osEcosystems.filter((eco) => family.includes(baseEcosystem(eco)));
  const make = (ecosystem: string, name: string, version: string): OsvQuery => ({
    ecosystem,
    name: normalizePackageName(ecosystem, name),
    version,
  });
  switch (pkg.type) {
    case 'deb':
    case 'apk':
      return osEcos.map((eco) => make(eco, pkg.sourceName || pkg.name, pkg.sourceVersion || pkg.version));
    case 'rpm':
      return osEcos.flatMap((eco) => {
        const binary = make(eco, pkg.name, pkg.version);
        // Rocky and AlmaLinux name source RPMs; Red Hat names binary or source RPMs
        if (!pkg.sourceName || pkg.sourceName === pkg.name) return [binary];
        const source = make(eco, pkg.sourceName, pkg.sourceVersion || pkg.version);
        return eco.startsWith('Red Hat:') ? [binary, source] : [source];
      });
    case 'npm':
      return [make('npm', pkg.name, pkg.version)];
    case 'pypi':
      return [make('PyPI', pkg.name, pkg.version)];
    case 'golang':
      if (pkg.version === '' || pkg.version === '(devel)') return [];
      return [make('Go', pkg.name, goVersion(pkg.version))];
    case 'maven':
      return [make('Maven', mavenName(pkg), pkg.version)];
  }
}
