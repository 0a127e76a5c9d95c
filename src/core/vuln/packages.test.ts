import { describe, expect, it } from 'vitest';
import { packageChanges } from './packages.js';
import { buildScanReport, failsOn } from './report.js';
import { finding, inventory, pkg } from './testing.js';

describe('packageChanges (OLD → NEW)', () => {
  it('lists added, removed, upgraded (with versions) and counts the rest', () => {
    const changes = packageChanges(
      inventory([
        pkg('openssl', '3.0.11-1~deb12u1'),
        pkg('libssl3', '3.0.11-1~deb12u1', { sourceName: 'openssl' }),
        pkg('zlib1g', '1:1.2.13.dfsg-1'),
        pkg('tzdata', '2024a-0+deb12u1'),
      ]),
      inventory([
        pkg('openssl', '3.0.11-1~deb12u2'),
        pkg('libssl3', '3.0.11-1~deb12u2', { sourceName: 'openssl' }),
        pkg('zlib1g', '1:1.2.13.dfsg-1'),
        pkg('curl', '7.88.1-10+deb12u5'),
      ]),
    );
    expect(changes).toEqual({
      added: [
        { name: 'curl', version: '7.88.1-10+deb12u5', type: 'deb', purl: 'pkg:deb/curl@7.88.1-10+deb12u5' },
      ],
      removed: [
        { name: 'tzdata', version: '2024a-0+deb12u1', type: 'deb', purl: 'pkg:deb/tzdata@2024a-0+deb12u1' },
      ],
      upgraded: [
        {
          name: 'libssl3',
          type: 'deb',
          from: '3.0.11-1~deb12u1',
          to: '3.0.11-1~deb12u2',
          purl: 'pkg:deb/libssl3@3.0.11-1~deb12u2',
        },
        {
          name: 'openssl',
          type: 'deb',
          from: '3.0.11-1~deb12u1',
          to: '3.0.11-1~deb12u2',
          purl: 'pkg:deb/openssl@3.0.11-1~deb12u2',
        },
      ],
      downgraded: [],
      unchanged: 1,
    });
  });

  it('orders versions by the ecosystem: dpkg ~ sorts before the release, semver 1.10 after 1.9', () => {
    const changes = packageChanges(
      inventory([pkg('libc6', '2.36-9+deb12u4'), pkg('ms', '1.10.0', { type: 'npm' })]),
      inventory([pkg('libc6', '2.36-9+deb12u4~1'), pkg('ms', '1.9.0', { type: 'npm' })]),
    );
    expect(changes.downgraded.map((c) => `${c.name} ${c.from} → ${c.to}`)).toEqual([
      'libc6 2.36-9+deb12u4 → 2.36-9+deb12u4~1',
      'ms 1.10.0 → 1.9.0',
    ]);
    expect(changes.upgraded).toEqual([]);
  });

  it('pairs copies of one package by location, then in location order', () => {
    const at = (dir: string) => ({ type: 'npm' as const, location: `${dir}/node_modules/ws/package.json` });
    const changes = packageChanges(
      inventory([pkg('ws', '7.5.9', at('app')), pkg('ws', '8.0.0', at('app/node_modules/x'))]),
      inventory([pkg('ws', '8.17.1', at('app/node_modules/x')), pkg('ws', '7.5.9', at('app'))]),
    );
    expect(changes.upgraded.map((c) => `${c.from} → ${c.to}`)).toEqual(['8.0.0 → 8.17.1']);
    expect(changes.unchanged).toBe(1);
    expect(changes.added).toEqual([]);
    expect(changes.removed).toEqual([]);
  });
});

describe('buildScanReport and --fail-on', () => {
  const ref = { registry: 'registry.example', repository: 'team/app', tag: '2.0', digest: null };
  const image = {
    ref,
    platform: 'linux/amd64',
    inventory: inventory([pkg('openssl', '3.0.11-1~deb12u2')], 'sha256:' + 'b'.repeat(64)),
    findings: [finding('CVE-B', 'openssl', 'medium'), finding('CVE-A', 'openssl', 'high')],
    warnings: ['db is old'],
  };

  it('one image: findings worst first, summary, no comparison', () => {
    const report = buildScanReport({ scanner: 'builtin', image });
    expect(report).toMatchObject({
      schemaVersion: 1,
      image: {
        reference: 'registry.example/team/app:2.0',
        digest: 'sha256:' + 'b'.repeat(64),
        platform: 'linux/amd64',
        packages: 1,
      },
      scanner: 'builtin',
      summary: { critical: 0, high: 1, medium: 1, low: 0, unknown: 0 },
      warnings: ['db is old'],
      against: null,
      delta: null,
      packageChanges: null,
    });
    expect(report.findings.map((f) => f.id)).toEqual(['CVE-A', 'CVE-B']);
    expect(failsOn(report, 'high')).toBe(true);
    expect(failsOn(report, 'critical')).toBe(false);
  });

  it('against OLD: fail-on judges only what NEW introduces', () => {
    const old = {
      ...image,
      ref: { ...ref, tag: '1.0' },
      inventory: { ...inventory([pkg('openssl', '3.0.11-1~deb12u1')]), partial: true },
      findings: [finding('CVE-A', 'openssl', 'high'), finding('CVE-OLD', 'openssl', 'critical')],
      warnings: ['db is old', 'other'],
    };
    const report = buildScanReport({ scanner: 'grype', image, against: old });
    expect(report.delta?.badge).toBe('fixes 1C · adds 1M');
    expect(report.against).toMatchObject({
      reference: 'registry.example/team/app:1.0',
      summary: { critical: 1, high: 1 },
    });
    expect(report.packageChanges?.upgraded).toHaveLength(1);
    expect(report.warnings).toEqual([
      'db is old',
      'other',
      'grype reports only the packages that have findings: the package changes cover those alone',
    ]);
    expect(failsOn(report, 'high')).toBe(false);
    expect(failsOn(report, 'medium')).toBe(true);
  });
});
