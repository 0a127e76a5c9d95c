/**
 * The ContainerEngine port over the Docker Engine API with dockerode: one instance per host (a local
 * socket or TCP with TLS). Recreation builds its request with core/container's buildCreateSpec.
 */
import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { ShipshapeError } from '../../../core/errors.js';
import {
  buildCreateSpec,
  containerName,
  containerStateOf,
  imageInfoOf,
  type CreateOverrides,
} from '../../../core/container/index.js';
import type {
  ContainerEngine,
  ContainerInspect,
  ContainerState,
  ContainerSummary,
  ExecResult,
  ImageInfo,
  ImageSummary,
  RegistryAuth,
} from '../../../ports/container-engine.js';
import { dockerodeOptions, loadDockerode, type EngineConnection } from './connection.js';
import { engineError, registryErrorCode, statusOf } from './errors.js';

export interface DockerodeEngineOptions extends EngineConnection {
  /** The host's name in config and reports ("local", "edge-1"). */
  readonly host: string;
}

const DEFAULT_EXEC_TIMEOUT_MS = 30_000;
/** Output kept per stream of an exec; the rest is dropped (a test command is not a log shipper). */
const EXEC_OUTPUT_LIMIT = 1024 * 1024;

export class DockerodeEngine implements ContainerEngine {
  readonly host: string;
  private readonly docker: Docker;

  constructor(options: DockerodeEngineOptions) {
    this.host = options.host;
    this.docker = new (loadDockerode())(dockerodeOptions(options));
  }

  private fail(operation: string, e: unknown, registry = false): ShipshapeError {
    return engineError(this.host, operation, e, registry);
  }

  async ping(): Promise<void> {
    try {
      await this.docker.ping();
    } catch (e) {
      throw this.fail('ping', e);
    }
  }

  async listContainers(options: { all?: boolean } = {}): Promise<ContainerSummary[]> {
    let list: Docker.ContainerInfo[];
    try {
      list = await this.docker.listContainers({ all: options.all ?? false });
    } catch (e) {
      throw this.fail('list containers', e);
    }
    const out: ContainerSummary[] = [];
    for (const c of list) {
      // The list shows the image id instead of the name once the name points to another image.
      let image = c.Image;
      if (image === c.ImageID || image.startsWith('sha256:')) {
        try {
          image = (await this.inspectContainer(c.Id)).Config.Image;
        } catch (e) {
          if (statusOf((e as { cause?: unknown }).cause) === 404) continue; // removed meanwhile
          throw e;
        }
      }
      out.push({
        id: c.Id,
        name: (c.Names[0] ?? '').replace(/^\//, ''),
        image,
        imageId: c.ImageID,
        state: c.State,
        labels: c.Labels ?? {},
      });
    }
    return out;
  }

  async inspectContainer(idOrName: string): Promise<ContainerInspect> {
    try {
      // dockerode's ContainerInspectInfo is a subset of what the engine returns; the port keeps it whole.
      return (await this.docker.getContainer(idOrName).inspect()) as unknown as ContainerInspect;
    } catch (e) {
      throw this.fail(`inspect container ${idOrName}`, e);
    }
  }

  async containerState(idOrName: string): Promise<ContainerState> {
    return containerStateOf(await this.inspectContainer(idOrName));
  }

  async inspectImage(ref: string): Promise<ImageInfo | null> {
    const doc = await this.imageDoc(ref);
    return doc === null ? null : imageInfoOf(doc);
  }

  async listImages(): Promise<ImageSummary[]> {
    try {
      const list = await this.docker.listImages();
      return list.map((i) => ({
        id: i.Id,
        // "<none>:<none>" / "<none>@<none>" mark an untagged image in older engines.
        repoTags: (i.RepoTags ?? []).filter((t) => !t.startsWith('<none>')),
        repoDigests: (i.RepoDigests ?? []).filter((d) => !d.startsWith('<none>')),
      }));
    } catch (e) {
      throw this.fail('list images', e);
    }
  }

  private async imageDoc(ref: string): Promise<Record<string, unknown> | null> {
    try {
      return (await this.docker.getImage(ref).inspect()) as unknown as Record<string, unknown>;
    } catch (e) {
      if (statusOf(e) === 404) return null;
      throw this.fail(`inspect image ${ref}`, e);
    }
  }

  async pullImage(ref: string, auth?: RegistryAuth): Promise<void> {
    const { repository, tag } = splitPullRef(ref);
    const operation = `pull ${ref}`;
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.docker.createImage(auth ?? {}, {
        fromImage: repository,
        tag,
      });
    } catch (e) {
      throw this.fail(operation, e, true);
    }
    const failure = await new Promise<string | null>((resolve, reject) => {
      this.docker.modem.followProgress(
        stream,
        (err: Error | null, output: unknown[]) => {
          if (err) return reject(this.fail(operation, err, true));
          const failed = output.find(
            (o): o is { error: string } =>
              typeof o === 'object' && o !== null && typeof (o as { error?: unknown }).error === 'string',
          );
          resolve(failed?.error ?? null);
        },
        () => undefined,
      );
    });
    if (failure !== null)
      throw new ShipshapeError(
        registryErrorCode(failure) ?? 'IO_FAILED',
        `docker:${this.host}`,
        `${operation}: ${failure}`,
      );
  }

