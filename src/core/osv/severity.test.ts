import { describe, expect, it } from 'vitest';
import { parseOsvRecord } from './parse.js';
import { assessSeverity, scoreToSeverity, textToSeverity } from './severity.js';
import type { OsvRecord } from './types.js';

function record(json: Record<string, unknown>): OsvRecord {
  const parsed = parseOsvRecord({ id: 'X-1', modified: '2025-01-01T00:00:00Z', ...json });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.record;
}

describe('scoreToSeverity', () => {
  it.each([
    [10, 'critical'],
    [9.0, 'critical'],
    [8.9, 'high'],
    [7.0, 'high'],
    [6.9, 'medium'],
    [4.0, 'medium'],
    [3.9, 'low'],
    [0.1, 'low'],
    [0, 'unknown'],
    [Number.NaN, 'unknown'],
  ] as const)('%d → %s', (score, level) => {
    expect(scoreToSeverity(score)).toBe(level);
  });
});

describe('textToSeverity', () => {
  it.each([
    ['CRITICAL', 'critical'],
    ['HIGH', 'high'],
    ['Important', 'high'],
    ['MODERATE', 'medium'],
    ['medium', 'medium'],
    ['low', 'low'],
    ['low**', 'low'],
    ['negligible', 'low'],
    ['unimportant', 'low'],
    ['not yet assigned', 'unknown'],
    ['end-of-life', 'unknown'],
    ['', 'unknown'],
  ] as const)('%j → %s', (text, level) => {
    expect(textToSeverity(text)).toBe(level);
  });
});

describe('assessSeverity', () => {
  const v31 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N';

  it('scores a CVSS v3 vector and keeps it', () => {
    const r = record({ severity: [{ type: 'CVSS_V3', score: v31 }] });
    expect(assessSeverity(r)).toEqual({ severity: 'high', cvss: { score: 7.5, vector: v31 } });
  });

  it('prefers v3 over v2, and the higher of two v3 vectors', () => {
    const r = record({
      severity: [
        { type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:C/I:C/A:C' },
        { type: 'CVSS_V3', score: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N' },
        { type: 'CVSS_V3', score: v31 },
      ],
    });
    expect(assessSeverity(r)).toEqual({ severity: 'high', cvss: { score: 7.5, vector: v31 } });
  });

  it('uses v2 when it is the only vector', () => {
    const r = record({ severity: [{ type: 'CVSS_V2', score: 'AV:N/AC:M/Au:N/C:N/I:P/A:N' }] });
    expect(assessSeverity(r)).toEqual({
      severity: 'medium',
      cvss: { score: 4.3, vector: 'AV:N/AC:M/Au:N/C:N/I:P/A:N' },
    });
  });

  it('scores a v4-only record from its vector, not from the text', () => {
    const v4 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
    const r = record({
      severity: [{ type: 'CVSS_V4', score: v4 }],
      database_specific: { severity: 'CRITICAL', github_reviewed: true },
    });
    expect(assessSeverity(r)).toEqual({ severity: 'high', cvss: { score: 8.7, vector: v4 } });
  });

  it('prefers a v3 vector over a v4 one; a bad v4 vector falls back to the text', () => {
    const both = record({
      severity: [
        { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N' },
        { type: 'CVSS_V3', score: v31 },
      ],
    });
    expect(assessSeverity(both).cvss?.vector).toBe(v31);
    const bad = record({
      severity: [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N' }],
      database_specific: { severity: 'MODERATE' },
    });
    expect(assessSeverity(bad)).toEqual({ severity: 'medium', cvss: null });
  });

  it('reads the Ubuntu priority severity type', () => {
    const r = record({ severity: [{ type: 'Ubuntu', score: 'medium' }] });
    expect(assessSeverity(r).severity).toBe('medium');
  });

  it('uses package-level severity and ecosystem_specific urgency for that package', () => {
    const r = record({
      severity: [{ type: 'CVSS_V3', score: v31 }],
      affected: [
        {
          package: { ecosystem: 'npm', name: 'a' },
          severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' }],
        },
        { package: { ecosystem: 'Debian:12', name: 'b' }, ecosystem_specific: { urgency: 'unimportant' } },
      ],
    });
    expect(assessSeverity(r, r.affected[0]).cvss?.score).toBe(10);
    expect(assessSeverity(r, r.affected[0]).severity).toBe('critical');
    // no package-level severity: the record's vector still applies
    expect(assessSeverity(r, r.affected[1]).severity).toBe('high');
    const debian = record({
      affected: [
        { package: { ecosystem: 'Debian:12', name: 'b' }, ecosystem_specific: { urgency: 'low**' } },
      ],
    });
    expect(assessSeverity(debian, debian.affected[0])).toEqual({ severity: 'low', cvss: null });
  });

  it('is unknown with nothing to go on, or an unparsable vector', () => {
    expect(assessSeverity(record({}))).toEqual({ severity: 'unknown', cvss: null });
    expect(assessSeverity(record({ severity: [{ type: 'CVSS_V3', score: 'garbage' }] }))).toEqual({
      severity: 'unknown',
      cvss: null,
    });
  });
});
