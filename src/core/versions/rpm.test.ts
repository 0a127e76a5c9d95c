import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareRpm, isValidRpm, parseRpmEvr, rpmvercmp } from './rpm.js';

/** RPMVERCMP(a, b, result) lines of rpm's tests/rpmvercmp.at. */
function vectors(name: string): [string, string, number][] {
  return readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .flatMap((l) => {
      const m = /^RPMVERCMP\((.*), (.*), (-?[01])\)$/.exec(l);
      return m === null ? [] : [[m[1] ?? '', m[2] ?? '', Number(m[3])] satisfies [string, string, number]];
    });
}

const flip = (r: number): number => (r === 0 ? 0 : -r);

describe('rpmvercmp: rpm tests/rpmvercmp.at', () => {
  const data = vectors('rpmvercmp.at');
  it('reads the whole table', () => {
    expect(data.length).toBe(103);
  });
  it.each(data)('rpmvercmp(%j, %j) = %i', (a, b, r) => {
    expect(rpmvercmp(a, b)).toBe(r);
    // None of these contain `:` or `-`, so EVR comparison is the same.
    expect(compareRpm(a, b)).toBe(r);
    expect(compareRpm(b, a)).toBe(flip(r));
  });
});

describe('rpmvercmp: separators and segments', () => {
  it.each([
    ['1.0', '1.0.0', -1],
    ['1.0', '1..0', 0],
    ['1.', '1', 0],
    ['1a', '1.a', 0],
    ['a', '1', -1],
    ['1.a', '1.1', -1],
    ['1.0~~', '1.0~', -1],
    ['1.0~', '1.0', -1],
    ['1.0^', '1.0^^', -1],
    ['1.0^', '1.0.1', -1],
    ['1.0~rc1', '1.0^', -1],
    ['00001', '1', 0],
    ['1.12345678901234567890', '1.12345678901234567891', -1],
    ['A', 'a', -1],
    ['1.α', '1', 0],
  ])('rpmvercmp(%j, %j) = %i', (a, b, r) => {
    expect(rpmvercmp(a, b)).toBe(r);
    expect(rpmvercmp(b, a)).toBe(flip(r));
  });
});

describe('compareRpm: epoch:version-release', () => {
  it.each([
    ['1:1.0-1', '2.0-1', 1],
    ['0:1.0-1', '1.0-1', 0],
    [':1.0-1', '0:1.0-1', 0],
    ['01:1-1', '1:1-1', 0],
    ['10:1-1', '9:1-1', 1],
    ['2:1.0', '1:9.9', 1],
    ['1.0-1', '1.0-2', -1],
    ['1.0-1', '1.0-1.1', -1],
    ['1.0-9', '1.0-10', -1],
    ['1.0', '1.0-1', -1],
    ['1.0', '1.0-', 0],
    ['1.0a-1', '1.0-1', 1],
    ['2.9-1', '2.10-1', -1],
    ['1.0~rc1-1', '1.0-1', -1],
    ['1.0^git1-1', '1.0-1', 1],
    ['1.0-1.el9', '1.0-1.el9_2', -1],
    ['3.2.1-4.el8_9.1', '3.2.1-4.el8_9', 1],
    ['1:3.0.7-24.el9', '1:3.0.7-25.el9', -1],
    ['1:3.0.7-27.el9', '1:3.0.7-27.el9_0', -1],
    ['0:4.18.0-513.5.1.el8_9', '4.18.0-513.9.1.el8_9', -1],
    ['15.5-150500.3.3.1', '15.5-150500.3.11.1', -1],
    ['2.35-1.fc37', '2.35-1.fc38', -1],
    ['1.1.1k-7.el8_6', '1.1.1k-12.el8_9', -1],
    ['1.1.1k-7.el8_6', '1.1.1l-1.el8', -1],
    ['7.76.1-26.el9_3.2', '7.76.1-26.el9_3.3', -1],
    ['2.0.1-1.el9', '1:1.0-1.el9', -1],
    ['1.2.3-4-5', '1.2.3-4-6', -1],
  ])('%j vs %j → %i', (a, b, r) => {
    expect(compareRpm(a, b)).toBe(r);
    expect(compareRpm(b, a)).toBe(flip(r));
  });
});

describe('parseRpmEvr (rpm parseEVR)', () => {
  it.each([
    ['1:2.3-4', { epoch: '1', version: '2.3', release: '4' }],
    ['2.3-4', { epoch: null, version: '2.3', release: '4' }],
    ['2.3', { epoch: null, version: '2.3', release: null }],
    ['1:2.3', { epoch: '1', version: '2.3', release: null }],
    [':2.3-4', { epoch: '0', version: '2.3', release: '4' }],
    ['1:2.3-4-5', { epoch: '1', version: '2.3-4', release: '5' }],
    ['abc:1.0', { epoch: null, version: 'abc:1.0', release: null }],
    ['1.0-', { epoch: null, version: '1.0', release: '' }],
    ['12-3', { epoch: null, version: '12', release: '3' }],
  ])('%j → %o', (input, evr) => {
    expect(parseRpmEvr(input)).toEqual(evr);
  });
});

describe('isValidRpm', () => {
  it.each(['1', '1.0', '1:1.0-1.el9', '1.0~rc1^git2-0.1', '0:4.18.0-513.5.1.el8_9', '2.0+b1-1'])(
    '%j is valid',
    (v) => {
      expect(isValidRpm(v)).toBe(true);
    },
  );
  it.each(['', ':1.0', '1:', '1.0-', '1.0-1-1', 'a b', '1.0-1:2', '1.0@2', 'α'])('%j is not valid', (v) => {
    expect(isValidRpm(v)).toBe(false);
  });
});
