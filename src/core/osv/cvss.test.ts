import cvssCalculator from 'ae-cvss-calculator';
import { describe, expect, it } from 'vitest';
import { cvss2BaseScore, cvss3BaseScore } from './cvss.js';

// Base scores as published by NVD / the FIRST calculator.
const V3: readonly [vector: string, score: number, note: string][] = [
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'CVE-2014-6271 Shellshock'],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0, 'CVE-2021-44228 Log4Shell'],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5, 'CVE-2014-0160 Heartbleed'],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5, 'CVE-2023-44487 HTTP/2 Rapid Reset'],
  ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8, 'CVE-2021-4034 PwnKit'],
  ['CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.0, 'CVE-2016-5195 Dirty COW'],
  ['CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H', 8.6, 'CVE-2019-5736 runc'],
  ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:H/I:N/A:N', 6.8, 'CVE-2020-28498 elliptic'],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 8.8, 'CVE-2023-4863 libwebp'],
  ['CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', 7.2, 'CVE-2021-23337 lodash'],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1, 'reflected XSS'],
  ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N', 6.4, 'stored XSS'],
  ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.1, ''],
  ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 8.8, ''],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N', 5.3, ''],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L', 5.3, ''],
  ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9, ''],
  ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H', 5.5, ''],
  ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N', 5.5, ''],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:H/A:N', 6.5, ''],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N', 6.5, ''],
  ['CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.8, ''],
  ['CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 7.8, ''],
  ['CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 3.1, ''],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:L/A:N', 7.2, ''],
  ['CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 6.8, ''],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H', 9.6, ''],
  ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H', 9.9, ''],
  ['CVSS:3.1/AV:P/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N', 1.6, ''],
  ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0.0, 'no impact'],
  ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'v3.0'],
  ['CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1, 'v3.0'],
];

describe('cvss3BaseScore', () => {
  it.each(V3)('%s → %d (%s)', (vector, score) => {
    expect(cvss3BaseScore(vector)?.score).toBe(score);
  });

  it('reports the version and accepts temporal and environmental metrics after the base', () => {
    expect(cvss3BaseScore('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toEqual({
      version: '3.0',
      score: 9.8,
    });
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C/CR:H')?.score).toBe(
      9.8,
    );
    expect(cvss3BaseScore('CVSS:3.1/C:H/I:H/A:H/AV:N/AC:L/PR:N/UI:N/S:U')?.score).toBe(9.8);
  });

  it.each([
    'AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', // no prefix
    'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H', // A missing
    'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', // bad value
    'CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', // repeated metric
    'CVSS:3.1/AV:constructor/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', // prototype keys are no weights
    '',
  ])('rejects %j', (vector) => {
    expect(cvss3BaseScore(vector)).toBeNull();
  });
});

const V2: readonly [vector: string, score: number, note: string][] = [
  ['AV:N/AC:L/Au:N/C:P/I:N/A:N', 5.0, 'CVE-2014-0160 Heartbleed'],
  ['AV:N/AC:L/Au:N/C:C/I:C/A:C', 10.0, 'CVE-2014-6271 Shellshock'],
  ['AV:N/AC:L/Au:N/C:P/I:P/A:P', 7.5, ''],
  ['AV:N/AC:M/Au:N/C:N/I:P/A:N', 4.3, 'XSS'],
  ['AV:L/AC:L/Au:N/C:C/I:C/A:C', 7.2, ''],
  ['AV:N/AC:M/Au:N/C:P/I:P/A:P', 6.8, ''],
  ['AV:L/AC:L/Au:N/C:P/I:N/A:N', 2.1, ''],
  ['(AV:N/AC:L/Au:N/C:N/I:N/A:P)', 5.0, 'NVD parenthesised form'],
  ['AV:N/AC:L/Au:N/C:N/I:N/A:N', 0, 'no impact'],
];

describe('cvss2BaseScore', () => {
  it.each(V2)('%s → %d %s', (vector, score) => {
    expect(cvss2BaseScore(vector)?.score).toBe(score);
  });

  it('rejects incomplete vectors', () => {
    expect(cvss2BaseScore('AV:N/AC:L/Au:N/C:P/I:N')).toBeNull();
    expect(cvss2BaseScore('AV:N/AC:L/Au:Q/C:P/I:N/A:N')).toBeNull();
  });
});

describe('against an independent implementation (ae-cvss-calculator), random base vectors', () => {
  /** A deterministic pseudo-random sequence (mulberry32), so a failure names a reproducible vector. */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let t = Math.imul(a ^ (a >>> 15), 1 | a);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const vectors = (prefix: string, metrics: Record<string, string[]>, seed: number, n: number): string[] => {
    const next = random(seed);
    return Array.from(
      { length: n },
      () =>
        prefix +
        Object.entries(metrics)
          .map(([k, values]) => `${k}:${values[Math.floor(next() * values.length)]!}`)
          .join('/'),
    );
  };
  const v3Metrics = {
    AV: ['N', 'A', 'L', 'P'],
    AC: ['L', 'H'],
    PR: ['N', 'L', 'H'],
    UI: ['N', 'R'],
    S: ['U', 'C'],
    C: ['H', 'L', 'N'],
    I: ['H', 'L', 'N'],
    A: ['H', 'L', 'N'],
  };

  it.each([
    ['3.1', 'CVSS:3.1/', (v: string) => new cvssCalculator.Cvss3P1(v)],
    ['3.0', 'CVSS:3.0/', (v: string) => new cvssCalculator.Cvss3P0(v)],
  ] as const)('v%s: the same base score for 3,000 vectors', (_version, prefix, other) => {
    const differ = vectors(prefix, v3Metrics, 31, 3000).filter(
      (v) => cvss3BaseScore(v)?.score !== other(v).calculateScores().base,
    );
    expect(differ).toEqual([]);
  });

  it('v2: the same base score for 3,000 vectors', () => {
    const v2Metrics = {
      AV: ['N', 'A', 'L'],
      AC: ['L', 'M', 'H'],
      Au: ['N', 'S', 'M'],
      C: ['C', 'P', 'N'],
      I: ['C', 'P', 'N'],
      A: ['C', 'P', 'N'],
    };
    const differ = vectors('', v2Metrics, 2, 3000).filter(
      (v) => cvss2BaseScore(v)?.score !== new cvssCalculator.Cvss2(v).calculateScores().base,
    );
    expect(differ).toEqual([]);
  });
});
