import { describe, expect, it } from 'vitest';
import { isShipshapeError } from '../errors.js';
import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['12h', 43_200_000],
    ['3d', 259_200_000],
    ['1w', 604_800_000],
    ['1h30m', 5_400_000],
    ['2d12h', 216_000_000],
    ['0d', 0],
  ])('%s → %d ms', (input, ms) => {
    expect(parseDuration(input)).toBe(ms);
  });

  it.each(['', '3', '3x', '3 d', ' 3d', '3D', '-1d', '1.5h', 'd', '1w 2d', '99999999999999999w'])(
    'rejects %j with CONFIG_INVALID',
    (input) => {
      let error: unknown;
      try {
        parseDuration(input);
      } catch (e) {
        error = e;
      }
      expect(isShipshapeError(error, 'CONFIG_INVALID')).toBe(true);
      expect((error as Error).message).toContain(`invalid duration ${JSON.stringify(input)}`);
    },
  );

  it('names the accepted units', () => {
    expect(() => parseDuration('3x')).toThrow(
      '[policy] invalid duration "3x": expected a whole number followed by ms, s, m, h, d or w, e.g. "3d", "12h", "1h30m"',
    );
  });
});

describe('formatDuration', () => {
  it.each([
    [259_200_000, '3 days'],
    [86_400_000, '1 day'],
    [604_800_000, '1 week'],
    [1_209_600_000, '2 weeks'],
    [43_200_000, '12 hours'],
    [5_400_000, '90 minutes'],
    [30_000, '30 seconds'],
    [1500, '1500 milliseconds'],
    [0, '0 milliseconds'],
  ])('%d → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
