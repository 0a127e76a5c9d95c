import type { Policy } from '../core/policy/index.js';
import type { Platform } from '../ports/registry.js';

/** Settings for one registry host, from `registries:`. */
export interface RegistrySettings {
  /** Normalized host[:port] ("docker.io" for Docker Hub and its aliases). */
  readonly host: string;
  readonly insecure: boolean;
  /** Absolute path of a PEM CA bundle, or null. */
  readonly ca: string | null;
  /** Most requests in flight, or null for the registry adapter's default. */
  readonly concurrency: number | null;
  /** A pull-through mirror that serves reads for this registry, or null. */
  readonly mirror: string | null;
  /** Whether `credentials` has an entry for this host. */
  readonly authenticated: boolean;
}

/**
 * Where a registry's secret comes from; the shape of the credentials adapter's static entries.
 * Secrets are read when first needed, not when the config loads. File paths are absolute.
 */
export interface RegistryCredentialSpec {
  readonly username?: string;
  readonly passwordEnv?: string;
  readonly passwordFile?: string;
  /** A bearer token written inline (hidden when the config is printed). */
  readonly token?: string;
  readonly tokenEnv?: string;
  readonly tokenFile?: string;
}

export interface DiscoverySettings {
  /** Path globs to scan, relative to the scanned root. */
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/** A Docker host from `docker.hosts`. */
export interface DockerHostSettings {
  readonly name: string;
  /** unix:///… or tcp://host[:port]. */
  readonly url: string;
  /** Absolute paths of the client TLS files, or null. */
  readonly tls: { readonly ca: string; readonly cert: string; readonly key: string } | null;
}

export interface DockerSettings {
  /** In config order; empty: the local engine (DOCKER_HOST, else the socket) as host "local". */
  readonly hosts: readonly DockerHostSettings[];
  /** Only containers labelled shipshape.enable=true are enabled. */
  readonly labelsOptIn: boolean;
}

/** Where `shipshape db update` loads advisories from (`scan.advisoryDb.sources`). */
export type AdvisorySourceSettings =
  | { readonly kind: 'osv-zip'; readonly baseUrl: string; readonly ecosystems: readonly string[] }
  /** Absolute path of a directory of OSV JSON files. */
  | { readonly kind: 'directory'; readonly path: string };

export interface ScanSettings {
  readonly scanner: 'builtin' | 'trivy' | 'grype';
  /** `check` scans candidates and reports their vulnerability delta (`check --vulnerabilities`). */
  readonly inCheck: boolean;
  /** A program name looked up on PATH, or an absolute path. */
  readonly trivyPath: string;
  readonly grypePath: string;
  readonly advisoryDb: {
    /** Absolute path of the advisory database file. */
    readonly path: string;
    /** Null: OSV.dev exports of the default ecosystems. */
    readonly sources: readonly AdvisorySourceSettings[] | null;
    /** Null: the advisory database's default (7 days). */
    readonly maxAgeDays: number | null;
  };
}

export interface NormalizedConfig {
  /** The platform multi-arch images are resolved for: from the config, else the host's. */
  readonly platform: Platform;
  /** Keyed by normalized host[:port]. */
  readonly registries: Readonly<Record<string, RegistrySettings>>;
  /**
   * Credentials for registries that configure a secret, keyed by normalized host: ready to pass
   * as the static credential source's configuration.
   */
  readonly credentials: Readonly<Record<string, RegistryCredentialSpec>>;
  readonly discovery: DiscoverySettings;
  readonly policy: Policy;
  readonly docker: DockerSettings;
  /** How long tag lists and digests are reused. */
  readonly cacheTtlMs: number;
  /** Absolute path of the SQLite state file. */
  readonly storePath: string;
  readonly scan: ScanSettings;
}

/** A problem or warning found in a config file, at a YAML path. */
export interface Finding {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  /** Point at the key rather than its value (unknown keys, bad registry hosts). */
  readonly atKey?: boolean;
}

/** A finding placed in the file: `shipshape.yaml:12:5: policy.rules[1].updateTypes[0]: …`. */
export interface ConfigIssue {
  /** The file as shown to the user (relative to the working directory when inside it). */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  /** "policy.rules[1].updateTypes[0]"; empty for the whole document. */
  readonly path: string;
  readonly message: string;
}
