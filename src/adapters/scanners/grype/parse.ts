/**
 * Grype's JSON report (`grype IMAGE -o json`) → Shipshape's inventory and findings. Grype lists only the
 * packages that have matches, so the inventory is marked partial. `relatedVulnerabilities` (the CVE behind
 * a distribution or GHSA record) become aliases and fill in CVSS when the match itself has none.
 */
import { ShipshapeError } from '../../../core/errors.js';
import type {
  Finding,
  FixState,
  InventoryPackage,
  OsInfo,
  PackageType,
  Severity,
} from '../../../core/vuln/types.js';
import { arrayAt, isObject, numberAt, objectAt, stringAt, type JsonObject } from '../shared/json.js';
import { countInto, fallbackPurl, typeOfPurl, unsupportedWarning } from '../shared/package-type.js';
import type { ParsedReport } from '../shared/parsed-report.js';

const SOURCE = 'scanner:grype';

/** Syft's package types → PackageType, for artifacts without a package URL. */
const ARTIFACT_TYPES: Readonly<Record<string, PackageType>> = {
  deb: 'deb',
  apk: 'apk',
  rpm: 'rpm',
  npm: 'npm',
  python: 'pypi',
  'go-module': 'golang',
  'java-archive': 'maven',
  'jenkins-plugin': 'maven',
};

const FIX_STATES: Readonly<Record<string, FixState>> = {
  fixed: 'fixed',
  'not-fixed': 'not-fixed',
  'wont-fix': 'wont-fix',
  unknown: 'unknown',
};

function severityOf(value: string | null): Severity | null {
  const s = (value ?? '').toLowerCase();
  if (s === 'critical' || s === 'high' || s === 'medium' || s === 'low') return s;
  // Grype's "Negligible" (Debian's unimportant, Ubuntu's negligible) is below low: count it as low.
  if (s === 'negligible') return 'low';
  return null;
}

/** CVSS from the match, then from its related records: v3 first, then v4, then v2. */
function cvssOf(records: readonly JsonObject[]): Finding['cvss'] {
  const entries = records.flatMap((r) => arrayAt(r, 'cvss').filter(isObject));
  for (const major of ['3', '4', '2']) {
    for (const entry of entries) {
      if (!(stringAt(entry, 'version') ?? '').startsWith(major)) continue;
      const score = numberAt(objectAt(entry, 'metrics'), 'baseScore');
      if (score !== null) return { score, vector: stringAt(entry, 'vector') };
    }
  }
  return null;
}

/** The first line of a description, as a summary. */
function summaryOf(records: readonly JsonObject[]): string | null {
  for (const r of records) {
    const text = stringAt(r, 'description')?.trim().split('\n', 1)[0];
    if (text) return text;
  }
  return null;
}

function osOf(report: JsonObject): OsInfo | null {
  const distro = objectAt(report, 'distro');
  const name = stringAt(distro, 'name');
  return name === null ? null : { id: name, versionId: stringAt(distro, 'version'), prettyName: null };
}

function digestOf(report: JsonObject): string | null {
  const target = objectAt(objectAt(report, 'source'), 'target');
  return stringAt(target, 'manifestDigest') ?? stringAt(target, 'imageID');
}

export function parseGrypeReport(report: unknown, options: { digest?: string | null } = {}): ParsedReport {
  if (!isObject(report) || !Array.isArray(report['matches'])) {
    throw new ShipshapeError(
      'MALFORMED_RESPONSE',
      SOURCE,
      'not a Grype JSON report (no "matches" list); run grype with -o json',
    );
  }
  const packages = new Map<string, InventoryPackage>();
  const findings = new Map<string, Finding>();
  const skipped = new Map<string, number>();

  for (const match of arrayAt(report, 'matches').filter(isObject)) {
    const vuln = objectAt(match, 'vulnerability');
    const artifact = objectAt(match, 'artifact');
    const id = stringAt(vuln, 'id');
    const name = stringAt(artifact, 'name');
    if (vuln === null || artifact === null || id === null || name === null) continue;
    const artifactPurl = stringAt(artifact, 'purl');
    const artifactType = stringAt(artifact, 'type') ?? 'unknown';
    const type = typeOfPurl(artifactPurl) ?? ARTIFACT_TYPES[artifactType] ?? null;
    if (type === null) {
      countInto(skipped, artifactType);
      continue;
    }
    const version = stringAt(artifact, 'version') ?? '';
    const purl = artifactPurl ?? fallbackPurl(type, name, version);
    const related = arrayAt(match, 'relatedVulnerabilities').filter(isObject);
    const records = [vuln, ...related];
    const fix = objectAt(vuln, 'fix');
    const fixedVersions = arrayAt(fix, 'versions').filter(
      (v): v is string => typeof v === 'string' && v !== '',
    );
    const summary = summaryOf(records);
    const finding: Finding = {
      id,
      aliases: [...new Set(related.map((r) => stringAt(r, 'id')).filter((r): r is string => r !== null))]
        .filter((a) => a !== id)
        .sort(),
      package: { name, version, type, purl },
      fixedVersions,
      fixState: FIX_STATES[stringAt(fix, 'state') ?? ''] ?? (fixedVersions.length > 0 ? 'fixed' : 'unknown'),
      severity:
        records.map((r) => severityOf(stringAt(r, 'severity'))).find((s): s is Severity => s !== null) ??
        'unknown',
      cvss: cvssOf(records),
      ...(summary !== null ? { summary } : {}),
    };
    findings.set(`${id}\u0000${type}\u0000${name}\u0000${version}\u0000${purl}`, finding);

    const upstream = arrayAt(artifact, 'upstreams').find(isObject);
    const sourceName = stringAt(upstream, 'name');
    const sourceVersion = stringAt(upstream, 'version');
    const location = (stringAt(arrayAt(artifact, 'locations').find(isObject), 'path') ?? '').replace(
      /^\/+/,
      '',
    );
    const key = stringAt(artifact, 'id') ?? `${purl}\u0000${location}`;
    packages.set(key, {
      name,
      version,
      type,
      ...(sourceName !== null && sourceName !== name ? { sourceName } : {}),
      ...(sourceVersion !== null && sourceVersion !== version ? { sourceVersion } : {}),
      purl,
      location,
    });
  }

  const warnings: string[] = [];
  const unsupported = unsupportedWarning('grype', skipped);
  if (unsupported !== null) warnings.push(unsupported);
  const digest = options.digest ?? digestOf(report);
  if (digest === null)
    throw new ShipshapeError('MALFORMED_RESPONSE', SOURCE, 'the report names no image digest or image ID');
  return {
    inventory: { imageDigest: digest, os: osOf(report), packages: [...packages.values()], partial: true },
    findings: [...findings.values()],
    warnings,
  };
}
