/**
 * `shipshape check --docker` end to end, in-process through runCli, against the local dockerd and a real
 * registry: the same JSON document as the files check, with container and host; latest-tag digest drift;
 * label policy; bad labels reported per container.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../harness/cli.js';
import type { CheckReport, ReportReference } from '../../src/core/plan/report.js';
import {
  DOCKER_SOCKET,
  dockerSkipReason,
  importBusyboxImage,
  startDockerFixture,
  type DockerFixture,
  type PushedImage,
} from '../harness/docker/index.js';
import { parseReport } from '../harness/schemas.js';

const skip = dockerSkipReason();

async function cli(root: string, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCliCaptured(argv, { cwd: root });
}

describe.skipIf(skip !== null)(`shipshape check --docker${skip ? ` (${skip})` : ''}`, () => {
  let f: DockerFixture;
  let root: string;
  let latest1: PushedImage;
  let latest2: PushedImage;
  let web: PushedImage;
  let localId: string;
  const name = (suffix: string): string => f.resources.name(suffix);

  /** Pulls by digest, tags it as the container's reference, runs a sleeping container. */
  async function runFrom(
    image: PushedImage,
    container: string,
    labels: Record<string, string> = {},
  ): Promise<void> {
    const byDigest = `${image.repository}@${image.digest}`;
    await f.cli('pull', '-q', byDigest);
    await f.cli('tag', byDigest, image.ref);
    const labelArgs = Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
    await f.cli('run', '-d', '--name', name(container), ...labelArgs, image.ref, 'sleep', '600');
  }

  /** This test's containers only: other tests may run containers on the same engine. */
  function ours(report: CheckReport): Map<string, ReportReference> {
    return new Map(
      report.references
        .filter((r) => r.container?.startsWith(f.prefix) === true)
        .map((r) => [r.container!.slice(f.prefix.length + 1), r]),
    );
  }

  beforeAll(async () => {
    f = await startDockerFixture();
    root = mkdtempSync(join(tmpdir(), 'shipshape-docker-check-'));
    latest1 = await f.push('app', 'latest', { marker: 'app v1' });
    web = await f.push('web', '1.0.0');
    await f.push('web', '1.0.1');
    await f.push('web', '2.0.0');
    await runFrom(latest1, 'latest');
    await runFrom(web, 'web', { 'shipshape.update': 'patch', 'com.docker.compose.project': 'shop' });
    await runFrom(web, 'bad', { 'shipshape.update': 'mjaor', 'shipshape.stable': '30 sec' });
    await runFrom(web, 'off', { 'shipshape.enable': 'false' });
    // Drift: a new image is pushed under the tag the container runs.
    latest2 = await f.push('app', 'latest', { marker: 'app v2' });
    // Never pushed: no running digest to compare.
    const local = `${f.prefix}/local:latest`;
    localId = await importBusyboxImage(f.docker, { ref: local });
    f.resources.trackImage(local);
    await f.cli('run', '-d', '--name', name('local'), local);
    await f.cli('run', '-d', '--name', name('by-id'), localId.slice(7, 19));
    await f.cli('create', '--name', name('stopped'), latest1.ref);
    for (const img of [latest1, web]) f.resources.trackImage(`${img.repository}@${img.digest}`);
  }, 120_000);

  afterAll(async () => {
    await f?.cleanup();
    if (root) rmSync(root, { recursive: true, force: true });
  }, 120_000);

  it('reports every running container in the check report, with its running digest', async () => {
    const { code, stdout, stderr } = await cli(root, ['check', '--docker', '--format', 'json', '--no-store']);
    expect(stderr).toBe('');
    expect(code).toBe(3); // the container with bad labels is an error
    const report = parseReport<CheckReport>('check-report', stdout);
    expect(report.schemaVersion).toBe(1);
    const refs = ours(report);
    expect([...refs.keys()].sort()).toEqual(['bad', 'by-id', 'latest', 'local', 'off', 'web']);

    expect(refs.get('latest')).toEqual({
      file: null,
      line: null,
      column: null,
      kind: 'container',
      image: latest1.ref,
      registry: f.registry.host,
      repository: `${f.prefix}/app`,
      tag: 'latest',
      digest: latest1.digest,
      status: 'update-available',
      updates: [{ type: 'digest', tag: 'latest', digest: latest2.digest, reasons: [] }],
      error: null,
      container: name('latest'),
      host: 'local',
    });

    const webRef = refs.get('web')!;
    expect(webRef).toMatchObject({
      status: 'update-available',
      digest: web.digest,
      tag: '1.0.0',
      host: 'local',
    });
    // A new tag's digest is not looked up for a container (update resolves the one it pulls).
    expect(webRef.updates).toEqual([{ type: 'patch', tag: '1.0.1', digest: null, reasons: [] }]);
    expect(webRef.held).toEqual([
      {
        type: 'major',
        tag: '2.0.0',
        digest: null,
        reasons: ['update type major not allowed by label shipshape.update=patch'],
      },
    ]);

    expect(refs.get('bad')).toMatchObject({
      status: 'error',
      updates: [],
      digest: web.digest,
      error:
        'label shipshape.update: invalid value "mjaor"; expected patch, minor, major, digest or none; label shipshape.stable: invalid duration "30 sec"; expected a whole number followed by ms, s, m, h, d or w, e.g. "3d", "12h", "1h30m"',
    });
    expect(refs.get('off')).toMatchObject({
      status: 'skipped',
      skipReason: 'disabled by label shipshape.enable=false',
    });
    expect(refs.get('local')).toMatchObject({
      status: 'skipped',
      digest: null,
      skipReason:
        'tag "latest" is not a version and the running digest is unknown (the image was not pulled from a registry)',
    });
    expect(refs.get('by-id')).toMatchObject({
      status: 'skipped',
      registry: null,
      skipReason: `started from image id ${localId.slice(7, 19)}, not a name: no repository to check`,
    });
  });

  it('checks files and containers together; the table names host/container', async () => {
    writeFileSync(join(root, 'Dockerfile'), `FROM ${web.ref}\n`);
    const { stdout } = await cli(root, ['check', '.', '--docker', '--format', 'json', '--no-store']);
    const report = parseReport<CheckReport>('check-report', stdout);
    expect(report.references.filter((r) => r.kind === 'dockerfile')).toMatchObject([
      { file: 'Dockerfile', line: 1, image: web.ref, status: 'update-available' },
    ]);
    expect(ours(report).size).toBe(6);
    const table = await cli(root, ['check', '--docker', '--no-store']);
    expect(table.stdout).toContain('containers on local');
    expect(table.stdout).toContain(`local/${name('latest')}`);
    // Without --docker nothing is asked of the engine.
    const files = parseReport<CheckReport>(
      'check-report',
      (await cli(root, ['check', '.', '--format', 'json', '--no-store'])).stdout,
    );
    expect(files.references.map((r) => r.kind)).toEqual(['dockerfile']);
  });

  it('checks named hosts from the config; --host picks some; labelsOptIn', async () => {
    writeFileSync(
      join(root, 'shipshape.yaml'),
      `docker:\n  labelsOptIn: true\n  hosts:\n    a: { url: "unix://${DOCKER_SOCKET}" }\n    b: { url: "unix://${DOCKER_SOCKET}" }\n`,
    );
    try {
      const both = parseReport<CheckReport>(
        'check-report',
        (await cli(root, ['check', '--docker', '--format', 'json', '--no-store'])).stdout,
      );
      const latest = both.references.filter((r) => r.container === name('latest'));
      expect(latest.map((r) => r.host)).toEqual(['a', 'b']);
      // Opt-in: only shipshape.enable=true would be checked.
      expect(latest[0]).toMatchObject({
        status: 'skipped',
        skipReason: 'disabled by docker.labelsOptIn (no shipshape.enable=true label)',
      });
      const onlyB = parseReport<CheckReport>(
        'check-report',
        (await cli(root, ['check', '--docker', '--host', 'b', '--format', 'json', '--no-store'])).stdout,
      );
      expect(new Set(onlyB.references.map((r) => r.host))).toEqual(new Set(['b']));
      const unknown = await cli(root, ['check', '--docker', '--host', 'nope', '--no-store']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toBe(
        'error: no Docker host "nope"; configured: a, b (docker.hosts in shipshape.yaml)\n',
      );
      const noDocker = await cli(root, ['check', '--host', 'a', '--no-store']);
      expect(noDocker).toMatchObject({ code: 2, stderr: 'error: --host needs --docker\n' });
    } finally {
      rmSync(join(root, 'shipshape.yaml'));
    }
  });

  it('an unreachable engine is an error naming the host', async () => {
    writeFileSync(
      join(root, 'shipshape.yaml'),
      `docker:\n  hosts:\n    gone: { url: "unix://${root}/nope.sock" }\n`,
    );
    try {
      const { code, stderr } = await cli(root, ['check', '--docker', '--no-store']);
      expect(code).toBe(3);
      expect(stderr).toMatch(/^error: \[docker:gone\] list containers: cannot reach the engine/);
    } finally {
      rmSync(join(root, 'shipshape.yaml'));
    }
  });
});
