import { describe, expect, it } from 'vitest';
import { dockerTagVersioning } from './docker-tag.js';
import { semverVersioning } from './semver.js';

const docker = dockerTagVersioning();
const sign = (n: number): number => Math.sign(n);

describe('docker-tag: isVersion', () => {
  // From Renovate's lib/modules/versioning/docker/index.spec.ts (isValid).
  it.each([
    ['1.2.3', true],
    ['18.04', true],
    ['10.1', true],
    ['3', true],
    ['foo', false],
    ['0a1b2c3', false],
    ['0a1b2c3d', false],
    ['0a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d', false],
    ['0a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0', true],
    ['0a1b2C3', true],
    ['0z1b2c3', true],
    ['0A1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d', true],
    ['123098140293', true],
    ['01aecc#v2.1.0', false],
  ] as const)('Renovate: isVersion(%j) === %j', (tag, expected) => {
    expect(docker.isVersion(tag)).toBe(expected);
  });

  it.each([
    // Mutable and named tags are tracked by digest.
    ['latest', false],
    ['stable', false],
    ['mainline', false],
    ['lts', false],
    ['edge', false],
    ['mainline-alpine', false],
    ['stable-perl', false],
    ['lts-alpine', false],
    ['lts-bookworm-slim', false],
    ['alpine', false],
    ['alpine3.20', false],
    ['bookworm', false],
    ['jammy-20240911', false],
    ['windowsservercore-ltsc2022', false],
    ['iron-alpine', false],
    ['', false],
    ['v', false],
    ['-1.2.3', false],
    ['V1.2.3', false],
    ['vv1.2.3', false],
    ['1..2', false],
    ['.1', false],
    ['1.', false],
    ['1.2.', false],
    ['1.2.3.4.5', false],
    ['1.2.3.4', true],
    ['1.2.3+build', false],
    ['12345678901234567890', false],
    ['1.27.3', true],
    ['1.27-alpine', true],
    ['1.27.3-alpine3.20', true],
    ['1.27-bookworm', true],
    ['1-alpine', true],
    ['20.11.1-bookworm-slim', true],
    ['22', true],
    ['16.4-bookworm', true],
    ['17rc1', true],
    ['17beta3-alpine3.20', true],
    ['3.13.0rc3-slim-bookworm', true],
    ['v1.2.3', true],
    ['v3.1.0-rc1', true],
    ['2024.05.0', true],
    ['2024.12.0.dev20241120', false],
    ['24.04', true],
    ['12.2.0-devel-ubuntu22.04', true],
    ['7.2.4-debian-12-r0', true],
    ['1.2.3-', true],
    // Hex-only and 7+ characters looks like a commit hash, as in Renovate.
    ['2024b10', false],
    ['2024b10-alpine', true],
    ['2024.1b10', true],
  ] as const)('isVersion(%j) === %j', (tag, expected) => {
    expect(docker.isVersion(tag)).toBe(expected);
  });
});

describe('docker-tag: getMajor, getMinor, getPatch', () => {
  it.each([
    // From Renovate.
    ['1.2.3', 1, 2, 3],
    ['18.04', 18, 4, null],
    ['10.1', 10, 1, null],
    ['3', 3, null, null],
    ['foo', null, null, null],
    // Ours.
    ['v1.2.3', 1, 2, 3],
    ['1.27.3-alpine3.20', 1, 27, 3],
    ['1.2.3.4', 1, 2, 3],
    ['17rc1', 17, null, null],
    ['2024.05.0', 2024, 5, 0],
    ['20.11.1-bookworm-slim', 20, 11, 1],
    ['1.2.3-rc.1', 1, 2, 3],
    ['latest', null, null, null],
  ] as const)('%j → %j.%j.%j', (tag, major, minor, patch) => {
    expect(docker.getMajor(tag)).toBe(major);
    expect(docker.getMinor(tag)).toBe(minor);
    expect(docker.getPatch(tag)).toBe(patch);
  });
});

