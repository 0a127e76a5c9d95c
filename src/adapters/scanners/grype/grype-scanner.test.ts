import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ScanTarget } from '../../../ports/scanner.js';
import { fakeTool, type FakeTool } from '../testing/fake-tool.js';
import { GrypeScanner } from './grype-scanner.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../../../test/fixtures/scanners/${name}`, import.meta.url));

let tool: FakeTool | undefined;
afterEach(() => tool?.remove());

describe('GrypeScanner over a grype program on PATH', () => {
  const target: ScanTarget = {
    repo: { registry: 'localhost:5000', repository: 'team/app' },
    reference: '2.0',
    platform: { os: 'linux', architecture: 'amd64' },
  };

  it('runs `grype registry:IMAGE -o json` with registry settings in its environment', async () => {
    tool = fakeTool('grype', { 'registry:localhost:5000/team/app:2.0': fixture('grype-debian-new.json') });
    const scanner = new GrypeScanner({
      env: { PATH: tool.path, GRYPE_DB_AUTO_UPDATE: 'false' },
      insecure: () => true,
    });
    const result = await scanner.scan(target);
    expect(tool.args()).toEqual([
      'registry:localhost:5000/team/app:2.0',
      '-o',
      'json',
      '--quiet',
      '--platform',
      'linux/amd64',
    ]);
    expect(tool.env()).toEqual([
      'GRYPE_CHECK_FOR_APP_UPDATE=false',
      'GRYPE_DB_AUTO_UPDATE=false',
      'GRYPE_REGISTRY_INSECURE_SKIP_TLS_VERIFY=true',
      'GRYPE_REGISTRY_INSECURE_USE_HTTP=true',
    ]);
    expect(result.scanner).toBe('grype');
    expect(result.inventory.imageDigest).toBe('sha256:' + '2'.repeat(64));
    expect(
      result.findings.map((f) => `${f.id} ${f.package.name}@${f.package.version} ${f.severity}`).sort(),
    ).toEqual([
      'CVE-2010-0928 libssl3@3.0.13-1~deb12u1 low',
      'CVE-2023-45853 zlib1g@1:1.2.13.dfsg-1 critical',
      'CVE-2024-0727 libssl3@3.0.13-1~deb12u1 medium',
      'CVE-2024-0727 openssl@3.0.13-1~deb12u1 medium',
      'CVE-2024-24790 stdlib@go1.21.5 critical',
      'GHSA-9wx4-h78v-vm56 requests@2.31.0 medium',
    ]);
  });

  it('pinned: scans the digest without --platform; secure registries get no insecure settings', async () => {
    const digest = 'sha256:' + '3'.repeat(64);
    tool = fakeTool('grype', { [digest]: fixture('grype-debian-new.json') });
    const scanner = new GrypeScanner({ env: { PATH: tool.path }, pin: async () => digest });
    const result = await scanner.scan(target);
    expect(tool.args()).toEqual([`registry:localhost:5000/team/app@${digest}`, '-o', 'json', '--quiet']);
    expect(tool.env()).toEqual(['GRYPE_CHECK_FOR_APP_UPDATE=false']);
    expect(result.inventory.imageDigest).toBe(digest);
  });
});
