import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ContainerInspect } from '../../ports/container-engine.js';
import {
  composeInfo,
  containerName,
  containerStateOf,
  imageInfoOf,
  runningDigest,
  startedFromImageId,
} from './inspect.js';

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'full.json'), 'utf8')) as {
  container: ContainerInspect;
  image: Record<string, unknown>;
};
const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

describe('inspect readers', () => {
  it('names and compose labels', () => {
    expect(containerName({ Name: '/web' })).toBe('web');
    expect(composeInfo({ 'com.docker.compose.project': 'p', 'com.docker.compose.service': 's' })).toEqual({
      project: 'p',
      service: 's',
    });
    expect(composeInfo({ 'com.docker.compose.project': 'p' })).toBeNull();
  });

  it('runningDigest: the RepoDigests entry for the same repository, Docker Hub spellings included', () => {
    const digests = [`127.0.0.1:5000/team/app@${D1}`, `nginx@${D2}`];
    expect(runningDigest('127.0.0.1:5000/team/app:latest', digests)).toBe(D1);
    expect(runningDigest('docker.io/library/nginx:1.27', digests)).toBe(D2);
    expect(runningDigest('127.0.0.1:5000/team/other:1', digests)).toBeNull();
    expect(runningDigest('127.0.0.1:5000/team/app:latest', [])).toBeNull();
    expect(
      runningDigest(`127.0.0.1:5000/team/app@${D2}`, [
        `127.0.0.1:5000/team/app@${D1}`,
        `127.0.0.1:5000/team/app@${D2}`,
      ]),
    ).toBe(D2);
  });

  it('startedFromImageId: sha256:…, a full or short id of its own image; not a name', () => {
    const id = `sha256:${'ab'.repeat(32)}`;
    expect(startedFromImageId(id, id)).toBe(true);
    expect(startedFromImageId('abababababab', id)).toBe(true);
    expect(startedFromImageId('ab'.repeat(32), id)).toBe(true);
    expect(startedFromImageId('abab', id)).toBe(false);
    expect(startedFromImageId('nginx:1.27', id)).toBe(false);
    expect(startedFromImageId('deadbeefdead', id)).toBe(false);
  });

  it('containerStateOf maps State, Health, RestartCount and OOMKilled', () => {
    expect(containerStateOf(fixture.container)).toEqual({
      status: 'created',
      running: false,
      restarting: false,
      exitCode: 0,
      oomKilled: false,
      health: 'none',
      restartCount: 0,
      startedAt: null,
    });
    const running = {
      ...fixture.container,
      RestartCount: 3,
      State: {
        Status: 'running',
        Running: true,
        Restarting: false,
        OOMKilled: true,
        ExitCode: 137,
        StartedAt: '2026-01-02T03:04:05.123Z',
        Health: { Status: 'unhealthy', FailingStreak: 3 },
      },
    };
    expect(containerStateOf(running)).toEqual({
      status: 'running',
      running: true,
      restarting: false,
      exitCode: 137,
      oomKilled: true,
      health: 'unhealthy',
      restartCount: 3,
      startedAt: '2026-01-02T03:04:05.123Z',
    });
  });

  it('imageInfoOf reads an image inspect document', () => {
    const info = imageInfoOf(fixture.image);
    expect(info.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(info.repoTags).toEqual([fixture.container.Config.Image]);
    expect(info.repoDigests).toEqual([]);
    expect(info.healthcheck).toBe(false);
    expect(info).toMatchObject({ os: 'linux', architecture: 'amd64' });
    const withCheck = imageInfoOf({ ...fixture.image, Config: { Healthcheck: { Test: ['CMD', 'true'] } } });
    expect(withCheck.healthcheck).toBe(true);
    expect(imageInfoOf({ Config: { Healthcheck: { Test: ['NONE'] } } }).healthcheck).toBe(false);
  });
});
