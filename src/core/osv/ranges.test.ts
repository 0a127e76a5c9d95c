/** The evaluation algorithm itself, with a plain dotted-numeric ordering; ecosystem orderings are in ranges-ecosystems.test.ts. */
import { describe, expect, it } from 'vitest';
import {
  evaluateAffected,
  inRange,
  type AffectedEntry,
  type Compare,
  type RangeComparators,
} from './ranges.js';
import type { OsvEvent, OsvEventKind, OsvRange } from './types.js';

const numeric: Compare = (a, b) => {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  if ([...pa, ...pb].some(Number.isNaN)) throw new Error(`not numeric: ${a} ${b}`);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
};
const comparators: RangeComparators = { ecosystem: numeric, semver: numeric };

const e = (kind: OsvEventKind, version: string): OsvEvent => ({ kind, version });
const I = (v: string): OsvEvent => e('introduced', v);
const F = (v: string): OsvEvent => e('fixed', v);
const L = (v: string): OsvEvent => e('last_affected', v);
const LIM = (v: string): OsvEvent => e('limit', v);
const eco = (...events: OsvEvent[]): OsvRange => ({ type: 'ECOSYSTEM', events });

describe('inRange (OSV evaluation)', () => {
  const cases: [string, OsvRange, string, boolean][] = [
    ['introduced 0 affects everything', eco(I('0')), '0.0.1', true],
    ['introduced 0 affects huge versions', eco(I('0')), '999.1', true],
    ['fixed is exclusive: below', eco(I('0'), F('1.2')), '1.1.9', true],
    ['fixed is exclusive: at', eco(I('0'), F('1.2')), '1.2', false],
    ['fixed is exclusive: above', eco(I('0'), F('1.2')), '1.3', false],
    ['introduced is inclusive', eco(I('1.0'), F('2.0')), '1.0', true],
    ['before introduced', eco(I('1.0'), F('2.0')), '0.9', false],
    ['last_affected is inclusive', eco(I('0'), L('2.1')), '2.1', true],
    ['after last_affected', eco(I('0'), L('2.1')), '2.1.1', false],
    ['below last_affected', eco(I('1.0'), L('2.1')), '1.5', true],
    ['second window, inside', eco(I('1.0'), F('1.2'), I('3.0'), F('3.2.5')), '3.1', true],
    ['between windows', eco(I('1.0'), F('1.2'), I('3.0'), F('3.2.5')), '2.0', false],
    ['first window, inside', eco(I('1.0'), F('1.2'), I('3.0'), F('3.2.5')), '1.1', true],
    ['after both windows', eco(I('1.0'), F('1.2'), I('3.0'), F('3.2.5')), '3.2.5', false],
    [
      'unsorted events are sorted first: inside',
      eco(F('3.2.5'), I('3.0'), F('1.2'), I('1.0')),
      '3.0.1',
      true,
    ],
    [
      'unsorted events are sorted first: between',
      eco(F('3.2.5'), I('3.0'), F('1.2'), I('1.0')),
      '2.5',
      false,
    ],
    ['unsorted events with introduced 0 last', eco(F('1.5'), I('0')), '1.4', true],
    ['re-introduced without a later fix', eco(I('0'), F('1.0'), I('2.0')), '5.0', true],
    ['re-introduced: the gap is not affected', eco(I('0'), F('1.0'), I('2.0')), '1.5', false],
    ['limit bounds the range', eco(I('0'), LIM('2.0')), '1.9', true],
    ['limit is exclusive', eco(I('0'), LIM('2.0')), '2.0', false],
    ['limit "*" is infinity', eco(I('1.0'), LIM('*')), '100', true],
    ['any of several limits', eco(I('0'), LIM('1.0'), LIM('3.0')), '2.0', true],
    ['above every limit', eco(I('0'), LIM('1.0'), LIM('3.0')), '3.0', false],
    ['limit with a fix below', eco(I('0'), F('1.0'), LIM('3.0')), '2.0', false],
    ['no introduced event: never affected', eco(F('1.0')), '0.5', false],
    ['empty events', eco(), '1.0', false],
  ];
  it.each(cases)('%s', (_, range, version, expected) => {
    expect(inRange(version, range, comparators)).toBe(expected);
  });

  it('uses the SemVer ordering for SEMVER and the ecosystem ordering for ECOSYSTEM', () => {
    const reversed: Compare = (a, b) => -numeric(a, b);
    const both: RangeComparators = { ecosystem: reversed, semver: numeric };
    expect(inRange('1.5', { type: 'SEMVER', events: [I('1.0'), F('2.0')] }, both)).toBe(true);
    expect(inRange('1.5', { type: 'ECOSYSTEM', events: [I('2.0'), F('1.0')] }, both)).toBe(true);
  });

  it('cannot evaluate GIT or unknown range types, nor ECOSYSTEM without a comparator', () => {
    expect(inRange('1.0', { type: 'GIT', events: [I('0')] }, comparators)).toBeUndefined();
    expect(inRange('1.0', { type: 'FUTURE', events: [I('0')] }, comparators)).toBeUndefined();
    expect(inRange('1.0', eco(I('0')), { ecosystem: null, semver: numeric })).toBeUndefined();
  });

  it('cannot evaluate when the comparator rejects a version', () => {
    expect(inRange('not-a-version', eco(I('0'), F('1.0')), comparators)).toBeUndefined();
  });

  it('does not evaluate a version its validator rejects', () => {
    const strict: RangeComparators = {
      ...comparators,
      isValidEcosystem: (v) => /^[0-9.]+$/.test(v),
      isValidSemver: () => false,
    };
    expect(inRange('1.0', eco(I('0')), strict)).toBe(true);
    expect(inRange('1.0-x', eco(I('0')), { ...strict, ecosystem: () => -1 })).toBeUndefined();
    expect(inRange('1.0', { type: 'SEMVER', events: [I('0')] }, strict)).toBeUndefined();
  });
});

