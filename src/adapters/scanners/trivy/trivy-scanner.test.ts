import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isShipshapeError } from '../../../core/errors.js';
import type { ScanTarget } from '../../../ports/scanner.js';
import { fakeTool, type FakeTool } from '../testing/fake-tool.js';
import { TrivyScanner } from './trivy-scanner.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../../../test/fixtures/scanners/${name}`, import.meta.url));

const target: ScanTarget = {
  repo: { registry: 'registry.example', repository: 'team/app' },
  reference: '1.0',
  platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
};

let tool: FakeTool | undefined;
afterEach(() => tool?.remove());

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

describe('TrivyScanner over a trivy program on PATH', () => {
  it('runs `trivy image --format json` against the registry and maps its report', async () => {
    tool = fakeTool('trivy', { 'team/app:1.0': fixture('trivy-debian-old.json') });
    const scanner = new TrivyScanner({ env: { PATH: tool.path }, insecure: (r) => r === 'registry.example' });
    const result = await scanner.scan(target);
    expect(tool.args()).toEqual([
      'image',
      '--format',
      'json',
      '--list-all-pkgs',
      '--scanners',
      'vuln',
      '--quiet',
      '--image-src',
      'remote',
      '--insecure',
      '--platform',
      'linux/arm64/v8',
      'registry.example/team/app:1.0',
    ]);
    expect(result.scanner).toBe('trivy');
    expect(result.inventory.imageDigest).toBe('sha256:' + '1'.repeat(64));
    expect(
      result.findings.map((f) => `${f.id} ${f.package.name} ${f.severity} ${f.fixState}`).sort(),
    ).toEqual([
      'CVE-2010-0928 libssl3 low wont-fix',
      'CVE-2021-23337 lodash high fixed',
      'CVE-2023-45853 zlib1g critical wont-fix',
      'CVE-2023-5678 libssl3 medium fixed',
      'CVE-2023-5678 openssl medium fixed',
    ]);
    expect(result.warnings).toHaveLength(1);
  });

  it('pinned to the platform digest: scans that digest, no --platform, and reports it', async () => {
    const digest = 'sha256:' + '9'.repeat(64);
    tool = fakeTool('trivy', { [digest]: fixture('trivy-debian-new.json') });
    const scanner = new TrivyScanner({ env: { PATH: tool.path }, pin: async () => digest });
    const result = await scanner.scan(target);
    expect(tool.args().slice(-2)).toEqual(['remote', `registry.example/team/app@${digest}`]);
    expect(result.inventory.imageDigest).toBe(digest);
  });

  it('an absent program is a configuration problem naming the setting', async () => {
    const scanner = new TrivyScanner({ executable: 'trivy-not-here', env: { PATH: '/nonexistent' } });
    const error = await failure(scanner.scan(target));
    expect(isShipshapeError(error, 'CONFIG_INVALID')).toBe(true);
    expect(error.message).toBe(
      '[scanner:trivy] trivy is not installed: "trivy-not-here" was not found (install it, or set scan.trivyPath to its path)',
    );
  });

  it('a failing run reports its exit code and the end of its stderr', async () => {
    tool = fakeTool('trivy', {}, { fail: 'FATAL image scan error: unable to find the specified image' });
    const scanner = new TrivyScanner({ env: { PATH: tool.path } });
    const error = await failure(scanner.scan(target));
    expect(isShipshapeError(error, 'IO_FAILED')).toBe(true);
    expect(error.message).toBe(
      '[scanner:trivy] trivy exited with code 2: FATAL image scan error: unable to find the specified image',
    );
  });

  it('output that is not JSON is a malformed response', async () => {
    tool = fakeTool('trivy', { '*': '/etc/hostname' });
    const error = await failure(new TrivyScanner({ env: { PATH: tool.path } }).scan(target));
    expect(isShipshapeError(error, 'MALFORMED_RESPONSE')).toBe(true);
    expect(error.message).toMatch(/^\[scanner:trivy\] trivy's output is not JSON/);
  });
});
