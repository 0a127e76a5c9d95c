import type { Finding, Inventory } from '../core/vuln/types.js';
import type { Platform, RepoRef } from './registry.js';

/** An image to scan: a repository and a tag or digest; the platform picks an entry of an index. */
export interface ScanTarget {
  readonly repo: RepoRef;
  readonly reference: string;
  readonly platform?: Platform;
}

export interface ScanResult {
  readonly inventory: Inventory;
  readonly findings: readonly Finding[];
  /** Warnings such as "advisory database is 9 days old". */
  readonly warnings: readonly string[];
  readonly scanner: string;
}

/** Implementations: adapters/scanners/builtin (registry + advisory DB), trivy, grype. */
export interface Scanner {
  readonly name: string;
  scan(target: ScanTarget): Promise<ScanResult>;
}