  async tagImage(source: string, repo: string, tag: string): Promise<void> {
    try {
      await this.docker.getImage(source).tag({ repo, tag });
    } catch (e) {
      throw this.fail(`tag ${source} as ${repo}:${tag}`, e);
    }
  }

  async removeImage(ref: string): Promise<void> {
    try {
      await this.docker.getImage(ref).remove();
    } catch (e) {
      throw this.fail(`remove image ${ref}`, e);
    }
  }

  async createFromInspect(source: ContainerInspect, overrides: CreateOverrides): Promise<string> {
    const operation = `create ${overrides.name} from ${containerName(source)}`;
    // What came from the old image is left out so that the new image's defaults apply.
    const imageDoc = await this.imageDoc(source.Image);
    const imageConfig =
      imageDoc === null ? null : ((imageDoc['Config'] as Record<string, unknown> | null) ?? {});
    const spec = buildCreateSpec(source, imageConfig, overrides);
    let id: string;
    try {
      const created = await this.docker.createContainer({
        _query: { name: spec.name },
        _body: spec.body,
      } as unknown as Docker.ContainerCreateOptions);
      id = created.id;
    } catch (e) {
      throw this.fail(operation, e);
    }
    try {
      for (const { network, endpoint } of spec.connect)
        await this.docker.getNetwork(network).connect({ Container: id, EndpointConfig: endpoint });
    } catch (e) {
      await this.docker
        .getContainer(id)
        .remove({ force: true, v: false })
        .catch(() => undefined);
      throw this.fail(`${operation}: connect networks`, e);
    }
    return id;
  }

  async start(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).start();
    } catch (e) {
      if (statusOf(e) === 304) return; // already started
      throw this.fail(`start ${id}`, e);
    }
  }

  async stop(id: string, timeoutSeconds?: number): Promise<void> {
    try {
      await this.docker.getContainer(id).stop(timeoutSeconds === undefined ? {} : { t: timeoutSeconds });
    } catch (e) {
      if (statusOf(e) === 304) return; // already stopped
      throw this.fail(`stop ${id}`, e);
    }
  }

  async rename(id: string, newName: string): Promise<void> {
    try {
      await this.docker.getContainer(id).rename({ name: newName });
    } catch (e) {
      throw this.fail(`rename ${id} to ${newName}`, e);
    }
  }

  async remove(id: string, options: { force?: boolean; volumes?: false } = {}): Promise<void> {
    try {
      // Volumes are never removed: they hold the data the next container needs.
      await this.docker.getContainer(id).remove({ force: options.force ?? false, v: false });
    } catch (e) {
      throw this.fail(`remove ${id}`, e);
    }
  }

  async exec(id: string, cmd: readonly string[], options: { timeoutMs?: number } = {}): Promise<ExecResult> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
    const operation = `exec ${JSON.stringify(cmd.join(' '))} in ${id}`;
    let exec: Docker.Exec;
    let stream: NodeJS.ReadWriteStream;
    try {
      exec = await this.docker
        .getContainer(id)
        .exec({ Cmd: [...cmd], AttachStdout: true, AttachStderr: true });
      stream = (await exec.start({ hijack: true, stdin: false })) as NodeJS.ReadWriteStream;
    } catch (e) {
      throw this.fail(operation, e);
    }
    const stdout = new Collector();
    const stderr = new Collector();
    this.docker.modem.demuxStream(stream, stdout, stderr);
    const ended = await new Promise<boolean>((resolve, reject) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      stream.once('end', done);
      stream.once('close', done);
      stream.once('error', (e) => {
        clearTimeout(timer);
        reject(this.fail(operation, e));
      });
    });
    if (!ended) {
      (stream as unknown as { destroy?: () => void }).destroy?.();
      // The engine has no way to kill an exec'd process; it keeps running in the container.
      throw new ShipshapeError(
        'IO_FAILED',
        `docker:${this.host}`,
        `${operation}: timed out after ${timeoutMs} ms`,
      );
    }
    let exitCode: number | null = null;
    // The stream can end a moment before the engine records the exit code.
    for (let attempt = 0; attempt < 50 && exitCode === null; attempt++) {
      try {
        const info = await exec.inspect();
        if (!info.Running && typeof info.ExitCode === 'number') exitCode = info.ExitCode;
      } catch (e) {
        throw this.fail(operation, e);
      }
      if (exitCode === null) await new Promise((r) => setTimeout(r, 20));
    }
    if (exitCode === null)
      throw new ShipshapeError('IO_FAILED', `docker:${this.host}`, `${operation}: no exit code reported`);
    return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
  }
}

/** "repo:tag", "repo@sha256:…", "repo:tag@sha256:…" (pulled by digest), "repo" (→ latest). */
export function splitPullRef(ref: string): { repository: string; tag: string } {
  const at = ref.indexOf('@');
  if (at >= 0) {
    const name = ref.slice(0, at);
    const slash = name.lastIndexOf('/');
    const colon = name.lastIndexOf(':');
    return { repository: colon > slash ? name.slice(0, colon) : name, tag: ref.slice(at + 1) };
  }
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > slash) return { repository: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  // Without a tag the engine would pull every tag.
  return { repository: ref, tag: 'latest' };
}

class Collector extends Writable {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    if (this.size < EXEC_OUTPUT_LIMIT) {
      const part = chunk.subarray(0, EXEC_OUTPUT_LIMIT - this.size);
      this.chunks.push(part);
      this.size += part.length;
    }
    callback();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