describe('docker-tag: compare', () => {
  it.each([
    // Renovate isGreaterThan.
    ['1.2.3', '1.2', false],
    ['18.04', '18.1', true],
    ['10.1', '10.1.2', true],
    ['3', '2', true],
    ['1.2.3', '1.2.3', false],
    // Numeric, not lexical.
    ['1.10', '1.9', true],
    ['1.27.10', '1.27.9', true],
    ['2024.10.0', '2024.9.0', true],
    ['2024.10.0', '2024.05.0', true],
    ['10', '9', true],
    ['1.2.3', '1.2.3rc1', true],
    ['1.2.3rc2', '1.2.3rc1', true],
    ['1.2.3rc10', '1.2.3rc9', true],
    ['1.2.3-rc.10', '1.2.3-rc.9', true],
    ['1.2.3-rc.1', '1.2.3-beta.5', true],
    ['1.2.3-beta.1', '1.2.3-alpha.5', true],
    ['1.2.3', '1.2.3-rc.1', true],
    ['1.2.3-rc.1', '1.2.2', true],
    ['17', '17rc1', true],
    ['17rc1', '17beta3', true],
    ['1.2.4-alpine', '1.2.3-alpine', true],
    ['v1.2.4', 'v1.2.3', true],
  ] as const)('compare(%j, %j) > 0 is %j', (a, b, expected) => {
    expect(docker.compare(a, b) > 0).toBe(expected);
  });

  it.each([
    // Renovate equals.
    ['1.2.3', '1.2.3', true],
    ['18.04', '18.4', true],
    ['10.0', '10.0.4', false],
    ['3', '4.0', false],
    ['1.2', '1.2.3', false],
    // The prefix is not part of the value.
    ['v1.2.3', '1.2.3', true],
    ['1.2.3-rc.1', '1.2.3rc.1', false],
    ['2024.05.0', '2024.5.0', true],
  ] as const)('compare(%j, %j) === 0 is %j', (a, b, expected) => {
    expect(docker.compare(a, b) === 0).toBe(expected);
  });

  it.each([
    ['1.1.1', '1.2.3'],
    ['1.2.3', '1.3.4'],
    ['2.0.1', '1.2.3'],
    ['1.2.3', '0.9.5'],
  ])('Renovate: sorts %j vs %j like semver', (a, b) => {
    expect(sign(docker.compare(a, b))).toBe(sign(semverVersioning().compare(a, b)));
  });

  it('Renovate: sorts unstable and suffixed versions', () => {
    const versions = [
      '3.7.0',
      '3.7-alpine',
      '3.7.0b1',
      '3.7.0b5',
      '3.8.0b1-alpine',
      '3.8.0-alpine',
      '3.8.2',
      '3.8.0',
    ];
    expect(versions.sort((x, y) => docker.compare(x, y))).toEqual([
      '3.7.0b1',
      '3.7.0b5',
      '3.7.0',
      '3.7-alpine',
      '3.8.0b1-alpine',
      '3.8.0-alpine',
      '3.8.0',
      '3.8.2',
    ]);
  });

  it('sorts a release line numerically', () => {
    const tags = ['1.27.10', '1.27.2', '1.27.1-rc.2', '1.27.1', '1.27.1-rc.10', '1.27.1-beta', '1.27.0'];
    expect(tags.sort((x, y) => docker.compare(x, y))).toEqual([
      '1.27.0',
      '1.27.1-beta',
      '1.27.1-rc.2',
      '1.27.1-rc.10',
      '1.27.1',
      '1.27.2',
      '1.27.10',
    ]);
  });
});

