import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY_SETTINGS,
  decide,
  resolvePolicy,
  type CandidateVulnerabilities,
  type FindingRef,
  type Policy,
  type PolicySettings,
} from '../policy/index.js';
import type { Severity, SeverityCounts } from '../vuln/types.js';
import { assemble, classify, type PlanInput, type Subject, type SubjectFacts } from './plan.js';
import {
  currentReference,
  markPreferred,
  scanCandidates,
  type VulnerabilityAnswer,
} from './vulnerabilities.js';

const DAY = 86_400_000;
const NOW = new Date('2026-11-27T12:00:00Z');

const input = (image: string): PlanInput => ({
  kind: 'dockerfile',
  image,
  file: 'Dockerfile',
  line: 1,
  column: 6,
});

const policy = (settings: Partial<PolicySettings> = {}, extra: Partial<Policy> = {}): Policy => ({
  defaults: { ...DEFAULT_POLICY_SETTINGS, ...settings },
  rules: [],
  ignore: [],
  ...extra,
});

function subjectOf(image: string, p: Policy = policy()): Subject {
  const c = classify(input(image), p);
  if (c.kind !== 'check') throw new Error(`expected a subject, got ${JSON.stringify(c.entry)}`);
  return c.subject;
}

/** Counts from a short form: counts('2C 1H') → { critical: 2, high: 1, … }. */
function counts(text = ''): SeverityCounts {
  const out = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
  const key: Record<string, Severity> = { C: 'critical', H: 'high', M: 'medium', L: 'low', U: 'unknown' };
  for (const part of text.split(' ').filter(Boolean)) out[key[part.slice(-1)]!] += Number(part.slice(0, -1));
  return out;
}

const delta = (
  fixed: string,
  introduced: string,
  introducedFindings?: FindingRef[],
): CandidateVulnerabilities => ({
  fixed: counts(fixed),
  introduced: counts(introduced),
  ...(introducedFindings ? { introducedFindings } : {}),
});

const NGINX = ['1.21.1-alpine', '1.21.6-alpine', '1.27.5-alpine', '2.0.0-alpine'];

const facts = (
  vulns: Record<string, VulnerabilityAnswer> | undefined,
  extra: Partial<SubjectFacts> = {},
): SubjectFacts => ({
  tags: NGINX,
  digestOf: () => null,
  createdOf: () => null,
  firstSeenOf: () => null,
  now: NOW,
  ...(vulns ? { vulnerabilitiesOf: (tag: string) => vulns[tag] ?? null } : {}),
  ...extra,
});

const ONE_CRITICAL = delta('1H', '1C', [{ id: 'CVE-2026-0001', severity: 'critical' }]);

describe('assemble: vulnerabilities on candidates', () => {
  it('leaves the report as it was when scanning is off', () => {
    const entry = assemble(subjectOf('nginx:1.21.1-alpine'), facts(undefined));
    expect(entry.updates.map((u) => u.tag)).toEqual(['1.21.6-alpine', '1.27.5-alpine', '2.0.0-alpine']);
    for (const u of entry.updates) expect(u).not.toHaveProperty('vulnerabilities');
  });

  it('carries the fixed and introduced counts of each candidate', () => {
    const entry = assemble(
      subjectOf('nginx:1.21.1-alpine'),
      facts({
        '1.21.6-alpine': delta('1H', ''),
        '1.27.5-alpine': delta('2C 1H', '1M'),
        '2.0.0-alpine': delta('2C 1H 3L', '1C'),
      }),
    );
    expect(entry.updates).toEqual([
      {
        type: 'patch',
        tag: '1.21.6-alpine',
        digest: null,
        reasons: [],
        vulnerabilities: { fixed: counts('1H'), introduced: counts('') },
      },
      {
        type: 'minor',
        tag: '1.27.5-alpine',
        digest: null,
        reasons: [],
        vulnerabilities: { fixed: counts('2C 1H'), introduced: counts('1M') },
      },
      {
        type: 'major',
        tag: '2.0.0-alpine',
        digest: null,
        reasons: [],
        vulnerabilities: { fixed: counts('2C 1H 3L'), introduced: counts('1C') },
      },
    ]);
  });

  it('reports a failed scan as null with the reason, and does not hold the candidate for it', () => {
    const entry = assemble(
      subjectOf('nginx:1.21.1-alpine', policy({ blockIntroduced: 'low', updateTypes: ['patch'] })),
      facts({ '1.21.6-alpine': { error: '[registry:r] manifest unknown' } }),
    );
    expect(entry.updates).toEqual([
      {
        type: 'patch',
        tag: '1.21.6-alpine',
        digest: null,
        reasons: ['vulnerabilities unknown: [registry:r] manifest unknown'],
        vulnerabilities: null,
      },
    ]);
  });

  it('gives a pin zero counts without asking: the image does not change', () => {
    const asked: string[] = [];
    const entry = assemble(
      subjectOf('nginx:latest', policy({ pinDigests: true })),
      facts(undefined, {
        tags: null,
        digestOf: () => 'sha256:' + 'a'.repeat(64),
        vulnerabilitiesOf: (tag) => {
          asked.push(tag);
          return null;
        },
      }),
    );
    expect(entry.updates).toEqual([
      {
        type: 'pin',
        tag: 'latest',
        digest: 'sha256:' + 'a'.repeat(64),
        reasons: [],
        vulnerabilities: { fixed: counts(), introduced: counts() },
      },
    ]);
    expect(asked).toEqual([]);
  });
});

