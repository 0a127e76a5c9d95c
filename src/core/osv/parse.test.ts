import { describe, expect, it } from 'vitest';
import { parseOsvRecord } from './parse.js';

const base = { id: 'GHSA-aaaa-bbbb-cccc', modified: '2025-01-02T03:04:05Z' };

function errorOf(json: unknown): string {
  const parsed = parseOsvRecord(json);
  if (parsed.ok) throw new Error('expected a parse error');
  return parsed.error;
}

describe('parseOsvRecord', () => {
  it('parses a GHSA-shaped record, tagging events and defaulting absent fields', () => {
    const parsed = parseOsvRecord({
      ...base,
      schema_version: '1.6.0',
      aliases: ['CVE-2020-28498'],
      summary: 'Use of a Broken or Risky Cryptographic Algorithm',
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:N/A:N' }],
      affected: [
        {
          package: { ecosystem: 'npm', name: 'elliptic', purl: 'pkg:npm/elliptic' },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '6.5.4' }] }],
          database_specific: { source: 'x' },
        },
      ],
      references: [{ type: 'WEB', url: 'https://example.com' }],
      unknown_future_field: { anything: true },
    });
    expect(parsed).toEqual({
      ok: true,
      record: {
        id: 'GHSA-aaaa-bbbb-cccc',
        aliases: ['CVE-2020-28498'],
        summary: 'Use of a Broken or Risky Cryptographic Algorithm',
        modified: '2025-01-02T03:04:05Z',
        published: null,
        withdrawn: null,
        severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:N/A:N' }],
        affected: [
          {
            package: { ecosystem: 'npm', name: 'elliptic', purl: 'pkg:npm/elliptic' },
            severity: [],
            ranges: [
              {
                type: 'ECOSYSTEM',
                events: [
                  { kind: 'introduced', version: '0' },
                  { kind: 'fixed', version: '6.5.4' },
                ],
              },
            ],
            versions: [],
            ecosystemSpecific: null,
            databaseSpecific: { source: 'x' },
          },
        ],
        databaseSpecific: null,
      },
    });
  });

  it('takes the summary from the first line of details when there is none', () => {
    const parsed = parseOsvRecord({ ...base, details: '\nheap overflow in foo()\n\nMore text.' });
    expect(parsed.ok && parsed.record.summary).toBe('heap overflow in foo()');
    const long = parseOsvRecord({ ...base, details: 'x'.repeat(500) });
    expect(parsed.ok && long.ok && long.record.summary?.length).toBe(200);
  });

  it('keeps withdrawn, GIT ranges, unknown range types and last_affected/limit events', () => {
    const parsed = parseOsvRecord({
      ...base,
      withdrawn: '2025-02-01T00:00:00Z',
      affected: [
        {
          package: { ecosystem: 'OSS-Fuzz', name: 'x' },
          ranges: [
            { type: 'GIT', repo: 'https://g/x', events: [{ introduced: 'abc' }, { limit: 'def' }] },
            { type: 'FUTURE', events: [{ introduced: '0' }, { last_affected: '2' }] },
          ],
          versions: ['1', '2'],
        },
      ],
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.record.withdrawn).toBe('2025-02-01T00:00:00Z');
    expect(parsed.record.affected[0]?.ranges.map((r) => r.type)).toEqual(['GIT', 'FUTURE']);
    expect(parsed.record.affected[0]?.ranges[1]?.events[1]).toEqual({ kind: 'last_affected', version: '2' });
  });

  it.each([
    [[1, 2], 'the record must be a JSON object, got an array'],
    [{ modified: 'x' }, 'id must be a non-empty string, got undefined'],
    [{ id: 'A-1' }, 'A-1: modified must be a non-empty string, got undefined'],
    [{ ...base, aliases: 'CVE-1' }, 'GHSA-aaaa-bbbb-cccc: aliases must be an array, got string'],
    [{ ...base, aliases: [1] }, 'GHSA-aaaa-bbbb-cccc: aliases[0] must be a string, got number'],
    [
      { ...base, affected: [{ package: { ecosystem: 'npm' } }] },
      'affected[0].package.name must be a non-empty string',
    ],
    [{ ...base, affected: [{ ranges: [] }] }, 'affected[0].package must be an object, got undefined'],
    [
      { ...base, affected: [{ package: { ecosystem: 'npm', name: 'a' }, ranges: [{ events: [] }] }] },
      'affected[0].ranges[0].type must be a non-empty string',
    ],
    [
      {
        ...base,
        affected: [
          {
            package: { ecosystem: 'npm', name: 'a' },
            ranges: [{ type: 'SEMVER', events: [{ introduced: '0', fixed: '1' }] }],
          },
        ],
      },
      'affected[0].ranges[0].events[0] must hold exactly one of introduced, fixed, last_affected, limit',
    ],
    [
      {
        ...base,
        affected: [
          { package: { ecosystem: 'npm', name: 'a' }, ranges: [{ type: 'SEMVER', events: [{ fixed: 1 }] }] },
        ],
      },
      'affected[0].ranges[0].events[0].fixed must be a non-empty string, got number',
    ],
    [{ ...base, severity: [{ type: 'CVSS_V3' }] }, 'severity[0].score must be a non-empty string'],
    [
      { ...base, affected: [{ package: { ecosystem: 'npm', name: 'a' }, versions: [null] }] },
      'affected[0].versions[0] must be a string, got null',
    ],
  ])('rejects %j naming the path', (json, message) => {
    expect(errorOf(json)).toContain(message);
  });
});
