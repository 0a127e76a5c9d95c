/** The ContainerEngine contract for the dockerode adapter, against the local dockerd. */
import { describe, it } from 'vitest';
import { DockerodeEngine } from '../../src/adapters/docker/index.js';
import { runContainerEngineContract } from '../contracts/container-engine.contract.js';
import {
  createTestNetwork,
  dockerSkipReason,
  startDockerFixture,
  DOCKER_SOCKET,
} from '../harness/docker/index.js';

const skip = dockerSkipReason();

if (skip !== null) {
  describe.skip(`ContainerEngine contract: dockerode (${skip})`, () => {
    it('needs a Docker engine', () => undefined);
  });
} else {
  runContainerEngineContract('dockerode over the local socket', async () => {
    const f = await startDockerFixture();
    const image = await f.push('app', 'v1');
    const image2 = await f.push('app', 'v2', { changes: ['CMD ["sleep","3600"]', 'ENV VERSION=2'] });
    const privateImage = await f.pushPrivate('secret', '1');
    const user = f.privateRegistry.users[0]!;
    return {
      engine: new DockerodeEngine({ host: 'local', url: `unix://${DOCKER_SOCKET}` }),
      prefix: f.prefix,
      image,
      image2,
      privateImage: {
        ...privateImage,
        auth: { username: user.username, password: user.password, serveraddress: f.privateRegistry.host },
      },
      missing: `${f.registry.host}/${f.prefix}/missing:1.0`,
      createContainer: async (name, args) => {
        const id = await f.cli('create', '--name', f.resources.name(name), ...args);
        await f.resources.trackVolumesOf(id);
        return id;
      },
      createNetwork: async (name) => createTestNetwork(f, name),
      createVolume: async (name) => {
        const volume = f.resources.name(name);
        await f.cli('volume', 'create', volume);
        return volume;
      },
      connect: async (network, container, args) => {
        await f.cli('network', 'connect', ...args, network, container);
      },
      cleanup: () => f.cleanup(),
    };
  });
}