describe('policy blockIntroduced', () => {
  it('holds a candidate that introduces findings at or above the level, naming them', () => {
    const entry = assemble(
      subjectOf('nginx:1.21.1-alpine', policy({ blockIntroduced: 'high' })),
      facts({
        '1.21.6-alpine': delta('', '2M'),
        '1.27.5-alpine': ONE_CRITICAL,
        '2.0.0-alpine': delta('', '1H 1M', [
          { id: 'CVE-2026-0002', severity: 'high' },
          { id: 'CVE-2026-0003', severity: 'medium' },
        ]),
      }),
    );
    expect(entry.updates.map((u) => u.tag)).toEqual(['1.21.6-alpine']);
    expect(entry.held).toEqual([
      {
        type: 'minor',
        tag: '1.27.5-alpine',
        digest: null,
        reasons: ['held: introduces 1 critical (CVE-2026-0001)'],
        vulnerabilities: { fixed: counts('1H'), introduced: counts('1C') },
      },
      {
        type: 'major',
        tag: '2.0.0-alpine',
        digest: null,
        reasons: ['held: introduces 1 high (CVE-2026-0002)'],
        vulnerabilities: { fixed: counts(), introduced: counts('1H 1M') },
      },
    ]);
  });

  it('names three advisories and counts the rest; counts alone when none are named', () => {
    const ids = ['CVE-1', 'CVE-2', 'CVE-3', 'CVE-4', 'CVE-5'].map((id): FindingRef => ({
      id,
      severity: id === 'CVE-1' ? 'critical' : 'medium',
    }));
    const s = { ...DEFAULT_POLICY_SETTINGS, blockIntroduced: 'medium' as const };
    const c = { type: 'minor' as const, tag: '2', digest: null, created: null, firstSeen: null };
    expect(decide(s, [], { ...c, vulnerabilities: delta('', '1C 4M', ids) }, NOW).reasons).toEqual([
      'held: introduces 1 critical, 4 medium (CVE-1, CVE-2, CVE-3, +2 more)',
    ]);
    expect(decide(s, [], { ...c, vulnerabilities: delta('', '1L 2M') }, NOW).reasons).toEqual([
      'held: introduces 2 medium',
    ]);
  });

  it('holds nothing at level none, or without vulnerability facts', () => {
    const none = assemble(
      subjectOf('nginx:1.21.1-alpine', policy({ blockIntroduced: 'none' })),
      facts({ '1.27.5-alpine': ONE_CRITICAL }),
    );
    expect(none.held).toBeUndefined();
    const unscanned = assemble(
      subjectOf('nginx:1.21.1-alpine', policy({ blockIntroduced: 'low' })),
      facts(undefined),
    );
    expect(unscanned.updates).toHaveLength(3);
  });

  it('is set per rule like every other setting', () => {
    const p = policy({}, { rules: [{ matchImages: ['nginx'], settings: { blockIntroduced: 'critical' } }] });
    const r = resolvePolicy(p, { image: { registry: 'docker.io', repository: 'library/nginx' } });
    expect(r.settings.blockIntroduced).toBe('critical');
    expect(r.origin.blockIntroduced).toBe(1);
    expect(r.origin.preferFixes).toBeNull();
  });
});

