import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isShipshapeError } from '../../../core/errors.js';
import type { ScanTarget } from '../../../ports/scanner.js';
import { ReportScanner } from './report-scanner.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../../../test/fixtures/scanners/${name}`, import.meta.url));
const target: ScanTarget = {
  repo: { registry: 'registry.example', repository: 'team/app' },
  reference: '2.0',
};
const dir = mkdtempSync(join(tmpdir(), 'shipshape-report-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

describe('ReportScanner', () => {
  it('recognises a Trivy and a Grype report by their content', async () => {
    const trivy = await new ReportScanner(fixture('trivy-debian-new.json')).scan(target);
    expect(trivy.scanner).toBe('trivy');
    expect(trivy.findings).toHaveLength(6);
    const grype = await new ReportScanner(fixture('grype-debian-new.json')).scan(target);
    expect(grype.scanner).toBe('grype');
    expect(grype.inventory.partial).toBe(true);
  });

  it('refuses a report of another format than the scanner asked for, and unknown documents', async () => {
    const wrong = await failure(new ReportScanner(fixture('grype-debian-new.json'), 'trivy').scan(target));
    expect(isShipshapeError(wrong, 'USAGE')).toBe(true);
    expect(wrong.message).toContain('is a grype report, but the scanner is trivy');
    const other = join(dir, 'other.json');
    writeFileSync(other, '{"bomFormat":"CycloneDX"}');
    expect((await failure(new ReportScanner(other).scan(target))).message).toContain(
      'is neither a Trivy (--format json) nor a Grype (-o json) report',
    );
    const missing = await failure(new ReportScanner(join(dir, 'nope.json')).scan(target));
    expect(isShipshapeError(missing, 'USAGE')).toBe(true);
  });

  it('warns when the image reference pins another digest than the report’s', async () => {
    const pinned = { ...target, reference: 'sha256:' + 'e'.repeat(64) };
    const result = await new ReportScanner(fixture('trivy-debian-new.json')).scan(pinned);
    expect(result.warnings).toEqual([
      `the report ${fixture('trivy-debian-new.json')} is about sha256:${'2'.repeat(64)}, not sha256:${'e'.repeat(64)} as the image reference says`,
    ]);
  });
});
