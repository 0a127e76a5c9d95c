import { describe, expect, it } from 'vitest';
import type {
  ContainerEngine,
  ContainerSummary,
  ImageInfo,
  ImageSummary,
} from '../../ports/container-engine.js';
import { ContainerSource } from './container-source.js';

const digest = (c: string): string => `sha256:${c.repeat(64)}`;
const imageId = (c: string): string => `sha256:${c.repeat(64)}`;

const container = (name: string, image: string, id: string): ContainerSummary => ({
  id: `${name}-id`,
  name,
  image,
  imageId: id,
  state: 'running',
  labels: {},
});

/** Only what discovery calls; anything else fails the test. */
function engine(
  containers: ContainerSummary[],
  listed: ImageSummary[],
  inspectable: Record<string, ImageInfo>,
): { engine: ContainerEngine; inspected: string[] } {
  const inspected: string[] = [];
  const e = {
    host: 'edge',
    listContainers: async () => containers,
    listImages: async () => listed,
    inspectImage: async (ref: string) => {
      inspected.push(ref);
      return inspectable[ref] ?? null;
    },
  };
  return { engine: e as unknown as ContainerEngine, inspected };
}

describe('ContainerSource', () => {
  it('takes running digests from the image list; inspects only an image the list missed', async () => {
    const { engine: e, inspected } = engine(
      [
        container('web', 'reg.example/team/web:1.0.0', imageId('1')),
        container('api', 'reg.example/team/api:2.0.0', imageId('2')),
        container('api-2', 'reg.example/team/api:2.0.0', imageId('2')),
        container('gone', 'reg.example/team/gone:1', imageId('3')),
      ],
      [{ id: imageId('1'), repoTags: [], repoDigests: [`reg.example/team/web@${digest('a')}`] }],
      {
        [imageId('2')]: {
          id: imageId('2'),
          repoTags: [],
          repoDigests: [`reg.example/team/api@${digest('b')}`],
          created: null,
          healthcheck: false,
          os: 'linux',
          architecture: 'amd64',
        },
      },
    );
    const { inputs } = await new ContainerSource([e]).discover();
    expect(inputs.map((i) => [i.container, i.host, i.runningDigest])).toEqual([
      ['api', 'edge', digest('b')],
      ['api-2', 'edge', digest('b')],
      ['gone', 'edge', null],
      ['web', 'edge', digest('a')],
    ]);
    expect(inspected.sort()).toEqual([imageId('2'), imageId('3')]);
  });
});
