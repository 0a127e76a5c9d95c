import type { Finding, Inventory } from '../core/vuln/types.js';

export interface AdvisoryDbStatus {
  readonly path: string;
  /** When the data was last loaded (ms since epoch), or null when empty. */
  readonly updatedAt: number | null;
  readonly advisories: number;
  readonly ecosystems: Readonly<Record<string, number>>;
  readonly source: string | null;
}

/** The OSV advisory database (adapters/advisory-db/sqlite). */
export interface AdvisoryDb {
  /** Findings for every package of the inventory, with OSV range semantics and the ecosystem's comparator. */
  match(inventory: Inventory): Promise<Finding[]>;
  status(): Promise<AdvisoryDbStatus>;
  close(): Promise<void>;
}
