import { describe, expect, it } from 'vitest';
import type { InventoryPackage, OsInfo } from '../vuln/types.js';
import { baseEcosystem, normalizePackageName, osEcosystems, queriesForPackage } from './ecosystems.js';

const os = (id: string, versionId: string | null, prettyName: string | null = null): OsInfo => ({
  id,
  versionId,
  prettyName,
});

function pkg(
  fields: Partial<InventoryPackage> & Pick<InventoryPackage, 'name' | 'version' | 'type'>,
): InventoryPackage {
  return { purl: `pkg:${fields.type}/${fields.name}@${fields.version}`, location: 'x', ...fields };
}

describe('normalizePackageName', () => {
  it.each([
    ['PyPI', 'Django', 'django'],
    ['PyPI', 'zope.interface', 'zope-interface'],
    ['PyPI', 'Foo__Bar-._baz', 'foo-bar-baz'],
    ['npm', '@Scope/Name', '@Scope/Name'],
    ['Debian:12', 'openssl', 'openssl'],
    ['Maven', 'org.apache.logging.log4j:log4j-core', 'org.apache.logging.log4j:log4j-core'],
  ])('%s %s → %s', (ecosystem, name, expected) => {
    expect(normalizePackageName(ecosystem, name)).toBe(expected);
  });

  it('splits the release off the ecosystem', () => {
    expect(baseEcosystem('Ubuntu:22.04:LTS')).toBe('Ubuntu');
    expect(baseEcosystem('Rocky Linux:9')).toBe('Rocky Linux');
    expect(baseEcosystem('npm')).toBe('npm');
  });
});

describe('osEcosystems', () => {
  const available = [
    'Red Hat:enterprise_linux:9::appstream',
    'Red Hat:enterprise_linux:9::baseos',
    'Red Hat:enterprise_linux:8::baseos',
    'Red Hat:rhel_eus:9.2::baseos',
  ];
  it.each([
    [os('debian', '12'), ['Debian:12']],
    [os('debian', '11.9'), ['Debian:11']],
    [os('debian', null, 'Debian GNU/Linux trixie/sid'), ['Debian:sid']],
    [os('debian', null), []],
    [os('ubuntu', '22.04'), ['Ubuntu:22.04', 'Ubuntu:22.04:LTS']],
    [os('alpine', '3.19.1'), ['Alpine:v3.19']],
    [os('alpine', '3.20.0_alpha20240329'), ['Alpine:v3.20']],
    [os('rocky', '9.3'), ['Rocky Linux:9']],
    [os('almalinux', '8.9'), ['AlmaLinux:8']],
    [os('rhel', '9.4'), ['Red Hat:enterprise_linux:9::appstream', 'Red Hat:enterprise_linux:9::baseos']],
    [os('amzn', '2023'), []],
  ] as const)('%j → %j', (info, expected) => {
    expect(osEcosystems(info, available)).toEqual(expected);
  });

  it('is empty without OS information', () => {
    expect(osEcosystems(null, available)).toEqual([]);
  });
});

describe('queriesForPackage', () => {
  it('looks deb packages up by source name and source version in every OS ecosystem', () => {
    const libssl = pkg({
      name: 'libssl3',
      version: '3.0.11-1~deb12u2',
      type: 'deb',
      sourceName: 'openssl',
      sourceVersion: '3.0.11-1~deb12u2',
    });
    expect(queriesForPackage(libssl, ['Debian:12'])).toEqual([
      { ecosystem: 'Debian:12', name: 'openssl', version: '3.0.11-1~deb12u2' },
    ]);
    // binNMU: the binary version differs from the source version the advisory is written against
    const binnmu = pkg({
      name: 'libfoo1',
      version: '1.0-1+b1',
      type: 'deb',
      sourceName: 'foo',
      sourceVersion: '1.0-1',
    });
    expect(queriesForPackage(binnmu, ['Ubuntu:22.04', 'Ubuntu:22.04:LTS'])).toEqual([
      { ecosystem: 'Ubuntu:22.04', name: 'foo', version: '1.0-1' },
      { ecosystem: 'Ubuntu:22.04:LTS', name: 'foo', version: '1.0-1' },
    ]);
    expect(
      queriesForPackage(pkg({ name: 'bash', version: '5.2.15-2+b2', type: 'deb' }), ['Debian:12']),
    ).toEqual([{ ecosystem: 'Debian:12', name: 'bash', version: '5.2.15-2+b2' }]);
  });

  it('looks apk packages up by origin', () => {
    const p = pkg({ name: 'libcrypto3', version: '3.1.4-r5', type: 'apk', sourceName: 'openssl' });
    expect(queriesForPackage(p, ['Alpine:v3.19'])).toEqual([
      { ecosystem: 'Alpine:v3.19', name: 'openssl', version: '3.1.4-r5' },
    ]);
  });

  it('keeps OS packages to their own family', () => {
    const p = pkg({ name: 'musl', version: '1.2.4-r2', type: 'apk' });
    expect(queriesForPackage(p, ['Debian:12'])).toEqual([]);
  });

  it('looks rpm packages up by source RPM for Rocky/AlmaLinux and by both names for Red Hat', () => {
    const p = pkg({
      name: 'openssl-libs',
      version: '1:3.0.7-25.el9_3',
      type: 'rpm',
      sourceName: 'openssl',
      sourceVersion: '1:3.0.7-25.el9_3',
    });
    expect(queriesForPackage(p, ['Rocky Linux:9'])).toEqual([
      { ecosystem: 'Rocky Linux:9', name: 'openssl', version: '1:3.0.7-25.el9_3' },
    ]);
    expect(queriesForPackage(p, ['Red Hat:enterprise_linux:9::baseos']).map((q) => q.name)).toEqual([
      'openssl-libs',
      'openssl',
    ]);
  });

  it('looks language packages up by their own name, normalized', () => {
    expect(queriesForPackage(pkg({ name: 'Django', version: '4.2.1', type: 'pypi' }), [])).toEqual([
      { ecosystem: 'PyPI', name: 'django', version: '4.2.1' },
    ]);
    expect(
      queriesForPackage(pkg({ name: '@babel/traverse', version: '7.22.0', type: 'npm' }), ['Debian:12']),
    ).toEqual([{ ecosystem: 'npm', name: '@babel/traverse', version: '7.22.0' }]);
    expect(
      queriesForPackage(pkg({ name: 'golang.org/x/net', version: 'v0.17.0', type: 'golang' }), []),
    ).toEqual([{ ecosystem: 'Go', name: 'golang.org/x/net', version: '0.17.0' }]);
    expect(queriesForPackage(pkg({ name: 'stdlib', version: 'go1.21.3', type: 'golang' }), [])).toEqual([
      { ecosystem: 'Go', name: 'stdlib', version: '1.21.3' },
    ]);
    expect(queriesForPackage(pkg({ name: 'example.com/m', version: '(devel)', type: 'golang' }), [])).toEqual(
      [],
    );
  });

  it('builds Maven groupId:artifactId from the purl when the name is the artifact alone', () => {
    const p = pkg({
      name: 'log4j-core',
      version: '2.14.1',
      type: 'maven',
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    });
    expect(queriesForPackage(p, [])).toEqual([
      { ecosystem: 'Maven', name: 'org.apache.logging.log4j:log4j-core', version: '2.14.1' },
    ]);
  });
});
