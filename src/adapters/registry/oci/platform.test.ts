import { describe, expect, it } from 'vitest';
import type { Descriptor } from '../../../ports/registry.js';
import { hostPlatform, isAttestationEntry, normalizePlatform, selectPlatform } from './platform.js';

const d = (
  digit: string,
  os: string,
  architecture: string,
  variant?: string,
  annotations?: Record<string, string>,
): Descriptor => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest: `sha256:${digit.repeat(64)}`,
  size: 100,
  platform: variant === undefined ? { os, architecture } : { os, architecture, variant },
  ...(annotations ? { annotations } : {}),
});

const index: Descriptor[] = [
  d('1', 'linux', 'amd64'),
  d('2', 'linux', 'arm', 'v6'),
  d('3', 'linux', 'arm', 'v7'),
  d('4', 'linux', 'arm64'), // no variant: means v8
  d('5', 'windows', 'amd64'),
  d('6', 'unknown', 'unknown', undefined, {
    'vnd.docker.reference.type': 'attestation-manifest',
    'vnd.docker.reference.digest': 'sha256:' + '1'.repeat(64),
  }),
];

describe('selectPlatform', () => {
  it('matches os and architecture exactly', () => {
    expect(selectPlatform(index, { os: 'linux', architecture: 'amd64' })?.digest).toBe(index[0]!.digest);
    expect(selectPlatform(index, { os: 'windows', architecture: 'amd64' })?.digest).toBe(index[4]!.digest);
    expect(selectPlatform(index, { os: 'linux', architecture: 's390x' })).toBeNull();
  });

  it('defaults arm64 to v8 on both sides', () => {
    expect(selectPlatform(index, { os: 'linux', architecture: 'arm64', variant: 'v8' })?.digest).toBe(
      index[3]!.digest,
    );
    expect(selectPlatform(index, { os: 'linux', architecture: 'arm64' })?.digest).toBe(index[3]!.digest);
    const explicit = [d('7', 'linux', 'arm64', 'v8')];
    expect(selectPlatform(explicit, { os: 'linux', architecture: 'arm64' })?.digest).toBe(
      explicit[0]!.digest,
    );
  });

  it('prefers the exact arm variant, then the closest older one', () => {
    expect(selectPlatform(index, { os: 'linux', architecture: 'arm', variant: 'v7' })?.digest).toBe(
      index[2]!.digest,
    );
    expect(selectPlatform(index, { os: 'linux', architecture: 'arm', variant: 'v6' })?.digest).toBe(
      index[1]!.digest,
    );
    expect(selectPlatform([index[1]!], { os: 'linux', architecture: 'arm', variant: 'v7' })?.digest).toBe(
      index[1]!.digest,
    );
    expect(selectPlatform([index[2]!], { os: 'linux', architecture: 'arm', variant: 'v6' })).toBeNull();
  });

  it('never picks attestation or unknown/unknown entries', () => {
    expect(isAttestationEntry(index[5]!)).toBe(true);
    expect(selectPlatform(index, { os: 'unknown', architecture: 'unknown' })).toBeNull();
    const annotatedOnly = [
      d('8', 'linux', 'amd64', undefined, { 'vnd.docker.reference.type': 'attestation-manifest' }),
    ];
    expect(selectPlatform(annotatedOnly, { os: 'linux', architecture: 'amd64' })).toBeNull();
  });

  it('prefers an entry without variant when none is asked for', () => {
    const amd = [d('a', 'linux', 'amd64', 'v3'), d('b', 'linux', 'amd64')];
    expect(selectPlatform(amd, { os: 'linux', architecture: 'amd64' })?.digest).toBe(amd[1]!.digest);
    expect(selectPlatform(amd, { os: 'linux', architecture: 'amd64', variant: 'v3' })?.digest).toBe(
      amd[0]!.digest,
    );
    expect(selectPlatform([amd[0]!], { os: 'linux', architecture: 'amd64' })?.digest).toBe(amd[0]!.digest);
  });
});

describe('platform names', () => {
  it('maps Node architectures to OCI names', () => {
    expect(hostPlatform('x64')).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(hostPlatform('arm64')).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(hostPlatform('arm', 6)).toEqual({ os: 'linux', architecture: 'arm', variant: 'v6' });
    expect(hostPlatform('ia32')).toEqual({ os: 'linux', architecture: '386' });
    expect(hostPlatform('s390x')).toEqual({ os: 'linux', architecture: 's390x' });
  });
  it('normalizes aliases and case', () => {
    expect(normalizePlatform({ os: 'Linux', architecture: 'x86_64' })).toEqual({
      os: 'linux',
      architecture: 'amd64',
      variant: '',
    });
    expect(normalizePlatform({ os: 'linux', architecture: 'aarch64' })).toEqual({
      os: 'linux',
      architecture: 'arm64',
      variant: 'v8',
    });
  });
});
