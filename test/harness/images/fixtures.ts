/**
 * File trees of typical images, as layer entries: a Debian-like root with this machine's real dpkg
 * database, an Alpine-like root with an apk database, RPM roots (Rocky: /var/lib/rpm; Fedora: under
 * /usr/lib/sysimage with /var/lib/rpm linked there), and application trees with npm and Python packages.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { apkInstalled, type ApkPackageSpec } from './apk.js';
import { buildRpmdb, type RpmPackageSpec } from './rpmdb.js';
import type { LayerEntry } from './tar.js';

/** This machine's /etc/os-release content and dpkg status (the real database, unmodified). */
export function hostDebianFiles(): { osRelease: string; dpkgStatus: Buffer } {
  return {
    osRelease: readFileSync(realpathSync('/etc/os-release'), 'utf8'),
    dpkgStatus: readFileSync('/var/lib/dpkg/status'),
  };
}

/** A merged-/usr Debian root: /etc/os-release → ../usr/lib/os-release, /lib → usr/lib, dpkg's status. */
export function debianRoot(files = hostDebianFiles()): LayerEntry[] {
  return [
    { type: 'symlink', path: 'lib', target: 'usr/lib' },
    { type: 'symlink', path: 'bin', target: 'usr/bin' },
    { type: 'file', path: 'usr/lib/os-release', content: files.osRelease },
    { type: 'symlink', path: 'etc/os-release', target: '../usr/lib/os-release' },
    { type: 'file', path: 'var/lib/dpkg/status', content: files.dpkgStatus },
    { type: 'file', path: 'usr/bin/true', content: '\x7fELF not really', mode: 0o755 },
  ];
}

export const ALPINE_OS_RELEASE = `NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.19.1
PRETTY_NAME="Alpine Linux v3.19"
HOME_URL="https://alpinelinux.org/"
BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
`;

export const ALPINE_PACKAGES: ApkPackageSpec[] = [
  {
    name: 'musl',
    version: '1.2.4_git20230717-r4',
    arch: 'x86_64',
    origin: 'musl',
    files: [{ dir: 'lib', names: ['ld-musl-x86_64.so.1'] }],
  },
  {
    name: 'busybox',
    version: '1.36.1-r15',
    arch: 'x86_64',
    origin: 'busybox',
    depends: ['so:libc.musl-x86_64.so.1'],
  },
  { name: 'busybox-binsh', version: '1.36.1-r15', arch: 'x86_64', origin: 'busybox', provides: ['/bin/sh'] },
  {
    name: 'libcrypto3',
    version: '3.1.4-r5',
    arch: 'x86_64',
    origin: 'openssl',
    files: [{ dir: 'usr/lib', names: ['libcrypto.so.3'] }],
  },
  { name: 'libssl3', version: '3.1.4-r5', arch: 'x86_64', origin: 'openssl' },
  { name: 'ca-certificates-bundle', version: '20230506-r0', arch: 'x86_64', origin: 'ca-certificates' },
  { name: 'alpine-baselayout-data', version: '3.4.3-r2', arch: 'x86_64', origin: 'alpine-baselayout' },
  { name: 'zlib', version: '1.3.1-r0', arch: 'x86_64', origin: 'zlib' },
];

export function alpineRoot(packages = ALPINE_PACKAGES): LayerEntry[] {
  return [
    { type: 'file', path: 'etc/os-release', content: ALPINE_OS_RELEASE },
    { type: 'file', path: 'etc/alpine-release', content: '3.19.1\n' },
    { type: 'file', path: 'lib/apk/db/installed', content: apkInstalled(packages) },
  ];
}

export const ROCKY_OS_RELEASE = `NAME="Rocky Linux"
VERSION="9.3 (Blue Onyx)"
ID="rocky"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.3"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"
`;

export const FEDORA_OS_RELEASE = `NAME="Fedora Linux"
VERSION="40 (Container Image)"
ID=fedora
VERSION_ID=40
PRETTY_NAME="Fedora Linux 40 (Container Image)"
`;

export const ROCKY_PACKAGES: RpmPackageSpec[] = [
  {
    name: 'openssl-libs',
    version: '3.0.7',
    release: '25.el9_3',
    epoch: 1,
    arch: 'x86_64',
    sourceRpm: 'openssl-3.0.7-25.el9_3.src.rpm',
    files: ['/usr/lib64/libssl.so.3'],
  },
  {
    name: 'openssl',
    version: '3.0.7',
    release: '25.el9_3',
    epoch: 1,
    arch: 'x86_64',
    sourceRpm: 'openssl-3.0.7-25.el9_3.src.rpm',
  },
  {
    name: 'bash',
    version: '5.1.8',
    release: '6.el9_1',
    arch: 'x86_64',
    files: ['/usr/bin/bash', '/usr/bin/sh'],
  },
  {
    name: 'glibc',
    version: '2.34',
    release: '83.el9.12',
    arch: 'x86_64',
    requires: ['basesystem', 'glibc-common'],
  },
  { name: 'tzdata', version: '2023c', release: '1.el9', arch: 'noarch' },
  {
    name: 'gpg-pubkey',
    version: '350d275d',
    release: '6395ec9b',
    arch: '(none)',
    sourceRpm: null,
    summary: 'Rocky Enterprise Software Foundation - Release key 2022',
  },
];

