import { describe, expect, it } from 'vitest';
import { decide, groupKey, skipReason, tagFilter } from './decide.js';
import { resolvePolicy } from './resolve.js';
import {
  DEFAULT_POLICY_SETTINGS,
  type CandidateFacts,
  type PolicySettings,
  type UpdateType,
} from './types.js';

const DAY = 86_400_000;
const now = new Date('2026-11-28T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * DAY);
const settings = (over: Partial<PolicySettings> = {}): PolicySettings => ({
  ...DEFAULT_POLICY_SETTINGS,
  ...over,
});
const candidate = (over: Partial<CandidateFacts> = {}): CandidateFacts => ({
  type: 'minor',
  tag: '1.28.0',
  digest: null,
  created: null,
  firstSeen: null,
  ...over,
});

describe('decide: update types', () => {
  it.each<[UpdateType, Partial<PolicySettings>, boolean, string[]]>([
    ['patch', {}, true, []],
    ['minor', {}, true, []],
    ['major', {}, true, []],
    ['digest', {}, true, []],
    ['pin', {}, false, ['update type pin not allowed by rule #1 (pinDigests is off)']],
    ['pin', { pinDigests: true }, true, []],
    ['pin', { pinDigests: true, updateTypes: ['patch'] }, true, []],
    ['major', { updateTypes: ['patch', 'minor'] }, false, ['update type major not allowed by rule #1']],
    ['digest', { updateTypes: ['patch'] }, false, ['update type digest not allowed by rule #1']],
  ])('%s with %j → %s', (type, over, allowed, reasons) => {
    const d = decide(settings(over), [1], candidate({ type }), now);
    expect(d).toEqual({ candidate: candidate({ type }), allowed, reasons });
  });

  it('attributes to the policy defaults when no rule matched', () => {
    const d = decide(settings({ updateTypes: ['patch'] }), [], candidate({ type: 'major' }), now);
    expect(d.reasons).toEqual(['update type major not allowed by policy defaults']);
  });

  it('names every matched rule when it cannot know which one set the field', () => {
    const d = decide(settings({ updateTypes: ['patch'] }), [1, 3], candidate({ type: 'major' }), now);
    expect(d.reasons).toEqual(['update type major not allowed by rules #1, #3']);
  });

  it('attributes exactly with the origin from resolvePolicy', () => {
    const r = resolvePolicy(
      {
        defaults: settings({ updateTypes: ['patch'] }),
        rules: [
          { matchImages: ['nginx'], settings: { group: 'web' } },
          { matchImages: ['nginx'], settings: { exclude: ['*-alpine'] } },
        ],
        ignore: [],
      },
      { image: { registry: 'docker.io', repository: 'library/nginx' } },
    );
    const d = decide(
      r.settings,
      r.matchedRules,
      candidate({ type: 'major', tag: '2.0-alpine' }),
      now,
      r.origin,
    );
    expect(d.reasons).toEqual([
      'update type major not allowed by policy defaults',
      'excluded by rule #2 exclude *-alpine',
    ]);
  });
});

describe('decide: include / exclude', () => {
  it.each<[Partial<PolicySettings>, string, string[]]>([
    [{ exclude: ['/-rc/'] }, '2.0.0-rc1', ['excluded by rule #2 exclude /-rc/']],
    [{ exclude: ['/-rc/'] }, '2.0.0', []],
    [{ exclude: ['/^2\\./', '*-rc*'] }, '2.0-rc1', ['excluded by rule #2 exclude /^2\\./']],
    [{ exclude: ['/-RC/i'] }, '2.0-rc1', ['excluded by rule #2 exclude /-RC/i']],
    [{ exclude: ['*-alpine'] }, '1.27-alpine', ['excluded by rule #2 exclude *-alpine']],
    [{ exclude: ['*-alpine'] }, '1.27-alpine3.20', []],
    [{ include: ['1.*'] }, '1.28.0', []],
    [{ include: ['1.*'] }, '2.0.0', ['not included by rule #2 include 1.*']],
    [{ include: ['1.*', '/^3/'] }, '2.0.0', ['not included by rule #2 include 1.*, /^3/']],
    [{ include: ['/alpine$/'] }, '1.27-alpine', []],
    [
      { include: ['1.*'], exclude: ['*.0'] },
      '2.0',
      ['not included by rule #2 include 1.*', 'excluded by rule #2 exclude *.0'],
    ],
  ])('%j on %s', (over, tag, reasons) => {
    const d = decide(settings(over), [2], candidate({ tag }), now);
    expect(d.reasons).toEqual(reasons);
    expect(d.allowed).toBe(reasons.length === 0);
  });

  it('does not filter candidates without a tag', () => {
    const c = candidate({ type: 'digest', tag: null, digest: 'sha256:' + 'a'.repeat(64) });
    expect(decide(settings({ include: ['1.*'] }), [], c, now).allowed).toBe(true);
  });

  it('tagFilter is the same predicate', () => {
    const keep = tagFilter(settings({ include: ['1.*', '/^2\\.0/'], exclude: ['/-rc/', '*-alpine'] }));
    expect(['1.2', '1.3-rc1', '1.4-alpine', '2.0.1', '2.1', '3.0'].filter(keep)).toEqual(['1.2', '2.0.1']);
    expect(tagFilter(settings())('anything')).toBe(true);
  });
});

describe('decide: minimum release age', () => {
  const threeDays = settings({ minimumReleaseAgeMs: 3 * DAY });
  it.each<[Partial<CandidateFacts>, boolean, string[]]>([
    [{ created: daysAgo(2) }, false, ['held: younger than 3 days (released 2026-11-26)']],
    [{ created: daysAgo(3) }, true, []],
    [{ created: daysAgo(10) }, true, []],
    [{ firstSeen: daysAgo(1) }, false, ['held: younger than 3 days (first seen 2026-11-27)']],
    [{ firstSeen: daysAgo(5) }, true, []],
    // created wins over firstSeen: an old image Shipshape only just saw is old.
    [{ created: daysAgo(30), firstSeen: daysAgo(0) }, true, []],
    [
      { created: daysAgo(1), firstSeen: daysAgo(30) },
      false,
      ['held: younger than 3 days (released 2026-11-27)'],
    ],
    [{}, true, ['age unknown']],
  ])('%j → %s', (over, allowed, reasons) => {
    const d = decide(threeDays, [], candidate(over), now);
    expect({ allowed: d.allowed, reasons: d.reasons }).toEqual({ allowed, reasons });
  });

  it('is off at 0: no note about the age', () => {
    expect(decide(settings(), [], candidate(), now).reasons).toEqual([]);
  });

  it('lists refusals before notes', () => {
    const d = decide(
      settings({ minimumReleaseAgeMs: DAY, updateTypes: ['patch'] }),
      [],
      candidate({ type: 'major' }),
      now,
    );
    expect(d).toMatchObject({
      allowed: false,
      reasons: ['update type major not allowed by policy defaults', 'age unknown'],
    });
  });

  it('formats other units', () => {
    const d = decide(settings({ minimumReleaseAgeMs: 12 * 3_600_000 }), [], candidate({ created: now }), now);
    expect(d.reasons).toEqual(['held: younger than 12 hours (released 2026-11-28)']);
  });
});

describe('decide: disabled', () => {
  it('skips with one reason and nothing else', () => {
    const d = decide(settings({ enabled: false, updateTypes: [] }), [2], candidate({ type: 'major' }), now);
    expect(d).toEqual({
      candidate: candidate({ type: 'major' }),
      allowed: false,
      reasons: ['skipped: disabled by rule #2'],
    });
  });
});

describe('skipReason', () => {
  const image = { registry: 'docker.io', repository: 'library/busybox' };
  it('ignore comes first, then disabled', () => {
    const base = { defaults: settings(), ignore: [] as string[] };
    expect(skipReason(resolvePolicy({ ...base, rules: [], ignore: ['busybox'] }, { image }))).toBe(
      'skipped: ignored by policy.ignore busybox',
    );
    const disabled = resolvePolicy(
      { ...base, rules: [{ settings: {} }, { matchImages: ['busy*'], settings: { enabled: false } }] },
      { image },
    );
    expect(skipReason(disabled)).toBe('skipped: disabled by rule #2');
    expect(skipReason(resolvePolicy({ ...base, rules: [] }, { image }))).toBeNull();
  });
});

describe('groupKey', () => {
  const image = { registry: 'docker.io', repository: 'library/postgres' };
  it('is the explicit group or null', () => {
    expect(groupKey(settings({ group: 'db' }), image)).toBe('db');
    expect(groupKey(settings(), image)).toBeNull();
  });
});
