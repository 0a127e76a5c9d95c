import type { Finding, Inventory } from '../../../core/vuln/types.js';

/** What a scanner's report says about one image. */
export interface ParsedReport {
  readonly inventory: Inventory;
  readonly findings: Finding[];
  readonly warnings: string[];
}
