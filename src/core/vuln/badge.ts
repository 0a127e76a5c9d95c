/** Short text for tables and pull request titles: "2C 3H", "fixes 2C 3H · adds 1M". */
import { SEVERITY_LETTER } from './severity.js';
import { SEVERITIES, type SeverityCounts, type VulnerabilityDelta } from './types.js';

/** "2C 3H 1M" (worst first, zero counts left out); "" when every count is zero. */
export function severityBadge(counts: SeverityCounts): string {
  return SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]}${SEVERITY_LETTER[s]}`)
    .join(' ');
}

/** "fixes 2C 3H · adds 1M", "fixes 1H", "adds 1M", or "no vulnerability change". */
export function deltaBadge(delta: VulnerabilityDelta): string {
  const fixes = severityBadge(delta.fixed);
  const adds = severityBadge(delta.introduced);
  const parts = [fixes && `fixes ${fixes}`, adds && `adds ${adds}`].filter(Boolean);
  return parts.length > 0 ? parts.join(' · ') : 'no vulnerability change';
}
