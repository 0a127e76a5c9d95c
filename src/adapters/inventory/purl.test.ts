import { describe, expect, it } from 'vitest';
import type { OsInfo } from '../../core/vuln/types.js';
import {
  encodeComponent,
  formatPurl,
  golangPurl,
  mavenPurl,
  npmPurl,
  osPackagePurl,
  pypiPurl,
} from './purl.js';

const debian12: OsInfo = { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' };
const alpine: OsInfo = { id: 'alpine', versionId: '3.19.1', prettyName: null };
const rocky: OsInfo = { id: 'rocky', versionId: '9.3', prettyName: null };

describe('purl', () => {
  it('formats the distribution examples (qualifiers in canonical, sorted order)', () => {
    expect(
      osPackagePurl({ type: 'deb', name: 'openssl', version: '3.0.11-1~deb12u2', arch: 'amd64' }, debian12),
    ).toBe('pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12');
    expect(osPackagePurl({ type: 'apk', name: 'musl', version: '1.2.4-r2', arch: 'x86_64' }, alpine)).toBe(
      'pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=3.19.1',
    );
    expect(
      osPackagePurl(
        { type: 'rpm', name: 'openssl', version: '3.0.7-25.el9', arch: 'x86_64', epoch: 1 },
        rocky,
      ),
    ).toBe('pkg:rpm/rocky/openssl@3.0.7-25.el9?arch=x86_64&distro=rocky-9.3&epoch=1');
  });

  it('percent-encodes everything but unreserved characters and the colon', () => {
    expect(encodeComponent('1:2.3+dfsg-1~bpo')).toBe('1:2.3%2Bdfsg-1~bpo');
    expect(encodeComponent('a b/c@d?e#f&g=h%')).toBe('a%20b%2Fc%40d%3Fe%23f%26g%3Dh%25');
    expect(encodeComponent('née')).toBe('n%C3%A9e');
    expect(
      osPackagePurl({ type: 'deb', name: 'libstdc++6', version: '1:12.2.0-14', arch: 'amd64' }, debian12),
    ).toBe('pkg:deb/debian/libstdc%2B%2B6@1:12.2.0-14?arch=amd64&distro=debian-12');
  });

  it('names the Maven groupId as one namespace segment', () => {
    expect(mavenPurl('org.apache.logging.log4j', 'log4j-core', '2.14.1')).toBe(
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    );
    expect(mavenPurl('com.example', 'demo', '1.0+build.7')).toBe('pkg:maven/com.example/demo@1.0%2Bbuild.7');
  });

  it('names the npm scope as an encoded namespace', () => {
    expect(npmPurl('@scope/name', '1.2.3')).toBe('pkg:npm/%40scope/name@1.2.3');
    expect(npmPurl('lodash', '4.17.21')).toBe('pkg:npm/lodash@4.17.21');
    expect(npmPurl('semver', '7.5.4+build.1')).toBe('pkg:npm/semver@7.5.4%2Bbuild.1');
  });

  it('lower-cases pypi names and spells underscores as dashes', () => {
    expect(pypiPurl('requests', '2.31.0')).toBe('pkg:pypi/requests@2.31.0');
    expect(pypiPurl('Typing_Extensions', '4.9.0')).toBe('pkg:pypi/typing-extensions@4.9.0');
  });

  it('splits Go module paths into namespace segments', () => {
    expect(golangPurl('github.com/sirupsen/logrus', 'v1.9.3')).toBe(
      'pkg:golang/github.com/sirupsen/logrus@v1.9.3',
    );
    expect(golangPurl('stdlib', 'go1.22.1')).toBe('pkg:golang/stdlib@go1.22.1');
  });

  it('drops empty qualifiers and falls back when the OS is unknown', () => {
    expect(
      formatPurl({
        type: 'deb',
        namespace: 'debian',
        name: 'x',
        version: '1',
        qualifiers: { arch: '', distro: null },
      }),
    ).toBe('pkg:deb/debian/x@1');
    expect(osPackagePurl({ type: 'deb', name: 'x', version: '1', arch: 'all' }, null)).toBe(
      'pkg:deb/debian/x@1?arch=all',
    );
    expect(osPackagePurl({ type: 'rpm', name: 'x', version: '1-1', arch: 'noarch' }, null)).toBe(
      'pkg:rpm/x@1-1?arch=noarch',
    );
    expect(
      osPackagePurl(
        { type: 'rpm', name: 'x', version: '1-1', arch: 'noarch' },
        { id: 'rhel', versionId: '9.4', prettyName: null },
      ),
    ).toBe('pkg:rpm/redhat/x@1-1?arch=noarch&distro=rhel-9.4');
  });
});
