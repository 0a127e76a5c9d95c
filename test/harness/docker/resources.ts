/**
 * Docker availability and cleanup for integration tests: every test names what it creates with a unique
 * `shipshape-test-<random>` prefix, and `cleanup()` removes every container, network, volume and image
 * carrying that prefix (or tracked explicitly), even when a test failed half-way.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import Docker from 'dockerode';

export const DOCKER_SOCKET = '/var/run/docker.sock';

/** Why Docker tests cannot run here, or null. Only an absent socket skips: CI starts dockerd. */
export function dockerSkipReason(): string | null {
  return existsSync(DOCKER_SOCKET)
    ? null
    : `Docker socket ${DOCKER_SOCKET} is absent: start dockerd to run the Docker integration tests`;
}

export function testDocker(): Docker {
  return new Docker({ socketPath: DOCKER_SOCKET });
}

export function testPrefix(): string {
  return `shipshape-test-${randomBytes(4).toString('hex')}`;
}

export class DockerResources {
  private readonly images = new Set<string>();
  private readonly volumes = new Set<string>();

  constructor(
    readonly docker: Docker,
    readonly prefix: string,
  ) {}

  /** A name under this test's prefix. */
  name(suffix: string): string {
    return `${this.prefix}-${suffix}`;
  }

  /** Anonymous volumes have random names: track them (from a container's Mounts) to remove them. */
  trackVolume(name: string): void {
    this.volumes.add(name);
  }

  /** Tracks the volumes a container mounts that are not named under the prefix (anonymous ones). */
  async trackVolumesOf(containerId: string): Promise<void> {
    const info = await this.docker.getContainer(containerId).inspect();
    for (const m of info.Mounts) if (m.Type === 'volume' && m.Name) this.volumes.add(m.Name);
  }

  /** Images are named by registry host, so they are tracked by reference (or id). */
  trackImage(ref: string): void {
    this.images.add(ref);
  }

  async cleanup(): Promise<void> {
    const { docker, prefix } = this;
    const containers = await docker.listContainers({ all: true });
    for (const c of containers) {
      if (!c.Names.some((n) => n.replace(/^\//, '').startsWith(prefix))) continue;
      await docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined);
    }
    for (const n of await docker.listNetworks()) {
      if (n.Name.startsWith(prefix))
        await docker
          .getNetwork(n.Id)
          .remove()
          .catch(() => undefined);
    }
    const { Volumes } = await docker.listVolumes();
    for (const v of Volumes ?? []) {
      if (v.Name.startsWith(prefix) || this.volumes.has(v.Name))
        await docker
          .getVolume(v.Name)
          .remove()
          .catch(() => undefined);
    }
    for (const img of await docker.listImages()) {
      const named = (img.RepoTags ?? []).some((t) => t.includes(prefix));
      if (named) this.images.add(img.Id);
    }
    for (const ref of this.images) {
      await docker
        .getImage(ref)
        .remove({ force: true })
        .catch(() => undefined);
    }
    this.images.clear();
  }
}
