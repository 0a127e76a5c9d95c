/**
 * Explicit registration of the Scanner implementations: `builtin` (inventory from the registry + the
 * local OSV advisory database), `trivy` and `grype` (their programs), and reports those programs wrote.
 */
import type { AdvisoryDb, AdvisoryDbStatus } from '../../ports/advisory-db.js';
import type { Logger } from '../../ports/logger.js';
import type { Registry } from '../../ports/registry.js';
import type { ScanTarget, Scanner } from '../../ports/scanner.js';
import type { Store } from '../../ports/store.js';
import {
  openAdvisoryDb,
  OSV_EXPORT_URL,
  stalenessWarning,
  updateAdvisoryDb,
  type AdvisorySource,
  type UpdateAdvisoryDbResult,
  type UpdateProgress,
} from '../advisory-db/index.js';
import { BuiltinScanner } from './builtin/builtin-scanner.js';
import { GrypeScanner } from './grype/grype-scanner.js';
import { ReportScanner, type ReportFormat } from './shared/report-scanner.js';
import type { PinDigest } from './shared/target.js';
import { TrivyScanner } from './trivy/trivy-scanner.js';

export const SCANNER_NAMES = ['builtin', 'trivy', 'grype'] as const;
export type ScannerName = (typeof SCANNER_NAMES)[number];

/** OSV.dev export folders loaded when `scan.advisoryDb.sources` is not configured. */
export const DEFAULT_OSV_ECOSYSTEMS: readonly string[] = [
  'Debian',
  'Ubuntu',
  'Alpine',
  'Rocky Linux',
  'AlmaLinux',
  'Red Hat',
  'npm',
  'PyPI',
  'Go',
  'Maven',
];

export interface ScannerDeps {
  readonly registry: Registry;
  readonly store?: Store;
  readonly logger: Logger;
  readonly env: NodeJS.ProcessEnv;
  readonly now?: () => number;
  /** Opened on the first scan, closed with the scanner. */
  readonly openAdvisoryDb: () => AdvisoryDb;
  readonly maxAgeDays: number | null;
  readonly trivyPath: string;
  readonly grypePath: string;
  readonly insecure: (registry: string) => boolean;
  /** Resolves a target to its platform image digest, so trivy and grype scan exactly that image. */
  readonly pin: PinDigest;
}

export interface ClosableScanner extends Scanner {
  close(): Promise<void>;
}

function closable(scanner: Scanner, close: () => Promise<void> = async () => undefined): ClosableScanner {
  return { name: scanner.name, scan: (target: ScanTarget) => scanner.scan(target), close };
}

export const scanners: { readonly [K in ScannerName]: (deps: ScannerDeps) => ClosableScanner } = {
  builtin: (deps) => {
    let db: AdvisoryDb | null = null;
    let scanner: BuiltinScanner | null = null;
    return {
      name: 'builtin',
      scan: (target) => {
        if (scanner === null) {
          db = deps.openAdvisoryDb();
          scanner = new BuiltinScanner({
            registry: deps.registry,
            advisoryDb: db,
            logger: deps.logger,
            maxAgeDays: deps.maxAgeDays,
            ...(deps.store ? { store: deps.store } : {}),
            ...(deps.now ? { now: deps.now } : {}),
          });
        }
        return scanner.scan(target);
      },
      close: async () => {
        await db?.close();
      },
    };
  },
  trivy: (deps) =>
    closable(
      new TrivyScanner({ executable: deps.trivyPath, env: deps.env, insecure: deps.insecure, pin: deps.pin }),
    ),
  grype: (deps) =>
    closable(
      new GrypeScanner({ executable: deps.grypePath, env: deps.env, insecure: deps.insecure, pin: deps.pin }),
    ),
};

/** A scanner that reads a Trivy or Grype JSON report instead of scanning; `expected` checks its format. */
export function reportScanner(path: string, expected: ReportFormat | null = null): ClosableScanner {
  return closable(new ReportScanner(path, expected));
}

