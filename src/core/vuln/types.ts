/**
 * The vulnerability domain: what an image holds (inventory), what advisories say about it (findings),
 * and the delta between two images. Pure types; shared by the scanner adapters (builtin, trivy, grype),
 * the advisory database and the app.
 */

export type PackageType = 'deb' | 'apk' | 'rpm' | 'npm' | 'pypi' | 'golang' | 'maven';

export interface InventoryPackage {
  readonly name: string;
  readonly version: string;
  readonly type: PackageType;
  /** Source package (dpkg `Source:`, apk `o:` origin, rpm SOURCERPM name): advisories are per source package. */
  readonly sourceName?: string;
  readonly sourceVersion?: string;
  /** Package URL, e.g. pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12 */
  readonly purl: string;
  /** Where in the image filesystem it was found, e.g. "var/lib/dpkg/status" or "usr/lib/node_modules/x/package.json". */
  readonly location: string;
}

export interface OsInfo {
  /** os-release ID: debian, ubuntu, alpine, rhel, centos, rocky, almalinux, fedora, amzn, … */
  readonly id: string;
  readonly versionId: string | null;
  readonly prettyName: string | null;
}

export interface Inventory {
  /** Image manifest digest (platform-specific) the inventory was taken from. */
  readonly imageDigest: string;
  readonly os: OsInfo | null;
  readonly packages: readonly InventoryPackage[];
  /**
   * True when the packages are only those a scanner reported findings for (grype's JSON lists no others),
   * so package changes computed from it are incomplete. Absent for a full inventory.
   */
  readonly partial?: boolean;
}

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'unknown'];

export type FixState = 'fixed' | 'not-fixed' | 'wont-fix' | 'unknown';

export interface Finding {
  /** Advisory id as the source names it (CVE-…, GHSA-…, DSA-…, ALPINE-CVE-…). */
  readonly id: string;
  readonly aliases: readonly string[];
  readonly package: {
    readonly name: string;
    readonly version: string;
    readonly type: PackageType;
    readonly purl: string;
  };
  readonly fixedVersions: readonly string[];
  readonly fixState: FixState;
  readonly severity: Severity;
  readonly cvss: { readonly score: number; readonly vector: string | null } | null;
  readonly summary?: string;
}

export type SeverityCounts = Readonly<Record<Severity, number>>;

export interface VulnerabilityDelta {
  readonly fixed: SeverityCounts;
  readonly introduced: SeverityCounts;
}

/** A package as reports name it. */
export interface PackageRef {
  readonly name: string;
  readonly version: string;
  readonly type: PackageType;
  readonly purl: string;
}

/**
 * What changes when an image OLD is replaced by NEW (`shipshape scan NEW --against OLD`). A finding is the
 * same in both when the package (type and name) matches and the advisory ids (id or aliases) meet.
 */
export interface FindingsDelta {
  /** In OLD, not in NEW: moving to NEW fixes them. OLD's findings. */
  readonly fixed: readonly Finding[];
  /** In NEW, not in OLD. NEW's findings. */
  readonly introduced: readonly Finding[];
  /** In both; NEW's findings (the package version may differ from OLD's). */
  readonly unchanged: readonly Finding[];
  readonly counts: VulnerabilityDelta & { readonly unchanged: SeverityCounts };
}

export interface PackageVersionChange {
  readonly name: string;
  readonly type: PackageType;
  readonly from: string;
  readonly to: string;
  /** NEW's package URL. */
  readonly purl: string;
}

/** Packages between two inventories, OLD → NEW. */
export interface PackageChanges {
  readonly added: readonly PackageRef[];
  readonly removed: readonly PackageRef[];
  /** The version went up (or changed where the ecosystem has no order Shipshape knows). */
  readonly upgraded: readonly PackageVersionChange[];
  readonly downgraded: readonly PackageVersionChange[];
  /** Packages present in both at the same version. */
  readonly unchanged: number;
}
