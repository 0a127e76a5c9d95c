/**
 * Docker hosts other than the local socket: TCP and TCP with TLS client certificates (as
 * `dockerd --tlsverify`), through a loopback proxy in front of the local engine; several named hosts
 * from the config checked by one run; DOCKER_HOST with DOCKER_TLS_VERIFY/DOCKER_CERT_PATH.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerodeEngine } from '../../src/adapters/docker/index.js';
import { runCliCaptured } from '../harness/cli.js';
import { isShipshapeError } from '../../src/core/errors.js';
import type { CheckReport } from '../../src/core/plan/report.js';
import {
  DockerResources,
  dockerSkipReason,
  importBusyboxImage,
  makeTlsFiles,
  removeTlsFiles,
  startEngineProxy,
  testDocker,
  testPrefix,
  type EngineProxy,
  type TlsFiles,
} from '../harness/docker/index.js';
import { parseReport } from '../harness/schemas.js';

const skip = dockerSkipReason();

async function cli(root: string, argv: string[], env: Record<string, string> = {}) {
  return runCliCaptured(argv, { cwd: root, extraEnv: { ...env } });
}

describe.skipIf(skip !== null)(`Docker hosts over TCP and TLS${skip ? ` (${skip})` : ''}`, () => {
  const resources = new DockerResources(testDocker(), testPrefix());
  let tls: TlsFiles;
  let secure: EngineProxy;
  let plain: EngineProxy;
  let root: string;
  const container = resources.name('sleeper');

  beforeAll(async () => {
    tls = await makeTlsFiles();
    secure = await startEngineProxy(tls);
    plain = await startEngineProxy();
    root = mkdtempSync(join(tmpdir(), 'shipshape-docker-hosts-'));
    const image = `${resources.prefix}/sleeper:1.0`;
    await importBusyboxImage(resources.docker, { ref: image });
    resources.trackImage(image);
    const c = await resources.docker.createContainer({
      name: container,
      Image: image,
      Cmd: ['sleep', '600'],
    });
    await c.start();
  }, 60_000);

  afterAll(async () => {
    await resources.cleanup();
    await secure?.stop();
    await plain?.stop();
    if (tls) removeTlsFiles(tls);
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const pem = (path: string): string => readFileSync(path, 'utf8');

  it('talks TLS with a client certificate', async () => {
    const engine = new DockerodeEngine({
      host: 'edge',
      url: secure.url,
      tls: { ca: pem(tls.ca), cert: pem(tls.clientCert), key: pem(tls.clientKey) },
    });
    await engine.ping();
    const listed = await engine.listContainers();
    expect(listed.find((c) => c.name === container)).toMatchObject({ state: 'running' });
    expect((await engine.containerState(container)).running).toBe(true);
    expect(await engine.exec(container, ['cat', '/etc/marker'])).toEqual({
      exitCode: 0,
      stdout: `${resources.prefix}/sleeper:1.0\n`,
      stderr: '',
    });
  });

  it('fails, typed and named by host, with a certificate the engine does not trust or an engine it does not', async () => {
    const stranger = new DockerodeEngine({
      host: 'edge',
      url: secure.url,
      tls: { ca: pem(tls.ca), cert: pem(tls.strangerCert), key: pem(tls.strangerKey) },
    });
    const refused = await stranger.ping().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isShipshapeError(refused)).toBe(true);
    expect((refused as Error).message).toMatch(/^\[docker:edge\] ping: /);

    const distrusting = new DockerodeEngine({
      host: 'edge',
      url: secure.url,
      tls: { ca: pem(tls.otherCa), cert: pem(tls.clientCert), key: pem(tls.clientKey) },
    });
    const untrusted = await distrusting.ping().then(
      () => null,
      (e: unknown) => e,
    );
    expect(isShipshapeError(untrusted)).toBe(true);
    expect((untrusted as Error).message).toMatch(/^\[docker:edge\] ping: .*certificate/i);

    const plainToTls = new DockerodeEngine({ host: 'edge', url: secure.url });
    await expect(plainToTls.ping()).rejects.toThrow(/^\[docker:edge\] /);
  });

  it('checks several named hosts from the config in one run', async () => {
    mkdirSync(join(root, 'certs'), { recursive: true });
    for (const [from, to] of [
      [tls.ca, 'ca.pem'],
      [tls.clientCert, 'cert.pem'],
      [tls.clientKey, 'key.pem'],
    ] as const)
      copyFileSync(from, join(root, 'certs', to));
    writeFileSync(
      join(root, 'shipshape.yaml'),
      [
        'docker:',
        '  hosts:',
        '    local: { url: "unix:///var/run/docker.sock" }',
        `    edge: { url: "${secure.url}", tls: { ca: certs/ca.pem, cert: certs/cert.pem, key: certs/key.pem } }`,
        `    lab: { url: "${plain.url}" }`,
        '',
      ].join('\n'),
    );
    try {
      const { code, stdout, stderr } = await cli(root, [
        'check',
        '--docker',
        '--format',
        'json',
        '--no-store',
      ]);
      expect(stderr).toMatch(/docker\.hosts\.lab\.url: plain TCP/);
      const report = parseReport<CheckReport>('check-report', stdout);
      expect(report.references.filter((r) => r.container === container).map((r) => r.host)).toEqual([
        'local',
        'edge',
        'lab',
      ]);
      expect(code).not.toBe(2);

      rmSync(join(root, 'certs', 'key.pem'));
      const missing = await cli(root, ['check', '--docker', '--host', 'edge', '--no-store']);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(
        /^error: \[config\] docker\.hosts\.edge\.tls\.key: cannot read .*key\.pem/m,
      );
    } finally {
      rmSync(join(root, 'shipshape.yaml'));
    }
  });

  it('without docker.hosts, uses DOCKER_HOST (with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH) as "local"', async () => {
    const certDir = join(root, 'docker-certs');
    mkdirSync(certDir, { recursive: true });
    copyFileSync(tls.ca, join(certDir, 'ca.pem'));
    copyFileSync(tls.clientCert, join(certDir, 'cert.pem'));
    copyFileSync(tls.clientKey, join(certDir, 'key.pem'));
    const viaTls = await cli(root, ['check', '--docker', '--format', 'json', '--no-store'], {
      DOCKER_HOST: secure.url,
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: certDir,
    });
    const report = parseReport<CheckReport>('check-report', viaTls.stdout);
    expect(report.references.find((r) => r.container === container)?.host).toBe('local');
    const viaTcp = await cli(root, ['check', '--docker', '--format', 'json', '--no-store'], {
      DOCKER_HOST: plain.url,
    });
    expect(
      parseReport<CheckReport>('check-report', viaTcp.stdout).references.some(
        (r) => r.container === container,
      ),
    ).toBe(true);
  });
});
