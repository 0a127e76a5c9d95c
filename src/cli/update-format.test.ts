import { describe, expect, it } from 'vitest';
import type { RolloutResult } from '../core/rollout/types.js';
import { exitCodeOf, formatRolloutTable } from './update-format.js';

const result = (status: RolloutResult['status'], extra: Partial<RolloutResult> = {}): RolloutResult => ({
  target: 'web',
  kind: 'container',
  host: 'local',
  from: { image: 'app:1.0.0', digest: 'sha256:' + 'a'.repeat(64) },
  to: { image: 'app:1.1.0', digest: 'sha256:' + 'b'.repeat(64) },
  status,
  reason: null,
  steps: [],
  ...extra,
});

describe('exit codes', () => {
  it('is 0 when everything was updated or skipped, 4 for a rollback, 3 for a failure (which wins)', () => {
    expect(exitCodeOf([])).toBe(0);
    expect(exitCodeOf([result('updated'), result('skipped')])).toBe(0);
    expect(exitCodeOf([result('updated'), result('rolled-back')])).toBe(4);
    expect(exitCodeOf([result('rolled-back'), result('failed')])).toBe(3);
  });
});

describe('formatRolloutTable', () => {
  it('shows one line per target, the reason below, and a summary', () => {
    const text = formatRolloutTable({
      schemaVersion: 1,
      results: [
        result('updated', { steps: [{ step: 'pull', ok: true, ms: 1500 }] }),
        result('rolled-back', { target: 'api', reason: 'the container exited (status exited, exit code 3)' }),
      ],
    });
    expect(text).toBe(
      [
        '✓ web  updated in 1.5 s  app:1.0.0 (sha256:aaaaaaaaaaaa) → app:1.1.0 (sha256:bbbbbbbbbbbb)',
        '↺ api  rolled-back  app:1.0.0 (sha256:aaaaaaaaaaaa) → app:1.1.0 (sha256:bbbbbbbbbbbb)',
        '    the container exited (status exited, exit code 3)',
        '1 updated, 1 rolled back, 0 skipped, 0 failed',
        '',
      ].join('\n'),
    );
    expect(formatRolloutTable({ schemaVersion: 1, results: [] })).toBe('Nothing to update.\n');
  });

  it('says a dry run changed nothing', () => {
    const text = formatRolloutTable({
      schemaVersion: 1,
      dryRun: true,
      results: [result('skipped', { reason: 'dry run: would update in step 1 of 1' })],
    });
    expect(text.split('\n').slice(-3)).toEqual([
      '0 updated, 0 rolled back, 1 skipped, 0 failed',
      'Dry run: nothing was pulled, stopped or recorded.',
      '',
    ]);
  });

  it("shows the check's vulnerability badge next to the target image when the check computed it", () => {
    const none = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
    const to = (vulnerabilities: RolloutResult['from']['vulnerabilities']) => ({
      image: 'app:1.1.0',
      digest: 'sha256:' + 'b'.repeat(64),
      vulnerabilities,
    });
    const text = formatRolloutTable({
      schemaVersion: 1,
      results: [
        result('updated', {
          to: to({ fixed: { ...none, critical: 2, high: 1 }, introduced: { ...none, medium: 1 } }),
        }),
        result('updated', { target: 'api', to: to({ fixed: none, introduced: none }) }),
        result('updated', { target: 'db', to: to(null) }),
      ],
    });
    expect(text.split('\n').slice(0, 3)).toEqual([
      '✓ web  updated  app:1.0.0 (sha256:aaaaaaaaaaaa) → app:1.1.0 (sha256:bbbbbbbbbbbb) [fixes 2C 1H · adds 1M]',
      '✓ api  updated  app:1.0.0 (sha256:aaaaaaaaaaaa) → app:1.1.0 (sha256:bbbbbbbbbbbb) [no vuln change]',
      '✓ db  updated  app:1.0.0 (sha256:aaaaaaaaaaaa) → app:1.1.0 (sha256:bbbbbbbbbbbb) [vulns unknown]',
    ]);
  });
});
