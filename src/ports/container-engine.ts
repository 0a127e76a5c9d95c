/**
 * The container engine port (Docker Engine API). Implementation: adapters/docker/engine (dockerode).
 * One instance talks to one host; `hosts` config builds one per named host.
 * Errors: ShipshapeError with source `docker:<host>` (codes REGISTRY_UNAVAILABLE for engine connection
 * failures — retryable —, NOT_FOUND, IO_FAILED, CONFIG_INVALID).
 */

export interface ContainerSummary {
  readonly id: string;
  readonly name: string; // without the leading "/"
  /** The image reference the container was created from (Config.Image), e.g. "nginx:1.27". */
  readonly image: string;
  /** The local image id (sha256:…) it runs. */
  readonly imageId: string;
  readonly state: string; // running, exited, restarting, …
  readonly labels: Readonly<Record<string, string>>;
}

/** An image as the engine's image list shows it. */
export interface ImageSummary {
  readonly id: string;
  readonly repoTags: readonly string[];
  /** "registry/repo@sha256:…" entries: the manifest digests this image was pulled by. */
  readonly repoDigests: readonly string[];
}

export interface ImageInfo {
  readonly id: string;
  readonly repoTags: readonly string[];
  /** "registry/repo@sha256:…" entries: the manifest digests this image was pulled by. */
  readonly repoDigests: readonly string[];
  readonly created: string | null;
  readonly healthcheck: boolean;
  readonly os: string | null;
  readonly architecture: string | null;
}

export interface ContainerState {
  readonly status: string; // created, running, restarting, exited, dead, …
  readonly running: boolean;
  readonly restarting: boolean;
  readonly exitCode: number;
  readonly oomKilled: boolean;
  readonly health: 'starting' | 'healthy' | 'unhealthy' | 'none';
  readonly restartCount: number;
  readonly startedAt: string | null;
}

/**
 * The full inspect document of a container as the engine returns it (Docker's ContainerInspect JSON),
 * kept opaque so recreation can preserve every field; helpers in core/container read what they need.
 */
export type ContainerInspect = Readonly<Record<string, unknown>> & {
  readonly Id: string;
  readonly Name: string;
  readonly Image: string;
  readonly Config: Readonly<Record<string, unknown>> & {
    readonly Image: string;
    readonly Labels?: Readonly<Record<string, string>> | null;
  };
  readonly HostConfig: Readonly<Record<string, unknown>>;
  readonly NetworkSettings: Readonly<Record<string, unknown>>;
};

export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RegistryAuth {
  readonly username?: string;
  readonly password?: string;
  readonly identitytoken?: string;
  readonly registrytoken?: string;
  readonly serveraddress: string;
}

export interface ContainerEngine {
  /** The host name this engine is configured as ("local", or a name from config). */
  readonly host: string;
  ping(): Promise<void>;
  listContainers(options?: { all?: boolean }): Promise<ContainerSummary[]>;
  inspectContainer(idOrName: string): Promise<ContainerInspect>;
  containerState(idOrName: string): Promise<ContainerState>;
  inspectImage(ref: string): Promise<ImageInfo | null>;
  /** The images the engine lists (`docker images`: tagged and dangling ones, not intermediate layers). */
  listImages(): Promise<ImageSummary[]>;
  /** Pulls `ref` (prefer `repo@sha256:…`), with credentials when given. */
  pullImage(ref: string, auth?: RegistryAuth): Promise<void>;
  tagImage(source: string, repo: string, tag: string): Promise<void>;
  removeImage(ref: string): Promise<void>;
  /**
   * Creates a container from an inspect document (as returned by inspectContainer), with overrides:
   * another image, another name, no published ports (pre-flight), extra labels. Networks with aliases and
   * static IPs, mounts, and every HostConfig field are carried over.
   * `dropAddresses` also leaves out static IPs, the MAC address and network aliases: a pre-flight copy
   * started next to the original would otherwise fail on its addresses or take a share of its traffic.
   */
  createFromInspect(
    source: ContainerInspect,
    overrides: {
      image?: string;
      name: string;
      dropPorts?: boolean;
      dropAddresses?: boolean;
      labels?: Readonly<Record<string, string>>;
    },
  ): Promise<string>;
  start(id: string): Promise<void>;
  stop(id: string, timeoutSeconds?: number): Promise<void>;
  rename(id: string, newName: string): Promise<void>;
  remove(id: string, options?: { force?: boolean; volumes?: false }): Promise<void>;
  exec(id: string, cmd: readonly string[], options?: { timeoutMs?: number }): Promise<ExecResult>;
}
