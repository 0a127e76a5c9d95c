import { describe, expect, it } from 'vitest';
import { parseDpkgStatus } from './dpkg.js';

const os = { id: 'debian', versionId: '12', prettyName: null };

const STATUS = `Package: libssl3
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 6160
Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>
Architecture: amd64
Multi-Arch: same
Source: openssl (3.0.11-1~deb12u2)
Version: 3.0.11-1~deb12u2
Depends: libc6 (>= 2.34)
Description: Secure Sockets Layer toolkit - shared libraries
 This package is part of the OpenSSL project's implementation of the SSL
 and TLS cryptographic protocols.
 .
 It provides libssl and libcrypto.
Homepage: https://www.openssl.org/

Package: removed-but-configured
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0-1
Conffiles:
 /etc/removed.conf 0123456789abcdef0123456789abcdef

Package: held
Status: hold ok installed
Architecture: all
Version: 2.0
Source: heldsrc

Package: half
Status: install reinstreq half-installed
Architecture: amd64
Version: 0.1

Package: libc6
Status: install ok installed
Architecture: i386
Version: 2.36-9+deb12u4
Source: glibc

Package: libc6
Status: install ok installed
Architecture: amd64
Version: 2.36-9+deb12u4
Source: glibc
`;

describe('parseDpkgStatus', () => {
  const packages = parseDpkgStatus(STATUS, 'var/lib/dpkg/status', os);

  it('lists installed packages only (held ones are installed too)', () => {
    expect(packages.map((p) => `${p.name}:${p.purl.match(/arch=(\w+)/)?.[1]}`)).toEqual([
      'libssl3:amd64',
      'held:all',
      'libc6:i386',
      'libc6:amd64',
    ]);
  });

  it('takes the source name and version, defaulting to the binary package', () => {
    expect(packages[0]).toEqual({
      name: 'libssl3',
      version: '3.0.11-1~deb12u2',
      type: 'deb',
      sourceName: 'openssl',
      sourceVersion: '3.0.11-1~deb12u2',
      purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
      location: 'var/lib/dpkg/status',
    });
    expect(packages[1]).toMatchObject({ sourceName: 'heldsrc', sourceVersion: '2.0' });
    expect(packages[2]).toMatchObject({ sourceName: 'glibc', sourceVersion: '2.36-9+deb12u4' });
    expect(packages[2]!.purl).toBe('pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=i386&distro=debian-12');
  });

  it('reads a distroless status.d stanza, which has no Status field', () => {
    const stanza = 'Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\nMaintainer: x\n';
    expect(parseDpkgStatus(stanza, 'var/lib/dpkg/status.d/tzdata', os)).toEqual([
      expect.objectContaining({
        name: 'tzdata',
        version: '2024a-0+deb12u1',
        location: 'var/lib/dpkg/status.d/tzdata',
      }),
    ]);
  });

  it('skips stanzas without name or version and tolerates CRLF and stray lines', () => {
    const text =
      'Package: a\r\nStatus: install ok installed\r\n\r\nVersion: 1\r\n\r\n continuation\r\nPackage: b\r\nVersion: 2\r\n';
    expect(parseDpkgStatus(text, 's', os).map((p) => p.name)).toEqual(['b']);
  });
});
