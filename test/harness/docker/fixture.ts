/**
 * A ready Docker test bed: a plain-HTTP registry and a Basic-auth one on loopback, busybox images pushed to
 * them (then removed locally, so pulls really pull), a `docker` CLI helper and cleanup of everything made.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { startRegistry, type RunningRegistry } from '../registry-server.js';
import { importBusyboxImage, pushToRegistry } from './busybox-image.js';
import { DockerResources, testDocker, testPrefix } from './resources.js';

const run = promisify(execFile);

export interface PushedImage {
  /** "127.0.0.1:PORT/<prefix>/busybox" */
  readonly repository: string;
  readonly tag: string;
  /** repository:tag */
  readonly ref: string;
  readonly digest: string;
}

export interface DockerFixture {
  readonly docker: Docker;
  readonly resources: DockerResources;
  readonly prefix: string;
  readonly registry: RunningRegistry;
  readonly privateRegistry: RunningRegistry;
  /** Pushes a fresh busybox image (its /etc/marker says `marker`) as repository:tag to the plain registry. */
  push(
    name: string,
    tag: string,
    options?: { marker?: string; changes?: string[]; keepLocal?: boolean },
  ): Promise<PushedImage>;
  /** The same to the Basic-auth registry. */
  pushPrivate(name: string, tag: string): Promise<PushedImage>;
  /** Runs the docker CLI; returns stdout trimmed. */
  cli(...args: string[]): Promise<string>;
  cleanup(): Promise<void>;
}

export async function startDockerFixture(): Promise<DockerFixture> {
  const docker = testDocker();
  const prefix = testPrefix();
  const resources = new DockerResources(docker, prefix);
  const registry = await startRegistry();
  const privateRegistry = await startRegistry({ auth: 'basic' });
  const cli = async (...args: string[]): Promise<string> => (await run('docker', args)).stdout.trim();

  const pushTo = async (
    target: RunningRegistry,
    name: string,
    tag: string,
    options: { marker?: string; changes?: string[]; keepLocal?: boolean } = {},
  ): Promise<PushedImage> => {
    const repository = `${target.host}/${prefix}/${name}`;
    const ref = `${repository}:${tag}`;
    const id = await importBusyboxImage(docker, {
      ref,
      marker: options.marker ?? `${name}:${tag}:${Date.now()}`,
      ...(options.changes ? { changes: options.changes } : {}),
    });
    resources.trackImage(id);
    let digest: string;
    if (target.auth === 'none') digest = await pushToRegistry(docker, ref);
    else {
      const user = target.users[0]!;
      digest = await pushToRegistry(docker, ref, {
        username: user.username,
        password: user.password,
        serveraddress: target.host,
      });
    }
    if (!options.keepLocal) await docker.getImage(id).remove({ force: true });
    return { repository, tag, ref, digest };
  };

  return {
    docker,
    resources,
    prefix,
    registry,
    privateRegistry,
    push: (name, tag, options) => pushTo(registry, name, tag, options),
    pushPrivate: (name, tag) => pushTo(privateRegistry, name, tag),
    cli,
    cleanup: async () => {
      await resources.cleanup();
      await registry.stop();
      await privateRegistry.stop();
    },
  };
}