describe('policy securityBypassesAge', () => {
  const young = { createdOf: () => new Date(NOW.getTime() - DAY) };
  const patch = (held: readonly { tag: string | null }[] | undefined): unknown =>
    held?.find((h) => h.tag === '1.21.6-alpine');
  const threeDays = { minimumReleaseAgeMs: 3 * DAY, updateTypes: ['patch' as const] };

  it('lets a young candidate that fixes high findings through, with a note', () => {
    const entry = assemble(
      subjectOf('nginx:1.21.1-alpine', policy({ ...threeDays, securityBypassesAge: true })),
      facts({ '1.21.6-alpine': delta('2C 1H 4M', '') }, young),
    );
    expect(entry.updates).toMatchObject([
      { tag: '1.21.6-alpine', reasons: ['age hold skipped: fixes 2 critical, 1 high'] },
    ]);
  });

  it('still holds one that fixes only medium findings, and any when the option is off', () => {
    const medium = assemble(
      subjectOf('nginx:1.21.1-alpine', policy({ ...threeDays, securityBypassesAge: true })),
      facts({ '1.21.6-alpine': delta('3M', '') }, young),
    );
    expect(patch(medium.held)).toMatchObject({
      reasons: ['held: younger than 3 days (released 2026-11-26)'],
    });
    const off = assemble(
      subjectOf('nginx:1.21.1-alpine', policy(threeDays)),
      facts({ '1.21.6-alpine': delta('1C', '') }, young),
    );
    expect(patch(off.held)).toMatchObject({ reasons: ['held: younger than 3 days (released 2026-11-26)'] });
  });

  it('does not let through a candidate that blockIntroduced holds', () => {
    const entry = assemble(
      subjectOf(
        'nginx:1.21.1-alpine',
        policy({ ...threeDays, securityBypassesAge: true, blockIntroduced: 'critical' }),
      ),
      facts({ '1.21.6-alpine': ONE_CRITICAL }, young),
    );
    expect(patch(entry.held)).toMatchObject({
      reasons: ['held: introduces 1 critical (CVE-2026-0001)', 'age hold skipped: fixes 1 high'],
    });
  });
});

describe('policy preferFixes', () => {
  it('marks the most conservative update that fixes as much as any other', () => {
    const entry = assemble(
      subjectOf('nginx:1.21.1-alpine', policy({ preferFixes: true })),
      facts({
        '1.21.6-alpine': delta('1H', ''),
        '1.27.5-alpine': delta('2C 1H', ''),
        '2.0.0-alpine': delta('2C 1H', '1L'),
      }),
    );
    expect(entry.updates.map((u) => [u.tag, u.preferred ?? false, u.reasons])).toEqual([
      ['1.21.6-alpine', false, []],
      ['1.27.5-alpine', true, ['preferred: fixes 2 critical, 1 high']],
      ['2.0.0-alpine', false, []],
    ]);
  });

  it('ranks critical before any number of lower findings', () => {
    const marked = markPreferred([
      { type: 'patch', tag: 'a', digest: null, reasons: [], vulnerabilities: delta('9H 9M', '') },
      { type: 'minor', tag: 'b', digest: null, reasons: [], vulnerabilities: delta('1C', '') },
      { type: 'major', tag: 'c', digest: null, reasons: [], vulnerabilities: null },
    ]);
    expect(marked.filter((u) => u.preferred).map((u) => u.tag)).toEqual(['b']);
  });

  it('marks nothing when nothing is fixed, when off, or among held candidates', () => {
    const nothing = assemble(
      subjectOf('nginx:1.21.1-alpine', policy({ preferFixes: true })),
      facts({ '1.21.6-alpine': delta('', ''), '1.27.5-alpine': delta('', '1M') }),
    );
    expect(nothing.updates.some((u) => u.preferred)).toBe(false);
    const off = assemble(subjectOf('nginx:1.21.1-alpine'), facts({ '1.27.5-alpine': delta('1C', '') }));
    expect(off.updates.some((u) => u.preferred)).toBe(false);
    const held = assemble(
      subjectOf('nginx:1.21.1-alpine', policy({ preferFixes: true, blockIntroduced: 'critical' })),
      facts({ '1.21.6-alpine': delta('1L', ''), '2.0.0-alpine': { ...ONE_CRITICAL, fixed: counts('5C') } }),
    );
    expect(held.updates.filter((u) => u.preferred).map((u) => u.tag)).toEqual(['1.21.6-alpine']);
  });
});

describe('scanCandidates', () => {
  it('lists the version candidates of allowed types', () => {
    const s = subjectOf('nginx:1.21.1-alpine', policy({ updateTypes: ['patch', 'minor'] }));
    expect(scanCandidates(s, NGINX, null)).toEqual(['1.21.6-alpine', '1.27.5-alpine']);
    expect(scanCandidates(s, null, null)).toEqual([]);
    expect(currentReference(s)).toBe('1.21.1-alpine');
  });

  it('adds the tag itself when a written digest drifted, and compares from that digest', () => {
    const old = 'sha256:' + '1'.repeat(64);
    const s = subjectOf(`nginx:1.21.1-alpine@${old}`);
    expect(currentReference(s)).toBe(old);
    expect(scanCandidates(s, NGINX, 'sha256:' + '2'.repeat(64))).toEqual([
      '1.21.6-alpine',
      '1.27.5-alpine',
      '2.0.0-alpine',
      '1.21.1-alpine',
    ]);
    expect(scanCandidates(s, ['1.21.1-alpine'], old)).toEqual([]);
  });

  it('never lists a pin', () => {
    const s = subjectOf('nginx:latest', policy({ pinDigests: true }));
    expect(scanCandidates(s, null, 'sha256:' + '3'.repeat(64))).toEqual([]);
  });
});