export { BuiltinScanner } from './builtin/builtin-scanner.js';
export { GrypeScanner } from './grype/grype-scanner.js';
export { parseGrypeReport } from './grype/parse.js';
export { detectReportFormat, ReportScanner, type ReportFormat } from './shared/report-scanner.js';
export type { PinDigest } from './shared/target.js';
export { parseTrivyReport } from './trivy/parse.js';
export { TrivyScanner } from './trivy/trivy-scanner.js';

/** The `scan:` settings the scan services need (the shape of the normalized config's). */
export interface ScanServicesSettings {
  readonly scanner: ScannerName;
  readonly trivyPath: string;
  readonly grypePath: string;
  readonly advisoryDb: {
    readonly path: string;
    readonly sources: readonly AdvisorySource[] | null;
    readonly maxAgeDays: number | null;
  };
}

/** The advisory database as commands see it: where it is, where it updates from, update and status. */
export interface AdvisoryDatabase {
  readonly path: string;
  /** The configured sources, or OSV.dev with DEFAULT_OSV_ECOSYSTEMS. */
  readonly sources: readonly AdvisorySource[];
  readonly maxAgeDays: number | null;
  update(options?: {
    readonly sources?: readonly AdvisorySource[];
    readonly onProgress?: (progress: UpdateProgress) => void;
  }): Promise<UpdateAdvisoryDbResult>;
  status(): Promise<AdvisoryDbStatus>;
  /** The warning scans carry for this status (never updated, or older than maxAgeDays), or null. */
  staleness(status: AdvisoryDbStatus, now: number): string | null;
}

export interface ScanServices {
  /** The scanner `name` (default: the configured one), or a reader of a Trivy/Grype report file. */
  scanner(options?: { readonly name?: ScannerName; readonly report?: string }): Scanner;
  readonly advisories: AdvisoryDatabase;
  /** Closes every scanner handed out. */
  close(): Promise<void>;
}

export function createScanServices(options: {
  readonly registry: Registry;
  readonly store?: Store;
  readonly logger: Logger;
  readonly env: NodeJS.ProcessEnv;
  readonly settings: ScanServicesSettings;
  readonly insecure: (registry: string) => boolean;
  readonly now?: () => number;
}): ScanServices {
  const { registry, settings } = options;
  const opened: ClosableScanner[] = [];
  const deps: ScannerDeps = {
    registry,
    ...(options.store ? { store: options.store } : {}),
    logger: options.logger,
    env: options.env,
    ...(options.now ? { now: options.now } : {}),
    openAdvisoryDb: () => openAdvisoryDb(settings.advisoryDb.path),
    maxAgeDays: settings.advisoryDb.maxAgeDays,
    trivyPath: settings.trivyPath,
    grypePath: settings.grypePath,
    insecure: options.insecure,
    pin: async (target) => {
      const resolved = await registry.resolve(
        target.repo,
        target.reference,
        target.platform ? { platform: target.platform } : undefined,
      );
      return resolved.platformDigest ?? resolved.digest;
    },
  };
  const sources = settings.advisoryDb.sources ?? [
    { kind: 'osv-zip', baseUrl: OSV_EXPORT_URL, ecosystems: DEFAULT_OSV_ECOSYSTEMS },
  ];
  return {
    scanner: (wanted = {}) => {
      const name = wanted.name ?? settings.scanner;
      const scanner =
        wanted.report !== undefined
          ? reportScanner(wanted.report, wanted.name === undefined || name === 'builtin' ? null : name)
          : scanners[name](deps);
      opened.push(scanner);
      return scanner;
    },
    advisories: {
      path: settings.advisoryDb.path,
      sources,
      maxAgeDays: settings.advisoryDb.maxAgeDays,
      update: (update = {}) =>
        updateAdvisoryDb({
          path: settings.advisoryDb.path,
          sources: update.sources ?? sources,
          ...(update.onProgress ? { onProgress: update.onProgress } : {}),
          ...(options.now ? { now: options.now } : {}),
        }),
      staleness: (status, now) => stalenessWarning(status, now, settings.advisoryDb.maxAgeDays ?? undefined),
      status: async () => {
        const db = openAdvisoryDb(settings.advisoryDb.path);
        try {
          return await db.status();
        } finally {
          await db.close();
        }
      },
    },
    close: async () => {
      for (const scanner of opened.splice(0)) await scanner.close();
    },
  };
}
