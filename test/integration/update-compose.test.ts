/**
 * A compose-managed container (labels as `docker compose up` sets them; the compose CLI is not needed):
 * after the update its compose file names the new image — byte for byte elsewhere, with a backup —
 * so that the next `docker compose up` does not revert it. A rolled-back update leaves the file alone.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runUpdate } from '../../src/app/update.js';
import {
  buildCandidates,
  type BuiltCandidate,
  type CandidateKind,
} from '../harness/docker-images/candidates.js';
import { DockerResources, dockerSkipReason, testDocker, testPrefix } from '../harness/docker/index.js';
import { startRegistry, type RunningRegistry } from '../harness/registry-server.js';
import { docker, request, rolloutHarness, type Harness, cleanupRollout } from './update-fixtures.js';

const skip = dockerSkipReason();

describe.skipIf(skip !== null)('update of compose services (real engine)', () => {
  const res = new DockerResources(testDocker(), testPrefix());
  let registry: RunningRegistry;
  let images: Record<CandidateKind, BuiltCandidate>;
  let h: Harness;
  let project: string;
  let file: string;
  let original: string;

  /** What compose would have created for `service`. */
  function up(service: string, image: string): string {
    const name = res.name(service);
    // prettier-ignore
    docker('run', '-d', '-q', '--name', name, '--stop-timeout', '1',
      '--label', 'shipshape.stable=1s',
      '--label', `com.docker.compose.project=${res.prefix}`,
      '--label', `com.docker.compose.service=${service}`,
      '--label', `com.docker.compose.project.working_dir=${project}`,
      '--label', `com.docker.compose.project.config_files=${file}`,
      image);
    return name;
  }

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'none' });
    images = await buildCandidates(res.docker, registry.host, `${res.prefix}/app`, [
      'base',
      'good2',
      'exits',
    ]);
    for (const i of Object.values(images)) res.trackImage(i.ref);
    project = mkdtempSync(join(tmpdir(), 'shipshape-compose-'));
    file = join(project, 'compose.yaml');
    original = [
      '# the stack',
      'services:',
      '  web:',
      `    image: "${images.base.ref}"   # pinned by ops`,
      '    restart: unless-stopped',
      '  pinned:',
      `    image: ${images.base.ref}@${images.base.digest}`,
      '  other:',
      `    image: ${images.base.ref}`,
      '',
    ].join('\r\n');
    writeFileSync(file, original);
    h = rolloutHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await cleanupRollout(res);
    await registry?.stop();
    rmSync(project, { recursive: true, force: true });
  }, 60_000);

  it('rewrites the service image in the compose file, keeping a backup', async () => {
    const web = up('web', images.base.ref);
    const pinned = up('pinned', `${images.base.ref}@${images.base.digest}`);

    const report = await runUpdate(h.deps, request({ names: [web, pinned], to: images.good2.ref }));
    expect(report.results.map((r) => [r.status, r.reason])).toEqual([
      ['updated', null],
      ['updated', null],
    ]);
    expect(report.results[0]!.steps.at(-1)).toMatchObject({ step: 'compose-file', ok: true });

    const expected = original
      .replace(`image: "${images.base.ref}"`, `image: "${images.good2.ref}"`)
      .replace(`${images.base.ref}@${images.base.digest}`, `${images.good2.ref}@${images.good2.digest}`);
    expect(readFileSync(file, 'utf8')).toBe(expected);
    // The backup holds the file as it was before the last rewrite (the second container's).
    expect(readFileSync(`${file}.shipshape.bak`, 'utf8')).toBe(
      original.replace(`image: "${images.base.ref}"`, `image: "${images.good2.ref}"`),
    );
  });

  it('leaves the file alone when the update is rolled back', async () => {
    const other = up('other', images.base.ref);
    const before = readFileSync(file, 'utf8');
    rmSync(`${file}.shipshape.bak`);
    const report = await runUpdate(h.deps, request({ names: [other], to: images.exits.ref }));
    expect(report.results[0]!.status).toBe('rolled-back');
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(existsSync(`${file}.shipshape.bak`)).toBe(false);
  });
});
