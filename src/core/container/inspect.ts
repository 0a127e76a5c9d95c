/**
 * Reading what Shipshape needs from the engine's inspect documents. Pure: the adapter fetches, this reads.
 */
import { tryParseImageRef } from '../image-ref/index.js';
import type { ContainerInspect, ContainerState, ImageInfo } from '../../ports/container-engine.js';
import { asRecord, asString, asStrings, asStringMap } from './json.js';

export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';
export const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';

/** "/web" → "web". */
export function containerName(inspect: Pick<ContainerInspect, 'Name'>): string {
  return inspect.Name.replace(/^\//, '');
}

/** The 12-character id prefix Docker uses as default hostname and network alias. */
export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

export function containerLabels(inspect: ContainerInspect): Record<string, string> {
  return asStringMap(inspect.Config.Labels);
}

export interface ComposeInfo {
  readonly project: string;
  readonly service: string;
}

export function composeInfo(labels: Readonly<Record<string, string>>): ComposeInfo | null {
  const project = labels[COMPOSE_PROJECT_LABEL];
  const service = labels[COMPOSE_SERVICE_LABEL];
  return project !== undefined && service !== undefined ? { project, service } : null;
}

/**
 * Whether the container was started from an image id (`docker run 90bd1aa8ac45`, `sha256:…`) rather than
 * a name: then there is no repository to ask for updates.
 */
export function startedFromImageId(ref: string, imageId: string): boolean {
  if (/^sha256:[0-9a-f]+$/.test(ref)) return true;
  const id = imageId.replace(/^sha256:/, '');
  return /^[0-9a-f]{12,64}$/.test(ref) && id.startsWith(ref);
}

/**
 * The digest the container runs: the RepoDigests entry of its image for the repository it was started
 * from ("127.0.0.1:5000/team/app@sha256:…"), or null (a locally built or imported image, or none match).
 */
export function runningDigest(image: string, repoDigests: readonly string[]): string | null {
  const parsed = tryParseImageRef(image);
  if (!parsed.ok) return null;
  const { registry, repository, digest } = parsed.ref;
  let found: string | null = null;
  for (const entry of repoDigests) {
    const r = tryParseImageRef(entry);
    if (!r.ok || r.ref.digest === null) continue;
    if (r.ref.registry !== registry || r.ref.repository !== repository) continue;
    // Started by digest: that one, when the image still lists it.
    if (digest !== null && r.ref.digest === digest) return digest;
    found ??= r.ref.digest;
  }
  return found;
}

const ZERO_TIME = /^0001-01-01T/;
const HEALTH = ['starting', 'healthy', 'unhealthy'] as const;

export function containerStateOf(inspect: ContainerInspect): ContainerState {
  const s = asRecord(inspect['State']) ?? {};
  const health = asString(asRecord(s['Health'])?.['Status']);
  const startedAt = asString(s['StartedAt']);
  const restartCount = inspect['RestartCount'];
  return {
    status: asString(s['Status']) ?? 'unknown',
    running: s['Running'] === true,
    restarting: s['Restarting'] === true,
    exitCode: typeof s['ExitCode'] === 'number' ? s['ExitCode'] : 0,
    oomKilled: s['OOMKilled'] === true,
    health: (HEALTH as readonly string[]).includes(health ?? '')
      ? (health as ContainerState['health'])
      : 'none',
    restartCount: typeof restartCount === 'number' ? restartCount : 0,
    startedAt: startedAt === null || startedAt === '' || ZERO_TIME.test(startedAt) ? null : startedAt,
  };
}

/** An image inspect document (GET /images/{name}/json) → ImageInfo. */
export function imageInfoOf(doc: Readonly<Record<string, unknown>>): ImageInfo {
  const config = asRecord(doc['Config']);
  const test = asStrings(asRecord(config?.['Healthcheck'])?.['Test']);
  const created = asString(doc['Created']);
  return {
    id: asString(doc['Id']) ?? '',
    repoTags: asStrings(doc['RepoTags']) ?? [],
    repoDigests: asStrings(doc['RepoDigests']) ?? [],
    created: created === '' ? null : created,
    healthcheck: test !== null && test.length > 0 && test[0] !== 'NONE',
    os: asString(doc['Os']),
    architecture: asString(doc['Architecture']),
  };
}
