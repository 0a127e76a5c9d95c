/**
 * The built-in scanner: the image's inventory read straight from the registry (takeInventory), matched
 * against the local OSV advisory database. No other program, no container engine.
 */
import { osEcosystems } from '../../../core/osv/index.js';
import type { Inventory } from '../../../core/vuln/types.js';
import type { AdvisoryDb, AdvisoryDbStatus } from '../../../ports/advisory-db.js';
import type { Logger } from '../../../ports/logger.js';
import type { Registry } from '../../../ports/registry.js';
import type { ScanResult, ScanTarget, Scanner } from '../../../ports/scanner.js';
import type { Store } from '../../../ports/store.js';
import { stalenessWarning } from '../../advisory-db/index.js';
import { takeInventory } from '../../inventory/index.js';

export interface BuiltinScannerOptions {
  readonly registry: Registry;
  readonly advisoryDb: AdvisoryDb;
  /** Caches inventories per image digest. */
  readonly store?: Store;
  readonly logger?: Logger;
  readonly now?: () => number;
  /** Older data than this warns; default the advisory database's (7 days). */
  readonly maxAgeDays?: number | null;
}

const OS_PACKAGE_TYPES: ReadonlySet<string> = new Set(['deb', 'apk', 'rpm']);

/** Warnings about what the advisory data cannot say for this inventory. */
function coverageWarnings(inventory: Inventory, status: AdvisoryDbStatus): string[] {
  const warnings: string[] = [];
  if (inventory.os === null && inventory.packages.length === 0) {
    warnings.push(
      'no operating system and no packages were found in the image (scratch or distroless without package metadata?): nothing to match',
    );
    return warnings;
  }
  const osPackages = inventory.packages.filter((p) => OS_PACKAGE_TYPES.has(p.type)).length;
  if (inventory.os !== null && osPackages > 0 && status.updatedAt !== null) {
    const loaded = Object.keys(status.ecosystems);
    if (!osEcosystems(inventory.os, loaded).some((ecosystem) => loaded.includes(ecosystem))) {
      const os = inventory.os.prettyName ?? `${inventory.os.id} ${inventory.os.versionId ?? ''}`.trim();
      warnings.push(
        `the advisory database has no advisories for ${os}: its ${osPackages} OS packages were not checked`,
      );
    }
  }
  return warnings;
}

export class BuiltinScanner implements Scanner {
  readonly name = 'builtin';

  constructor(private readonly options: BuiltinScannerOptions) {}

  async scan(target: ScanTarget): Promise<ScanResult> {
    const { registry, advisoryDb, store, logger } = this.options;
    const now = this.options.now ?? Date.now;
    const inventory = await takeInventory(registry, target, {
      ...(store ? { store } : {}),
      ...(logger ? { logger } : {}),
      now,
    });
    const status = await advisoryDb.status();
    const findings = await advisoryDb.match(inventory);
    const stale = stalenessWarning(status, now(), this.options.maxAgeDays ?? undefined);
    return {
      inventory,
      findings,
      warnings: [...(stale !== null ? [stale] : []), ...coverageWarnings(inventory, status)],
      scanner: this.name,
    };
  }
}