/** Rocky 9 keeps the database at /var/lib/rpm. */
export function rockyRoot(packages = ROCKY_PACKAGES): LayerEntry[] {
  const db = buildRpmdb(packages);
  return [
    { type: 'file', path: 'usr/lib/os-release', content: ROCKY_OS_RELEASE },
    { type: 'symlink', path: 'etc/os-release', target: '../usr/lib/os-release' },
    { type: 'file', path: 'var/lib/rpm/rpmdb.sqlite', content: db.database },
    { type: 'file', path: 'var/lib/rpm/rpmdb.sqlite-wal', content: db.wal },
    { type: 'file', path: 'var/lib/rpm/rpmdb.sqlite-shm', content: new Uint8Array(32 * 1024) },
  ];
}

export const FEDORA_PACKAGES: RpmPackageSpec[] = [
  { name: 'fedora-release-common', version: '40', release: '39', arch: 'noarch' },
  { name: 'curl', version: '8.6.0', release: '8.fc40', arch: 'x86_64' },
  {
    name: 'libcurl',
    version: '8.6.0',
    release: '8.fc40',
    arch: 'x86_64',
    sourceRpm: 'curl-8.6.0-8.fc40.src.rpm',
  },
  {
    name: 'perl-Errno',
    version: '1.37',
    release: '506.fc40',
    epoch: 0,
    arch: 'x86_64',
    sourceRpm: 'perl-5.38.2-506.fc40.src.rpm',
  },
  { name: 'shadow-utils', version: '4.15.1', release: '3.fc40', epoch: 2, arch: 'x86_64' },
];

/** Fedora ≥ 36: the database under /usr/lib/sysimage/rpm, /var/lib/rpm a link there; `inWal` rows only in the WAL. */
export function fedoraRoot(packages = FEDORA_PACKAGES, inWal = 2): LayerEntry[] {
  const db = buildRpmdb(packages, { inWal });
  return [
    { type: 'file', path: 'etc/os-release', content: FEDORA_OS_RELEASE },
    { type: 'file', path: 'usr/lib/sysimage/rpm/rpmdb.sqlite', content: db.database },
    { type: 'file', path: 'usr/lib/sysimage/rpm/rpmdb.sqlite-wal', content: db.wal },
    { type: 'symlink', path: 'var/lib/rpm', target: '../../usr/lib/sysimage/rpm' },
  ];
}

const json = (value: unknown): string => JSON.stringify(value, null, 2);

export interface NpmSpec {
  /** Directory holding the package, e.g. "app/node_modules/@scope/name". */
  dir: string;
  name?: string;
  version?: string;
}

export function npmPackage(spec: NpmSpec): LayerEntry[] {
  return [
    {
      type: 'file',
      path: `${spec.dir}/package.json`,
      content: json({ name: spec.name, version: spec.version, main: 'index.js' }),
    },
    { type: 'file', path: `${spec.dir}/index.js`, content: 'module.exports = {};\n' },
  ];
}

export function pythonDistInfo(sitePackages: string, name: string, version: string): LayerEntry[] {
  const dir = `${sitePackages}/${name.replace(/-/g, '_')}-${version}.dist-info`;
  return [
    {
      type: 'file',
      path: `${dir}/METADATA`,
      content: `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\nSummary: ${name} for tests\nRequires-Dist: idna (<4,>=2.5)\n\n# ${name}\n\nName: not-a-header\n`,
    },
    { type: 'file', path: `${dir}/RECORD`, content: '' },
    { type: 'file', path: `${dir}/INSTALLER`, content: 'pip\n' },
  ];
}

/** A real Go program with module information: esbuild's native binary from node_modules (null if none). */
export function hostGoBinary(): Buffer | null {
  const require = createRequire(import.meta.url);
  try {
    const esbuild = require.resolve('esbuild');
    const pkg = require.resolve(`@esbuild/${process.platform}-${process.arch}/package.json`, {
      paths: [esbuild],
    });
    return readFileSync(join(dirname(pkg), 'bin', 'esbuild'));
  } catch {
    return null;
  }
}
