/** Package types of other scanners' reports, as Shipshape's PackageType. */
import type { PackageType } from '../../../core/vuln/types.js';
import { formatPurl } from '../../inventory/purl.js';

const PURL_TYPES: Readonly<Record<string, PackageType>> = {
  deb: 'deb',
  apk: 'apk',
  rpm: 'rpm',
  npm: 'npm',
  pypi: 'pypi',
  golang: 'golang',
  maven: 'maven',
};

/** `pkg:deb/debian/openssl@…` → deb; null for types Shipshape does not model (gem, cargo, nuget, …). */
export function typeOfPurl(purl: string | null): PackageType | null {
  const match = purl === null ? null : /^pkg:([a-zA-Z][a-zA-Z0-9.+-]*)\//.exec(purl);
  return match ? (PURL_TYPES[match[1]!.toLowerCase()] ?? null) : null;
}

/** A package URL for a report entry that has none: type, name and version only. */
export function fallbackPurl(type: PackageType, name: string, version: string): string {
  if (type === 'maven' && name.includes(':')) {
    const [group = '', artifact = ''] = name.split(':');
    return formatPurl({ type, namespace: group, name: artifact, version });
  }
  if ((type === 'npm' || type === 'golang') && name.includes('/')) {
    const slash = name.lastIndexOf('/');
    return formatPurl({ type, namespace: name.slice(0, slash), name: name.slice(slash + 1), version });
  }
  return formatPurl({ type, name, version });
}

/** Counts of findings left out because their package type is not modelled, as one warning. */
export function unsupportedWarning(scanner: string, skipped: ReadonlyMap<string, number>): string | null {
  if (skipped.size === 0) return null;
  const total = [...skipped.values()].reduce((a, b) => a + b, 0);
  const detail = [...skipped.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([type, n]) => `${type}: ${n}`)
    .join(', ');
  return `${scanner} reported ${total} finding${total === 1 ? '' : 's'} in package types Shipshape does not model, left out (${detail})`;
}

export function countInto(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
