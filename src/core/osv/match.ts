/**
 * Inventory × advisories → findings. Pure: the advisory rows come from an injected lookup (the SQLite
 * adapter runs one indexed query per (ecosystem, name)); version ordering comes from core/versions.
 */
import type { Finding, Inventory, InventoryPackage, Severity } from '../vuln/types.js';
import { comparatorsForEcosystem } from './comparators.js';
import { osEcosystems, queriesForPackage, type OsvQuery } from './ecosystems.js';
import { evaluateAffected, type Compare, type RangeComparators } from './ranges.js';
import type { AffectedRow, CvssScore } from './types.js';

export interface AdvisoryLookup {
  /** Ecosystems present in the database (resolves prefix families such as Red Hat's). */
  readonly ecosystems: readonly string[];
  /** Every stored `affected[]` row for one (ecosystem, normalized name). */
  lookup(ecosystem: string, name: string): readonly AffectedRow[];
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
  unknown: 0,
};

interface Hit {
  readonly row: AffectedRow;
  readonly fixedVersions: readonly string[];
}

/** Ascending in the package's ordering; insertion order when there is none or it throws. */
function sortVersions(versions: readonly string[], compare: Compare | null): string[] {
  const unique = [...new Set(versions)];
  if (compare === null) return unique;
  try {
    return unique.sort(compare);
  } catch {
    return unique;
  }
}

function toFinding(pkg: InventoryPackage, hits: readonly Hit[], compare: Compare | null): Finding {
  const first = hits[0]!.row;
  let severity: Severity = 'unknown';
  let cvss: CvssScore | null = null;
  for (const hit of hits) {
    if (SEVERITY_RANK[hit.row.severity] > SEVERITY_RANK[severity]) severity = hit.row.severity;
    if (hit.row.cvss !== null && (cvss === null || hit.row.cvss.score > cvss.score)) cvss = hit.row.cvss;
  }
  const fixedVersions = sortVersions(
    hits.flatMap((hit) => hit.fixedVersions),
    compare,
  );
  return {
    id: first.id,
    aliases: first.aliases,
    package: { name: pkg.name, version: pkg.version, type: pkg.type, purl: pkg.purl },
    fixedVersions,
    fixState: fixedVersions.length > 0 ? 'fixed' : 'not-fixed',
    severity,
    cvss,
    ...(first.summary !== null ? { summary: first.summary } : {}),
  };
}

/**
 * Merges findings of one package that name the same vulnerability through `aliases` (a GHSA and a PYSEC
 * record for one PyPI flaw), as osv-scanner groups them. `upstream`/`related` do not merge: a distribution
 * advisory bundling several CVEs stays one finding per record. The representative is the record with the
 * highest CVSS score, then the smallest id; the others become its aliases.
 */
export function mergeAliases(findings: readonly Finding[], compare: Compare | null = null): Finding[] {
  const parent = findings.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const byName = new Map<string, number>();
  findings.forEach((finding, i) => {
    for (const name of [finding.id, ...finding.aliases]) {
      const j = byName.get(name);
      if (j === undefined) byName.set(name, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, Finding[]>();
  findings.forEach((finding, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(finding);
    else groups.set(root, [finding]);
  });
  return [...groups.values()].map((group) => {
    if (group.length === 1) return group[0]!;
    const sorted = [...group].sort(
      (a, b) => (b.cvss?.score ?? -1) - (a.cvss?.score ?? -1) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    const rep = sorted[0]!;
    const names = new Set(group.flatMap((f) => [f.id, ...f.aliases]));
    names.delete(rep.id);
    const fixedVersions = sortVersions(
      sorted.flatMap((f) => f.fixedVersions),
      compare,
    );
    const severity = group.reduce<Severity>(
      (worst, f) => (SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst] ? f.severity : worst),
      'unknown',
    );
    const summary = sorted.find((f) => f.summary !== undefined)?.summary;
    return {
      ...rep,
      aliases: [...names].sort(),
      fixedVersions,
      fixState: fixedVersions.length > 0 ? 'fixed' : rep.fixState,
      severity,
      ...(summary !== undefined ? { summary } : {}),
    } satisfies Finding;
  });
}

/** Findings for every package of the inventory, grouped by package (inventory order), worst first. */
export function matchInventory(
  inventory: Inventory,
  db: AdvisoryLookup,
  comparatorsFor: (ecosystem: string) => RangeComparators = comparatorsForEcosystem,
): Finding[] {
  const osEcos = osEcosystems(inventory.os, db.ecosystems);
  const rowCache = new Map<string, readonly AffectedRow[]>();
  const rowsFor = (query: OsvQuery): readonly AffectedRow[] => {
    const key = `${query.ecosystem}\u0000${query.name}`;
    let rows = rowCache.get(key);
    if (rows === undefined) rowCache.set(key, (rows = db.lookup(query.ecosystem, query.name)));
    return rows;
  };

  const findings: Finding[] = [];
  for (const pkg of inventory.packages) {
    const hits = new Map<string, Hit[]>();
    // The ordering fix versions are listed in: every query of one package is in one version scheme.
    let compare: Compare | null = null;
    for (const query of queriesForPackage(pkg, osEcos)) {
      const rows = rowsFor(query);
      if (rows.length === 0) continue;
      const comparators = comparatorsFor(query.ecosystem);
      compare ??= comparators.ecosystem;
      // Several affected[] entries of one record for the same package are evaluated together.
      const byId = new Map<string, AffectedRow[]>();
      for (const row of rows) {
        const list = byId.get(row.id);
        if (list) list.push(row);
        else byId.set(row.id, [row]);
      }
      for (const [id, entries] of byId) {
        const verdict = evaluateAffected(query.version, entries, comparators);
        if (!verdict.affected) continue;
        const hit: Hit = { row: entries[0]!, fixedVersions: verdict.fixedVersions };
        const list = hits.get(id);
        if (list) list.push(hit);
        else hits.set(id, [hit]);
      }
    }
    const own = [...hits.values()].map((list) => toFinding(pkg, list, compare));
    findings.push(
      ...mergeAliases(own, compare).sort(
        (a, b) =>
          SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      ),
    );
  }
  return findings;
}
