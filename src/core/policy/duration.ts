import { ShipshapeError } from '../errors.js';

const UNIT_MS = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
} as const;
type Unit = keyof typeof UNIT_MS;

/** One or more `<digits><unit>` parts ("3d", "1h30m"), or a bare "0". Exported for the config schema. */
export const DURATION_PATTERN = /^(?:0|(?:\d+(?:ms|s|m|h|d|w))+)$/;
const PART = /(\d+)(ms|s|m|h|d|w)/g;

export const DURATION_HINT =
  'expected a whole number followed by ms, s, m, h, d or w, e.g. "3d", "12h", "1h30m"';

/** "30s", "5m", "12h", "3d", "1w", "1h30m", "0" → milliseconds. Throws ShipshapeError CONFIG_INVALID. */
export function parseDuration(s: string): number {
  if (!DURATION_PATTERN.test(s)) {
    throw new ShipshapeError(
      'CONFIG_INVALID',
      'policy',
      `invalid duration ${JSON.stringify(s)}: ${DURATION_HINT}`,
    );
  }
  let total = 0;
  for (const [, digits = '', unit = ''] of s.matchAll(PART)) {
    if (isUnit(unit)) total += Number(digits) * UNIT_MS[unit];
  }
  if (!Number.isSafeInteger(total)) {
    throw new ShipshapeError('CONFIG_INVALID', 'policy', `invalid duration ${JSON.stringify(s)}: too long`);
  }
  return total;
}

function isUnit(s: string): s is Unit {
  return Object.hasOwn(UNIT_MS, s);
}

const NAMES: readonly [Unit, string][] = [
  ['w', 'week'],
  ['d', 'day'],
  ['h', 'hour'],
  ['m', 'minute'],
  ['s', 'second'],
  ['ms', 'millisecond'],
];

/** Milliseconds in the largest unit that divides them exactly: "3 days", "1 week", "90 minutes". */
export function formatDuration(ms: number): string {
  for (const [unit, name] of NAMES) {
    const size = UNIT_MS[unit];
    if (ms % size === 0 && ms >= size) {
      const n = ms / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${ms} milliseconds`;
}
