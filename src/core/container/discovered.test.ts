import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContainerInspect, ContainerSummary, ImageInfo } from '../../ports/container-engine.js';
import { containerPlanInput, describeContainer } from './discovered.js';

const full = (
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'full.json'), 'utf8')) as {
    container: ContainerInspect;
  }
).container;
const D = `sha256:${'c'.repeat(64)}`;

/** The list entry of the fixture container, as the engine's container list gives it. */
const summary = (image: string, labels: Record<string, string> = {}): ContainerSummary => ({
  id: full.Id,
  name: 'web',
  image,
  imageId: full.Image,
  state: 'running',
  labels,
});
const imageInfo = (repoDigests: string[]): ImageInfo => ({
  id: full.Image,
  repoTags: [],
  repoDigests,
  created: null,
  healthcheck: false,
  os: 'linux',
  architecture: 'amd64',
});

describe('describeContainer → containerPlanInput', () => {
  it('a container with labels: running digest, compose, overrides', () => {
    const c = describeContainer(
      'edge-1',
      summary('registry.example/team/api:latest', {
        'shipshape.update': 'patch',
        'com.docker.compose.project': 'shop',
        'com.docker.compose.service': 'api',
      }),
      imageInfo([`registry.example/team/api@${D}`, `other.example/x@sha256:${'d'.repeat(64)}`]),
    );
    expect(c).toMatchObject({
      host: 'edge-1',
      id: full.Id,
      name: 'web',
      image: 'registry.example/team/api:latest',
      imageId: full.Image,
      runningDigest: D,
      state: 'running',
      compose: { project: 'shop', service: 'api' },
      labelErrors: [],
      skip: null,
    });
    expect(containerPlanInput(c)).toEqual({
      kind: 'container',
      image: 'registry.example/team/api:latest',
      file: null,
      line: null,
      column: null,
      container: 'web',
      host: 'edge-1',
      runningDigest: D,
      overrides: {
        settings: { updateTypes: ['patch', 'digest'] },
        sources: { updateTypes: 'label shipshape.update=patch' },
      },
    });
  });

  it('bad labels become the input’s error; no labels, no overrides', () => {
    const bad = containerPlanInput(
      describeContainer(
        'local',
        summary('nginx:1.27', { 'shipshape.update': 'mjaor', 'shipshape.stable': 'x' }),
        null,
      ),
    );
    expect(bad.error).toBe(
      'label shipshape.update: invalid value "mjaor"; expected patch, minor, major, digest or none; label shipshape.stable: invalid duration "x"; expected a whole number followed by ms, s, m, h, d or w, e.g. "3d", "12h", "1h30m"',
    );
    expect(bad.runningDigest).toBeNull();
    expect(
      containerPlanInput(describeContainer('local', summary('nginx:1.27'), imageInfo([]))),
    ).not.toHaveProperty('overrides');
  });

  it('a container started from an image id is skipped with the reason', () => {
    const c = describeContainer('local', summary(full.Image), imageInfo([`x@${D}`]));
    expect(c.runningDigest).toBeNull();
    expect(containerPlanInput(c).skip).toBe(
      `started from image id ${full.Image}, not a name: no repository to check`,
    );
  });

  it('opt-in mode disables unlabelled containers through an override', () => {
    const input = containerPlanInput(
      describeContainer('local', summary('nginx:1.27'), null, { optIn: true }),
    );
    expect(input.overrides).toEqual({
      settings: { enabled: false },
      sources: { enabled: 'docker.labelsOptIn (no shipshape.enable=true label)' },
    });
  });
});
