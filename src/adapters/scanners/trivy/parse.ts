/**
 * Trivy's JSON report (`trivy image --format json`, SchemaVersion 2) → Shipshape's inventory and findings.
 * Packages come from `Results[].Packages` (present with `--list-all-pkgs`); without them the inventory holds
 * only the packages that have findings and is marked partial.
 */
import { ShipshapeError } from '../../../core/errors.js';
import type {
  Finding,
  FixState,
  Inventory,
  InventoryPackage,
  OsInfo,
  PackageType,
  Severity,
} from '../../../core/vuln/types.js';
import {
  arrayAt,
  isObject,
  numberAt,
  objectAt,
  stringAt,
  stringsAt,
  type JsonObject,
} from '../shared/json.js';
import { countInto, fallbackPurl, typeOfPurl, unsupportedWarning } from '../shared/package-type.js';
import type { ParsedReport } from '../shared/parsed-report.js';

const SOURCE = 'scanner:trivy';

/** `Results[].Type` → PackageType, for entries without a package URL. */
const RESULT_TYPES: Readonly<Record<string, PackageType>> = {
  debian: 'deb',
  ubuntu: 'deb',
  alpine: 'apk',
  wolfi: 'apk',
  chainguard: 'apk',
  redhat: 'rpm',
  centos: 'rpm',
  rocky: 'rpm',
  alma: 'rpm',
  amazon: 'rpm',
  fedora: 'rpm',
  oracle: 'rpm',
  photon: 'rpm',
  'cbl-mariner': 'rpm',
  azurelinux: 'rpm',
  'opensuse.leap': 'rpm',
  'opensuse.tumbleweed': 'rpm',
  'suse linux enterprise server': 'rpm',
  npm: 'npm',
  yarn: 'npm',
  pnpm: 'npm',
  bun: 'npm',
  'node-pkg': 'npm',
  pip: 'pypi',
  pipenv: 'pypi',
  poetry: 'pypi',
  uv: 'pypi',
  'python-pkg': 'pypi',
  gomod: 'golang',
  gobinary: 'golang',
  jar: 'maven',
  pom: 'maven',
  gradle: 'maven',
  sbt: 'maven',
};

/** Trivy's OS family → the os-release ID Shipshape's inventory uses. */
const OS_IDS: Readonly<Record<string, string>> = {
  redhat: 'rhel',
  amazon: 'amzn',
  alma: 'almalinux',
  oracle: 'ol',
};

/** Where each OS package manager keeps its database, for inventory locations. */
const OS_DATABASE: Readonly<Partial<Record<PackageType, string>>> = {
  deb: 'var/lib/dpkg/status',
  apk: 'lib/apk/db/installed',
  rpm: 'var/lib/rpm',
};

/** Trivy's `Status` (trivy-db's types.Status) → FixState; `not_affected` findings are dropped. */
const STATUS: Readonly<Record<string, FixState | 'drop'>> = {
  fixed: 'fixed',
  affected: 'not-fixed',
  fix_deferred: 'not-fixed',
  under_investigation: 'unknown',
  will_not_fix: 'wont-fix',
  end_of_life: 'wont-fix',
  unknown: 'unknown',
  not_affected: 'drop',
};

/** `Epoch:Version-Release`, as Trivy formats `InstalledVersion` from a package's parts. */
function fullVersion(pkg: JsonObject, prefix = ''): string {
  const version = stringAt(pkg, `${prefix}Version`) ?? '';
  const release = stringAt(pkg, `${prefix}Release`);
  const epoch = numberAt(pkg, `${prefix}Epoch`);
  return `${epoch ? `${epoch}:` : ''}${version}${release ? `-${release}` : ''}`;
}

function severityOf(value: string | null): Severity {
  const s = (value ?? '').toLowerCase();
  return s === 'critical' || s === 'high' || s === 'medium' || s === 'low' ? s : 'unknown';
}

/** The CVSS of one finding: v3 first (NVD, then the severity's source, then any), then v4, then v2. */
function cvssOf(vuln: JsonObject): Finding['cvss'] {
  const cvss = objectAt(vuln, 'CVSS');
  if (!cvss) return null;
  const sources = Object.keys(cvss);
  const preferred = ['nvd', stringAt(vuln, 'SeveritySource') ?? ''];
  const order = [
    ...preferred.filter((s) => sources.includes(s)),
    ...sources.filter((s) => !preferred.includes(s)),
  ];
  for (const v of ['V3', 'V40', 'V2']) {
    for (const source of order) {
      const entry = objectAt(cvss, source);
      const score = numberAt(entry, `${v}Score`);
      if (score !== null) return { score, vector: stringAt(entry, `${v}Vector`) };
    }
  }
  return null;
}

function typeOf(result: JsonObject, purl: string | null): PackageType | null {
  return typeOfPurl(purl) ?? RESULT_TYPES[(stringAt(result, 'Type') ?? '').toLowerCase()] ?? null;
}

function osOf(report: JsonObject): OsInfo | null {
  const os = objectAt(objectAt(report, 'Metadata'), 'OS');
  const family = stringAt(os, 'Family');
  if (family === null) return null;
  return { id: OS_IDS[family] ?? family, versionId: stringAt(os, 'Name'), prettyName: null };
}

