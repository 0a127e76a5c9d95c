/**
 * Package URLs (https://github.com/package-url/purl-spec) in canonical form: every component percent-encoded
 * except `A-Z a-z 0-9 . - _ ~` and `:`, qualifier keys sorted, empty qualifier values dropped.
 */
import type { OsInfo } from '../../core/vuln/types.js';

const UTF8 = new TextEncoder();

function isKept(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    byte === 0x2e || // .
    byte === 0x2d || // -
    byte === 0x5f || // _
    byte === 0x7e || // ~
    byte === 0x3a // : is never encoded
  );
}

export function encodeComponent(value: string): string {
  let out = '';
  for (const byte of UTF8.encode(value)) {
    out += isKept(byte) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export interface PurlParts {
  readonly type: string;
  readonly namespace?: string | null;
  readonly name: string;
  readonly version?: string | null;
  readonly qualifiers?: Readonly<Record<string, string | null | undefined>>;
}

export function formatPurl(parts: PurlParts): string {
  let out = `pkg:${parts.type.toLowerCase()}/`;
  if (parts.namespace) {
    out += parts.namespace.split('/').filter(Boolean).map(encodeComponent).join('/') + '/';
  }
  out += encodeComponent(parts.name);
  if (parts.version) out += `@${encodeComponent(parts.version)}`;
  const qualifiers = Object.entries(parts.qualifiers ?? {})
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .map(([key, value]) => [key.toLowerCase(), value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (qualifiers.length > 0) {
    out += '?' + qualifiers.map(([key, value]) => `${key}=${encodeComponent(value)}`).join('&');
  }
  return out;
}

/** The purl namespace of a distribution's packages: the os-release ID (Red Hat's vendor name for RHEL). */
function distroNamespace(os: OsInfo | null, fallback: string | null): string | null {
  if (!os) return fallback;
  const id = os.id.toLowerCase();
  return id === 'rhel' ? 'redhat' : id;
}

/** `distro=` as Trivy and Syft write it: `debian-12`, `rocky-9.3`; Alpine uses the bare release, `3.19.1`. */
function distroQualifier(os: OsInfo | null, type: 'deb' | 'apk' | 'rpm'): string | null {
  if (!os?.versionId) return null;
  return type === 'apk' ? os.versionId : `${os.id.toLowerCase()}-${os.versionId}`;
}

export interface OsPackageIdentity {
  readonly type: 'deb' | 'apk' | 'rpm';
  readonly name: string;
  /** Without the epoch for rpm (that goes into `epoch=`). */
  readonly version: string;
  readonly arch?: string | null;
  readonly epoch?: number | null;
}

export function osPackagePurl(pkg: OsPackageIdentity, os: OsInfo | null): string {
  const fallback = pkg.type === 'deb' ? 'debian' : pkg.type === 'apk' ? 'alpine' : null;
  return formatPurl({
    type: pkg.type,
    namespace: distroNamespace(os, fallback),
    name: pkg.name,
    version: pkg.version,
    qualifiers: {
      arch: pkg.arch,
      epoch: pkg.epoch ? String(pkg.epoch) : null,
      distro: distroQualifier(os, pkg.type),
    },
  });
}

/** `@scope/name` → namespace `@scope` (encoded `%40scope`), name `name`. */
export function npmPurl(name: string, version: string): string {
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  return slash > 0
    ? formatPurl({ type: 'npm', namespace: name.slice(0, slash), name: name.slice(slash + 1), version })
    : formatPurl({ type: 'npm', name, version });
}

/** The pypi purl type lowercases names and spells `_` as `-`. */
export function pypiPurl(name: string, version: string): string {
  return formatPurl({ type: 'pypi', name: name.toLowerCase().replace(/_/g, '-'), version });
}

export function golangPurl(modulePath: string, version: string): string {
  const slash = modulePath.lastIndexOf('/');
  return slash > 0
    ? formatPurl({
        type: 'golang',
        namespace: modulePath.slice(0, slash),
        name: modulePath.slice(slash + 1),
        version,
      })
    : formatPurl({ type: 'golang', name: modulePath, version });
}

/** `pkg:maven/<groupId>/<artifactId>@<version>`: the group is one namespace segment, dots and all. */
export function mavenPurl(groupId: string, artifactId: string, version: string): string {
  return formatPurl({ type: 'maven', namespace: groupId, name: artifactId, version });
}
