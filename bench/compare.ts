/** How many references got the same newest minor and major from Shipshape as from Renovate. */
import type { CheckReport } from '../src/core/plan/report.js';
import type { RenovateLookup } from './renovate/run-renovate.js';

export interface Agreement {
  compared: number;
  same: number;
  differences: { file: string; image: string; ours: string; theirs: string }[];
}

const nonMajor = (updates: readonly { type: string; tag: string | null }[]): string | null =>
  updates.find((u) => u.type === 'minor')?.tag ?? updates.find((u) => u.type === 'patch')?.tag ?? null;
const major = (updates: readonly { type: string; tag: string | null }[]): string | null =>
  updates.find((u) => u.type === 'major')?.tag ?? null;

export function compareWithRenovate(report: CheckReport, lookups: readonly RenovateLookup[]): Agreement {
  const theirs = new Map<string, RenovateLookup[]>();
  for (const l of lookups) {
    const key = `${l.file}|${l.depName}|${l.currentValue ?? ''}`;
    theirs.set(key, [...(theirs.get(key) ?? []), l]);
  }
  const agreement: Agreement = { compared: 0, same: 0, differences: [] };
  for (const r of report.references) {
    if (r.file === null || r.tag === null) continue;
    const key = `${r.file}|${r.registry}/${r.repository}|${r.tag}`;
    const candidates = theirs.get(key);
    const l = candidates?.shift();
    agreement.compared++;
    const oursText = `minor ${nonMajor(r.updates) ?? '-'}, major ${major(r.updates) ?? '-'}`;
    if (!l) {
      agreement.differences.push({ file: r.file, image: r.image, ours: oursText, theirs: 'no result' });
      continue;
    }
    const their = l.updates.map((u) => ({ type: u.updateType, tag: u.newValue }));
    const theirText = `minor ${nonMajor(their) ?? '-'}, major ${major(their) ?? '-'}`;
    if (oursText === theirText) agreement.same++;
    else agreement.differences.push({ file: r.file, image: r.image, ours: oursText, theirs: theirText });
  }
  return agreement;
}
