/** The SwarmEngine port over the Docker Engine API with dockerode (the same connection as the engine). */
import type Docker from 'dockerode';
import type { RegistryAuth } from '../../../ports/container-engine.js';
import type { ServiceInspect, SwarmEngine } from '../../../ports/swarm.js';
import { dockerodeOptions, loadDockerode, type EngineConnection } from '../engine/connection.js';
import { engineError, statusOf } from '../engine/errors.js';

export interface DockerodeSwarmOptions extends EngineConnection {
  readonly host: string;
}

export class DockerodeSwarm implements SwarmEngine {
  readonly host: string;
  private readonly docker: Docker;

  constructor(options: DockerodeSwarmOptions) {
    this.host = options.host;
    this.docker = new (loadDockerode())(dockerodeOptions(options));
  }

  async listServices(): Promise<string[]> {
    try {
      const list: unknown = await this.docker.listServices();
      return (list as { Spec?: { Name?: string } }[]).map((s) => s.Spec?.Name ?? '').filter(Boolean);
    } catch (e) {
      if (statusOf(e) === 503) return [];
      throw engineError(this.host, 'list services', e);
    }
  }

  async inspectService(idOrName: string): Promise<ServiceInspect | null> {
    try {
      const doc: unknown = await this.docker.getService(idOrName).inspect();
      return doc as ServiceInspect;
    } catch (e) {
      // 404: no such service; 503: this engine is not a Swarm manager (so it has no services).
      const status = statusOf(e);
      if (status === 404 || status === 503) return null;
      throw engineError(this.host, `inspect service ${idOrName}`, e);
    }
  }

  async updateService(
    id: string,
    version: number,
    spec: Readonly<Record<string, unknown>>,
    auth?: RegistryAuth,
  ): Promise<void> {
    try {
      // dockerode's types miss update(auth, options); `version` goes in the query, the spec is the body.
      const service = this.docker.getService(id) as unknown as {
        update(auth: object, options: object): Promise<unknown>;
      };
      await service.update(auth ?? {}, { _query: { version }, _body: spec });
    } catch (e) {
      throw engineError(this.host, `update service ${id}`, e, true);
    }
  }
}
