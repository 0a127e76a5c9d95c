import { describe, expect, it } from 'vitest';
import type { ReportReference, ReportUpdate } from '../core/plan/report.js';
import { choiceOf } from './update-candidates.js';

const counts = (critical: number, high = 0, medium = 0) => ({ critical, high, medium, low: 0, unknown: 0 });

const entry = (updates: ReportUpdate[]): ReportReference => ({
  file: null,
  line: null,
  kind: 'container',
  image: 'registry:5000/team/web:1.0.0',
  registry: 'registry:5000',
  repository: 'team/web',
  tag: '1.0.0',
  digest: 'sha256:' + 'a'.repeat(64),
  status: 'update-available',
  updates,
  error: null,
  container: 'web',
  host: 'local',
});

const patch = (extra: Partial<ReportUpdate> = {}): ReportUpdate => ({
  type: 'patch',
  tag: '1.0.1',
  digest: 'sha256:' + 'b'.repeat(64),
  reasons: [],
  ...extra,
});

describe('choiceOf (update candidates from the check)', () => {
  it("carries the chosen candidate's vulnerability delta when the check computed it", () => {
    const vulnerabilities = { fixed: counts(2, 1), introduced: counts(0, 0, 1) };
    const minor: ReportUpdate = {
      type: 'minor',
      tag: '1.1.0',
      digest: 'sha256:' + 'c'.repeat(64),
      reasons: [],
      vulnerabilities: { fixed: counts(5), introduced: counts(0) },
    };
    expect(choiceOf(entry([minor, patch({ vulnerabilities })]))).toEqual({
      kind: 'update',
      tag: '1.0.1',
      digest: 'sha256:' + 'b'.repeat(64),
      vulnerabilities,
    });
  });

  it('carries null when the scan failed, and nothing when scanning was off', () => {
    expect(choiceOf(entry([patch({ vulnerabilities: null })]))).toMatchObject({ vulnerabilities: null });
    expect(choiceOf(entry([patch()]))).not.toHaveProperty('vulnerabilities');
  });

  it('a new tag without a digest is still a candidate (update resolves it); a drift without one fails', () => {
    expect(choiceOf(entry([patch({ digest: null })]))).toEqual({
      kind: 'update',
      tag: '1.0.1',
      digest: null,
    });
    const drift: ReportUpdate = {
      type: 'digest',
      tag: '1.0.0',
      digest: null,
      reasons: ['digest unavailable: registry timeout'],
    };
    expect(choiceOf(entry([drift]))).toEqual({
      kind: 'skip',
      reason: 'digest: digest unavailable: registry timeout',
      failed: true,
    });
  });
});
