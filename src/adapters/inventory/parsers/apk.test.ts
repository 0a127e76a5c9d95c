import { describe, expect, it } from 'vitest';
import { apkInstalled } from '../../../../test/harness/images/apk.js';
import { parseApkInstalled } from './apk.js';

const os = { id: 'alpine', versionId: '3.19.1', prettyName: null };

describe('parseApkInstalled', () => {
  it('reads name, version, arch and origin of every block', () => {
    const text = apkInstalled([
      {
        name: 'musl',
        version: '1.2.4-r2',
        arch: 'x86_64',
        origin: 'musl',
        files: [{ dir: 'lib', names: ['libc.so'] }],
      },
      {
        name: 'libcrypto3',
        version: '3.1.4-r5',
        arch: 'x86_64',
        origin: 'openssl',
        depends: ['so:libc.musl-x86_64.so.1'],
      },
    ]);
    expect(parseApkInstalled(text, 'lib/apk/db/installed', os)).toEqual([
      {
        name: 'musl',
        version: '1.2.4-r2',
        type: 'apk',
        sourceName: 'musl',
        sourceVersion: '1.2.4-r2',
        purl: 'pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=3.19.1',
        location: 'lib/apk/db/installed',
      },
      expect.objectContaining({ name: 'libcrypto3', sourceName: 'openssl', sourceVersion: '3.1.4-r5' }),
    ]);
  });

  it('handles a missing final blank line, CRLF, missing origin and incomplete blocks', () => {
    const text = 'P:a\r\nV:1-r0\r\nA:aarch64\r\n\r\nP:no-version\r\n\r\nP:b\nV:2-r1';
    expect(parseApkInstalled(text, 'x', null)).toEqual([
      expect.objectContaining({ name: 'a', sourceName: 'a', purl: 'pkg:apk/alpine/a@1-r0?arch=aarch64' }),
      expect.objectContaining({ name: 'b', version: '2-r1', purl: 'pkg:apk/alpine/b@2-r1' }),
    ]);
  });

  it('uses the os-release ID as namespace (wolfi, chainguard)', () => {
    const [pkg] = parseApkInstalled('P:glibc\nV:2.39-r1\nA:x86_64\no:glibc\n', 'x', {
      id: 'wolfi',
      versionId: '20230201',
      prettyName: null,
    });
    expect(pkg?.purl).toBe('pkg:apk/wolfi/glibc@2.39-r1?arch=x86_64&distro=20230201');
  });
});
