import { describe, expect, it } from 'vitest';
import { deltaBadge, severityBadge } from './badge.js';
import { vulnerabilityDelta } from './delta.js';
import { atOrAbove, groupBySeverity, severityCounts } from './severity.js';
import { finding } from './testing.js';

const ids = (list: readonly { id: string; package: { name: string } }[]): string[] =>
  list.map((f) => `${f.id} ${f.package.name}`);

describe('vulnerabilityDelta (scan NEW --against OLD)', () => {
  it('fixed = in OLD only, introduced = in NEW only, unchanged = in both (NEW’s finding)', () => {
    const old = [
      finding('CVE-2024-1', 'openssl', 'high', { version: '3.0.11-1~deb12u1' }),
      finding('CVE-2024-2', 'openssl', 'critical', { version: '3.0.11-1~deb12u1' }),
      finding('CVE-2024-3', 'zlib', 'low'),
    ];
    const next = [
      finding('CVE-2024-2', 'openssl', 'critical', { version: '3.0.11-1~deb12u2' }),
      finding('CVE-2024-9', 'openssl', 'medium', { version: '3.0.11-1~deb12u2' }),
    ];
    const delta = vulnerabilityDelta(old, next);
    expect(ids(delta.fixed)).toEqual(['CVE-2024-1 openssl', 'CVE-2024-3 zlib']);
    expect(ids(delta.introduced)).toEqual(['CVE-2024-9 openssl']);
    expect(ids(delta.unchanged)).toEqual(['CVE-2024-2 openssl']);
    expect(delta.unchanged[0]!.package.version).toBe('3.0.11-1~deb12u2');
    expect(delta.counts).toEqual({
      fixed: { critical: 0, high: 1, medium: 0, low: 1, unknown: 0 },
      introduced: { critical: 0, high: 0, medium: 1, low: 0, unknown: 0 },
      unchanged: { critical: 1, high: 0, medium: 0, low: 0, unknown: 0 },
    });
  });

  it('unifies a CVE and the GHSA that names it through aliases, in either direction', () => {
    const old = [finding('CVE-2021-23337', 'lodash', 'high', { type: 'npm' })];
    const next = [
      finding('GHSA-35jh-r3h4-6jhm', 'lodash', 'high', { type: 'npm', aliases: ['CVE-2021-23337'] }),
    ];
    expect(vulnerabilityDelta(old, next).unchanged).toHaveLength(1);
    expect(vulnerabilityDelta(next, old).unchanged).toHaveLength(1);
    expect(vulnerabilityDelta(old, next).fixed).toEqual([]);
  });

  it('the same advisory on another package is another vulnerability', () => {
    const delta = vulnerabilityDelta(
      [finding('CVE-2024-1', 'libssl3', 'high')],
      [finding('CVE-2024-1', 'openssl', 'high')],
    );
    expect(ids(delta.fixed)).toEqual(['CVE-2024-1 libssl3']);
    expect(ids(delta.introduced)).toEqual(['CVE-2024-1 openssl']);
  });

  it('pairs each finding at most once: a second copy of a vulnerable package is introduced', () => {
    const delta = vulnerabilityDelta(
      [finding('CVE-1', 'ws', 'high', { type: 'npm', version: '7.0.0' })],
      [
        finding('CVE-1', 'ws', 'high', { type: 'npm', version: '7.0.0' }),
        finding('CVE-1', 'ws', 'high', { type: 'npm', version: '8.0.0' }),
      ],
    );
    expect(delta.unchanged).toHaveLength(1);
    expect(delta.introduced).toHaveLength(1);
  });

  it('an exact id pairs before an alias does', () => {
    const old = [finding('CVE-1', 'pkg', 'high'), finding('GHSA-1', 'pkg', 'high', { aliases: ['CVE-1'] })];
    const next = [finding('GHSA-1', 'pkg', 'high', { aliases: ['CVE-1'] })];
    const delta = vulnerabilityDelta(old, next);
    expect(ids(delta.unchanged)).toEqual(['GHSA-1 pkg']);
    expect(ids(delta.fixed)).toEqual(['CVE-1 pkg']);
  });

  it('nothing on either side is an empty delta', () => {
    const delta = vulnerabilityDelta([], []);
    expect(delta).toMatchObject({ fixed: [], introduced: [], unchanged: [] });
    expect(deltaBadge(delta.counts)).toBe('no vulnerability change');
  });
});

describe('badges', () => {
  it('counts worst first, leaving zeros out', () => {
    const counts = severityCounts([
      finding('a', 'p', 'high'),
      finding('b', 'p', 'critical'),
      finding('c', 'p', 'high'),
      finding('d', 'p', 'critical'),
      finding('e', 'p', 'high'),
      finding('f', 'p', 'unknown'),
    ]);
    expect(counts).toEqual({ critical: 2, high: 3, medium: 0, low: 0, unknown: 1 });
    expect(severityBadge(counts)).toBe('2C 3H 1U');
  });

  it('reads "fixes … · adds …"', () => {
    const zero = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
    expect(deltaBadge({ fixed: { ...zero, critical: 2, high: 3 }, introduced: { ...zero, medium: 1 } })).toBe(
      'fixes 2C 3H · adds 1M',
    );
    expect(deltaBadge({ fixed: { ...zero, high: 1 }, introduced: zero })).toBe('fixes 1H');
    expect(deltaBadge({ fixed: zero, introduced: { ...zero, low: 4 } })).toBe('adds 4L');
  });
});

describe('severity order', () => {
  it('atOrAbove: a threshold and everything worse; unknown means any', () => {
    expect(atOrAbove('critical', 'high')).toBe(true);
    expect(atOrAbove('high', 'high')).toBe(true);
    expect(atOrAbove('medium', 'high')).toBe(false);
    expect(atOrAbove('unknown', 'low')).toBe(false);
    expect(atOrAbove('unknown', 'unknown')).toBe(true);
  });

  it('groups by severity worst first, ordered by id inside a group', () => {
    const groups = groupBySeverity([
      finding('CVE-3', 'a', 'low'),
      finding('CVE-2', 'a', 'critical'),
      finding('CVE-1', 'b', 'low'),
    ]);
    expect(groups.map((g) => [g.severity, g.findings.map((f) => f.id)])).toEqual([
      ['critical', ['CVE-2']],
      ['low', ['CVE-1', 'CVE-3']],
    ]);
  });
});
