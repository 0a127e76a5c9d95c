/** The vulnerability delta between two images: what moving from OLD to NEW fixes, adds and keeps. */
import { compareFindings, severityCounts } from './severity.js';
import type { Finding, FindingsDelta } from './types.js';

function packageKey(f: Finding): string {
  return `${f.package.type}\u0000${f.package.name}`;
}

function names(f: Finding): Set<string> {
  return new Set([f.id, ...f.aliases]);
}

function groupByPackage(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of [...findings].sort(compareFindings)) {
    const key = packageKey(f);
    const list = groups.get(key);
    if (list) list.push(f);
    else groups.set(key, [f]);
  }
  return groups;
}

/**
 * `oldFindings` are OLD's, `newFindings` NEW's. A NEW finding is the same vulnerability as an OLD one when
 * both are on the same package (type and name; the version may differ) and their ids meet, directly or
 * through aliases (a CVE in one scan, the GHSA naming it in the other). Each finding pairs at most once,
 * so two copies of a package keep two findings.
 */
export function vulnerabilityDelta(
  oldFindings: readonly Finding[],
  newFindings: readonly Finding[],
): FindingsDelta {
  const oldByPackage = groupByPackage(oldFindings);
  const fixed: Finding[] = [];
  const introduced: Finding[] = [];
  const unchanged: Finding[] = [];

  for (const [key, news] of groupByPackage(newFindings)) {
    const olds = oldByPackage.get(key) ?? [];
    const oldNames = olds.map(names);
    const taken = new Array<boolean>(olds.length).fill(false);
    for (const n of news) {
      // The same id first, so an alias link never steals another finding's exact partner.
      let match = olds.findIndex((o, i) => !taken[i] && o.id === n.id);
      if (match < 0) {
        const own = names(n);
        match = oldNames.findIndex((set, i) => !taken[i] && [...own].some((name) => set.has(name)));
      }
      if (match < 0) introduced.push(n);
      else {
        taken[match] = true;
        unchanged.push(n);
      }
    }
    olds.forEach((o, i) => {
      if (!taken[i]) fixed.push(o);
    });
    oldByPackage.delete(key);
  }
  for (const olds of oldByPackage.values()) fixed.push(...olds);

  fixed.sort(compareFindings);
  introduced.sort(compareFindings);
  unchanged.sort(compareFindings);
  return {
    fixed,
    introduced,
    unchanged,
    counts: {
      fixed: severityCounts(fixed),
      introduced: severityCounts(introduced),
      unchanged: severityCounts(unchanged),
    },
  };
}