describe('docker-tag: isStable', () => {
  it.each([
    // From Renovate.
    ['3.7.0', true],
    ['3.7.0b1', false],
    ['3.7-alpine', true],
    ['3.8.0-alpine', true],
    ['3.8.0b1-alpine', false],
    ['3.8.2', true],
    // Deviation: a suffix that opens with a prerelease word is a prerelease.
    ['3.8.3-SNAPSHOT', false],
    ['1.2.3-rc.1', false],
    ['1.2.3-rc1', false],
    ['1.2.3-rc-1', false],
    ['1.2.3-beta2', false],
    ['1.2.3-beta.2-alpine', false],
    ['1.2.3-alpha', false],
    ['1.2.3-preview', false],
    ['1.2.3-pre.4', false],
    ['22-ea-jdk', false],
    ['7.4-rc2-alpine', false],
    ['17rc1', false],
    ['17beta3-alpine3.20', false],
    // Words that only start like a prerelease word are compatibility suffixes.
    ['12.2.0-devel-ubuntu22.04', true],
    ['3.12-dev', true],
    ['1.2.3-alpine', true],
    ['1.2.3-rcx', true],
    ['1.2.3-betamax', true],
    ['1.2.3-prerelease-x', true],
    ['3.8.3-1-SNAPSHOT', true],
    ['20.11.1-bookworm-slim', true],
    ['latest', false],
  ] as const)('isStable(%j) === %j', (tag, expected) => {
    expect(docker.isStable(tag)).toBe(expected);
  });
});

describe('docker-tag: isCompatible(current, candidate)', () => {
  it.each([
    // From Renovate (its isCompatible(version, current); ours takes current first).
    ['3.7.0', '3.7.0', true],
    ['3.7.0', '3.7.0b1', true],
    ['3.7.0', '3.7-alpine', false],
    ['3.7.0', '3.8.0-alpine', false],
    ['3.7.0', '3.8.0b1-alpine', false],
    ['3.7.0', '3.8.2', true],
    ['3.7.0-alpine', '3.7.0', false],
    ['3.7.0-alpine', '3.7.0b1', false],
    ['3.7.0-alpine', '3.7-alpine', false],
    ['3.7.0-alpine', '3.8.0-alpine', true],
    ['3.7.0-alpine', '3.8.0b1-alpine', true],
    ['3.7.0-alpine', '3.8.2', false],
    // Same precision.
    ['1.21', '1.27', true],
    ['1.21', '1.27.3', false],
    ['1.21', '2', false],
    ['18', '22', true],
    ['18', '22.1', false],
    ['1.2.3.4', '1.2.3.5', true],
    ['1.2.3.4', '1.2.4', false],
    // Same suffix, exactly.
    ['1.21.1-alpine', '1.27.5-alpine', true],
    ['1.21.1-alpine', '1.27.5', false],
    ['1.21.1-alpine', '1.27.5-alpine3.20', false],
    ['1.27.3-alpine3.20', '1.27.4-alpine3.21', false],
    ['1.27.3-alpine3.20', '1.27.4-alpine3.20', true],
    ['20.11.1-bookworm-slim', '20.18.1-bookworm-slim', true],
    ['20.11.1-bookworm-slim', '20.18.1-bookworm', false],
    ['20.11.1-bookworm-slim', '20.18.1-slim-bookworm', false],
    ['1.27.3-alpine', '1.27.4-Alpine', false],
    // Deviation: same `v` prefix.
    ['v1.2.3', 'v1.2.4', true],
    ['v1.2.3', '1.2.4', false],
    ['1.2.3', 'v1.2.4', false],
    // A prerelease keeps the suffix after it.
    ['1.2.3-alpine', '1.2.4-rc.1-alpine', true],
    ['1.2.3-rc.1-alpine', '1.2.3-alpine', true],
    ['1.2.3-rc.1', '1.2.3', true],
    ['1.2.3-rc.1', '1.2.3-alpine', false],
    ['7.4-rc1', '7.4', true],
    ['17rc1', '17', true],
    ['17rc1-bookworm', '17-bookworm', true],
    ['3.12-dev', '3.13-dev', true],
    ['3.12-dev', '3.13', false],
    // Not versions.
    ['latest', 'latest', false],
    ['1.2.3', 'latest', false],
    ['mainline-alpine', '1.27.3-alpine', false],
  ] as const)('isCompatible(%j, %j) === %j', (current, candidate, expected) => {
    expect(docker.isCompatible(current, candidate)).toBe(expected);
  });

  it('is symmetric', () => {
    expect(docker.isCompatible('1.27-alpine', '1.28-alpine')).toBe(
      docker.isCompatible('1.28-alpine', '1.27-alpine'),
    );
  });
});
