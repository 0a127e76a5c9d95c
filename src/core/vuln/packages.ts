/** Package changes between two inventories: added, removed, upgraded and downgraded packages. */
import { comparatorForEcosystem, type Comparator } from '../versions/index.js';
import type {
  Inventory,
  InventoryPackage,
  PackageChanges,
  PackageRef,
  PackageType,
  PackageVersionChange,
} from './types.js';

/** The OSV ecosystem whose version order each package type follows. */
const ORDER_OF: Readonly<Record<PackageType, string>> = {
  deb: 'Debian',
  apk: 'Alpine',
  rpm: 'Red Hat',
  npm: 'npm',
  pypi: 'PyPI',
  golang: 'Go',
  maven: 'Maven',
};

export function versionComparator(type: PackageType): Comparator | null {
  return comparatorForEcosystem(ORDER_OF[type]);
}

function ref(p: InventoryPackage): PackageRef {
  return { name: p.name, version: p.version, type: p.type, purl: p.purl };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byKey(packages: readonly InventoryPackage[]): Map<string, InventoryPackage[]> {
  const map = new Map<string, InventoryPackage[]>();
  for (const p of packages) {
    const key = `${p.type}\u0000${p.name}`;
    const list = map.get(key);
    if (list) list.push(p);
    else map.set(key, [p]);
  }
  for (const list of map.values())
    list.sort((a, b) => cmp(a.location, b.location) || cmp(a.version, b.version));
  return map;
}

/**
 * A package is the same in both inventories when its type and name match. Several copies (an npm package
 * in two node_modules trees) pair by location first, then in location order; what is left over was added
 * or removed.
 */
export function packageChanges(oldInventory: Inventory, newInventory: Inventory): PackageChanges {
  const olds = byKey(oldInventory.packages);
  const added: PackageRef[] = [];
  const removed: PackageRef[] = [];
  const upgraded: PackageVersionChange[] = [];
  const downgraded: PackageVersionChange[] = [];
  let unchanged = 0;

  const pair = (o: InventoryPackage, n: InventoryPackage): void => {
    if (o.version === n.version) {
      unchanged++;
      return;
    }
    const change: PackageVersionChange = {
      name: n.name,
      type: n.type,
      from: o.version,
      to: n.version,
      purl: n.purl,
    };
    const order = versionComparator(n.type)?.(n.version, o.version) ?? 1;
    (order < 0 ? downgraded : upgraded).push(change);
  };

  for (const [key, news] of byKey(newInventory.packages)) {
    const before = [...(olds.get(key) ?? [])];
    olds.delete(key);
    const rest: InventoryPackage[] = [];
    for (const n of news) {
      const at = before.findIndex((o) => o.location === n.location);
      if (at < 0) rest.push(n);
      else pair(before.splice(at, 1)[0]!, n);
    }
    for (const n of rest) {
      const o = before.shift();
      if (o) pair(o, n);
      else added.push(ref(n));
    }
    removed.push(...before.map(ref));
  }
  for (const list of olds.values()) removed.push(...list.map(ref));

  const byName = (a: { name: string; type: string }, b: { name: string; type: string }): number =>
    cmp(a.name, b.name) || cmp(a.type, b.type);
  return {
    added: added.sort(byName),
    removed: removed.sort(byName),
    upgraded: upgraded.sort(byName),
    downgraded: downgraded.sort(byName),
    unchanged,
  };
}