describe('evaluateAffected', () => {
  const entry = (ranges: OsvRange[], versions: string[] = []): AffectedEntry => ({ ranges, versions });

  it('reports the fix above the version, ascending, and drops fixes of older branches', () => {
    const verdict = evaluateAffected(
      '2.1',
      [entry([eco(I('0'), F('1.2'), I('2.0'), F('2.3')), eco(I('2.0'), F('2.2.5'))])],
      comparators,
    );
    expect(verdict).toEqual({ affected: true, fixedVersions: ['2.2.5', '2.3'], fixState: 'fixed' });
  });

  it('is not-fixed without a fixed event (introduced 0 alone, or last_affected)', () => {
    expect(evaluateAffected('9', [entry([eco(I('0'))])], comparators)).toEqual({
      affected: true,
      fixedVersions: [],
      fixState: 'not-fixed',
    });
    expect(evaluateAffected('2', [entry([eco(I('0'), L('2'))])], comparators).fixState).toBe('not-fixed');
  });

  it('matches the explicit versions list exactly, even without ranges', () => {
    expect(evaluateAffected('1.0.1', [entry([], ['1.0.0', '1.0.1'])], comparators).affected).toBe(true);
    expect(evaluateAffected('1.0.2', [entry([], ['1.0.0', '1.0.1'])], comparators).affected).toBe(false);
    expect(
      evaluateAffected('1.0.1', [entry([{ type: 'GIT', events: [I('abc')] }], ['1.0.1'])], comparators),
    ).toEqual({
      affected: true,
      fixedVersions: [],
      fixState: 'not-fixed',
    });
  });

  it('is affected when any range or any entry matches', () => {
    const verdict = evaluateAffected(
      '5',
      [entry([eco(I('0'), F('1'))]), entry([eco(I('4'), F('6'))])],
      comparators,
    );
    expect(verdict).toEqual({ affected: true, fixedVersions: ['6'], fixState: 'fixed' });
    expect(
      evaluateAffected('3', [entry([eco(I('0'), F('1'))]), entry([eco(I('4'), F('6'))])], comparators)
        .affected,
    ).toBe(false);
  });
});
