/** Small builders for the vulnerability domain's tests. */
import type { Finding, Inventory, InventoryPackage, PackageType, Severity } from './types.js';

export function finding(
  id: string,
  pkg: string,
  severity: Severity,
  extra: Partial<Omit<Finding, 'package'>> & { version?: string; type?: PackageType } = {},
): Finding {
  const { version = '1.0', type = 'deb', ...rest } = extra;
  return {
    id,
    aliases: [],
    package: { name: pkg, version, type, purl: `pkg:${type}/${pkg}@${version}` },
    fixedVersions: [],
    fixState: 'unknown',
    severity,
    cvss: null,
    ...rest,
  };
}

export function pkg(
  name: string,
  version: string,
  extra: Partial<Omit<InventoryPackage, 'name' | 'version'>> = {},
): InventoryPackage {
  const type = extra.type ?? 'deb';
  return {
    name,
    version,
    type,
    purl: `pkg:${type}/${name}@${version}`,
    location: 'var/lib/dpkg/status',
    ...extra,
  };
}

export function inventory(packages: InventoryPackage[], digest = 'sha256:' + 'a'.repeat(64)): Inventory {
  return {
    imageDigest: digest,
    os: { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
    packages,
  };
}
