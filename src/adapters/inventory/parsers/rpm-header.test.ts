import { describe, expect, it } from 'vitest';
import { rpmHeaderBlob, rpmPackageHeader } from '../../../../test/harness/images/rpmdb.js';
import { parseRpmHeader, parseSourceRpm } from './rpm-header.js';

describe('parseRpmHeader', () => {
  it('reads name, version, release, epoch, arch and source rpm of a header as rpm exports it', () => {
    const blob = rpmPackageHeader({
      name: 'openssl-libs',
      version: '3.0.7',
      release: '25.el9_3',
      epoch: 1,
      arch: 'x86_64',
      sourceRpm: 'openssl-3.0.7-25.el9_3.src.rpm',
      files: ['/usr/lib64/libssl.so.3', '/usr/lib64/libcrypto.so.3'],
    });
    expect(parseRpmHeader(blob)).toEqual({
      name: 'openssl-libs',
      version: '3.0.7',
      release: '25.el9_3',
      epoch: 1,
      arch: 'x86_64',
      sourceRpm: 'openssl-3.0.7-25.el9_3.src.rpm',
    });
  });

  it('gives null epoch and source when the tags are absent', () => {
    const blob = rpmPackageHeader({
      name: 'gpg-pubkey',
      version: 'abc',
      release: 'def',
      arch: '(none)',
      sourceRpm: null,
    });
    expect(parseRpmHeader(blob)).toMatchObject({ name: 'gpg-pubkey', epoch: null, sourceRpm: null });
  });

  it('reads the first string of an I18NSTRING or STRING_ARRAY entry', () => {
    const blob = rpmHeaderBlob(
      new Map([
        [1000, { type: 'i18nString', value: 'translated' }],
        [1001, { type: 'stringArray', values: ['1.0', 'ignored'] }],
      ]),
    );
    expect(parseRpmHeader(blob)).toMatchObject({ name: 'translated', version: '1.0', release: '' });
  });

  it('returns null, never throws, for blobs that are not headers', () => {
    const good = rpmPackageHeader({ name: 'a', version: '1', release: '1', arch: 'noarch' });
    const wrongType = rpmHeaderBlob(
      new Map([
        [1000, { type: 'int32', values: [7] }],
        [1001, { type: 'string', value: '1' }],
      ]),
    );
    const offsetPastEnd = Buffer.from(good);
    offsetPastEnd.writeInt32BE(0x7fffff00, 8 + 16 + 8); // the NAME entry's offset
    const unterminated = Buffer.from(good);
    unterminated.fill(0x41, 8 + unterminated.readUInt32BE(0) * 16); // no NUL anywhere in the data
    const hugeIndex = Buffer.from(good);
    hugeIndex.writeUInt32BE(0x10000, 0);
    for (const [label, blob] of [
      ['empty', new Uint8Array()],
      ['short', Uint8Array.of(0, 0, 0, 1)],
      ['truncated', good.subarray(0, good.length - 20)],
      ['wrong type', wrongType],
      ['offset past end', offsetPastEnd],
      ['unterminated', unterminated],
      ['huge index', hugeIndex],
    ] as const) {
      expect(parseRpmHeader(blob), label).toBeNull();
    }
  });
});

describe('parseSourceRpm', () => {
  it('splits name-version-release.src.rpm from the right', () => {
    expect(parseSourceRpm('openssl-3.0.7-25.el9_3.src.rpm')).toEqual({
      name: 'openssl',
      version: '3.0.7',
      release: '25.el9_3',
    });
    expect(parseSourceRpm('perl-Errno-1.37-506.fc40.nosrc.rpm')).toEqual({
      name: 'perl-Errno',
      version: '1.37',
      release: '506.fc40',
    });
    expect(parseSourceRpm('nonsense.src.rpm')).toBeNull();
    expect(parseSourceRpm('a-1.src.rpm')).toBeNull();
  });
});
