/** The warning a scan carries when its advisory data is old or missing. */
import type { AdvisoryDbStatus } from '../../ports/advisory-db.js';

export const DEFAULT_MAX_AGE_DAYS = 7;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A warning when the database is empty or older than `maxAgeDays`; null when it is fresh. */
export function stalenessWarning(
  status: AdvisoryDbStatus,
  now: number,
  maxAgeDays: number = DEFAULT_MAX_AGE_DAYS,
): string | null {
  if (status.updatedAt === null) {
    return `the advisory database ${status.path} has never been updated: vulnerability findings are empty until it is`;
  }
  const ageMs = now - status.updatedAt;
  if (ageMs <= maxAgeDays * DAY_MS) return null;
  const days = Math.floor(ageMs / DAY_MS);
  const when = new Date(status.updatedAt).toISOString().slice(0, 10);
  return `the advisory database ${status.path} was last updated ${days} days ago (${when}, limit ${maxAgeDays} days): findings may miss recent advisories; update it`;
}