/** The digest after `@` in `Metadata.RepoDigests`, else the image ID (the config digest). */
function digestOf(report: JsonObject): string | null {
  const metadata = objectAt(report, 'Metadata');
  for (const repoDigest of stringsAt(metadata, 'RepoDigests')) {
    const at = repoDigest.lastIndexOf('@');
    if (at >= 0) return repoDigest.slice(at + 1);
  }
  return stringAt(metadata, 'ImageID');
}

function packageOf(
  result: JsonObject,
  entry: JsonObject,
  type: PackageType,
  purl: string | null,
): InventoryPackage {
  const name = stringAt(entry, 'Name') ?? '';
  const version = fullVersion(entry);
  const sourceName = stringAt(entry, 'SrcName');
  const sourceVersion = stringAt(entry, 'SrcVersion') ? fullVersion(entry, 'Src') : null;
  return {
    name,
    version,
    type,
    ...(sourceName !== null && sourceName !== name ? { sourceName } : {}),
    ...(sourceVersion !== null && sourceVersion !== version ? { sourceVersion } : {}),
    purl: purl ?? fallbackPurl(type, name, version),
    location:
      stringAt(entry, 'FilePath') ??
      (stringAt(result, 'Class') === 'os-pkgs' ? OS_DATABASE[type] : undefined) ??
      stringAt(result, 'Target') ??
      '',
  };
}

export function parseTrivyReport(report: unknown, options: { digest?: string | null } = {}): ParsedReport {
  if (!isObject(report) || report['SchemaVersion'] !== 2 || !Array.isArray(report['Results'] ?? [])) {
    const version = isObject(report) ? JSON.stringify(report['SchemaVersion'] ?? null) : 'none';
    throw new ShipshapeError(
      'MALFORMED_RESPONSE',
      SOURCE,
      `not a Trivy JSON report with SchemaVersion 2 (SchemaVersion ${version}); run trivy with --format json`,
    );
  }
  const packages: InventoryPackage[] = [];
  const vulnerablePackages = new Map<string, InventoryPackage>();
  const findings = new Map<string, Finding>();
  const skipped = new Map<string, number>();
  let listed = false;

  for (const result of arrayAt(report, 'Results').filter(isObject)) {
    for (const entry of arrayAt(result, 'Packages').filter(isObject)) {
      listed = true;
      const purl = stringAt(objectAt(entry, 'Identifier'), 'PURL');
      const type = typeOf(result, purl);
      if (type !== null) packages.push(packageOf(result, entry, type, purl));
    }
    for (const vuln of arrayAt(result, 'Vulnerabilities').filter(isObject)) {
      const id = stringAt(vuln, 'VulnerabilityID');
      const name = stringAt(vuln, 'PkgName');
      if (id === null || name === null) continue;
      const purl = stringAt(objectAt(vuln, 'PkgIdentifier'), 'PURL');
      const type = typeOf(result, purl);
      if (type === null) {
        countInto(skipped, stringAt(result, 'Type') ?? 'unknown');
        continue;
      }
      const status = STATUS[stringAt(vuln, 'Status') ?? ''];
      if (status === 'drop') continue;
      const version = stringAt(vuln, 'InstalledVersion') ?? '';
      const fixedVersions = (stringAt(vuln, 'FixedVersion') ?? '')
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      const pkg = {
        name,
        version,
        type,
        purl: purl ?? fallbackPurl(type, name, version),
      };
      const title = stringAt(vuln, 'Title');
      const finding: Finding = {
        id,
        aliases: [...new Set(stringsAt(vuln, 'VendorIDs'))].filter((a) => a !== id).sort(),
        package: pkg,
        fixedVersions,
        // Reports from before `Status` existed: a fixed version means fixed.
        fixState: status ?? (fixedVersions.length > 0 ? 'fixed' : 'unknown'),
        severity: severityOf(stringAt(vuln, 'Severity')),
        cvss: cvssOf(vuln),
        ...(title !== null ? { summary: title } : {}),
      };
      findings.set(`${id}\u0000${pkg.type}\u0000${pkg.name}\u0000${pkg.version}\u0000${pkg.purl}`, finding);
      const location = stringAt(vuln, 'PkgPath') ?? OS_DATABASE[type] ?? stringAt(result, 'Target') ?? '';
      vulnerablePackages.set(`${pkg.purl}\u0000${location}`, { ...pkg, location });
    }
  }

  const warnings: string[] = [];
  const unsupported = unsupportedWarning('trivy', skipped);
  if (unsupported !== null) warnings.push(unsupported);
  const digest = options.digest ?? digestOf(report);
  if (digest === null)
    throw new ShipshapeError('MALFORMED_RESPONSE', SOURCE, 'the report names no image digest or image ID');
  const inventory: Inventory = {
    imageDigest: digest,
    os: osOf(report),
    packages: listed ? packages : [...vulnerablePackages.values()],
    ...(listed ? {} : { partial: true }),
  };
  return { inventory, findings: [...findings.values()], warnings };
}
