/**
 * The schemas themselves: a conforming document of each kind passes, and a renamed or retyped field fails
 * (so the `parseReport` checks in the CLI tests can fail).
 */
import { describe, expect, it } from 'vitest';
import { schemaErrors } from '../harness/schemas.js';

const D = `sha256:${'a'.repeat(64)}`;
const step = { step: 'pull', ok: true, ms: 120, detail: `registry:5000/team/web@${D}` };
const result = {
  target: 'web',
  kind: 'container',
  host: 'local',
  from: { image: 'registry:5000/team/web:1.0.0', digest: D },
  to: { image: 'registry:5000/team/web:1.1.0', digest: D },
  status: 'updated',
  reason: null,
  steps: [step],
};
const entry = {
  target: 'web',
  kind: 'container',
  host: 'local',
  action: 'update',
  status: 'rolled-back',
  from: result.from,
  to: result.to,
  reason: 'gate: exited with code 1',
  startedAt: '2026-11-28T03:00:00.000Z',
  finishedAt: '2026-11-28T03:00:02.500Z',
  steps: [step],
  previousTag: null,
};
const reference = {
  file: null,
  line: null,
  column: null,
  kind: 'container',
  image: 'registry:5000/team/web:1.0.0',
  registry: 'registry:5000',
  repository: 'team/web',
  tag: '1.0.0',
  digest: D,
  status: 'update-available',
  updates: [{ type: 'minor', tag: '1.1.0', digest: null, reasons: [] }],
  error: null,
  container: 'web',
  host: 'local',
};
const summary = { references: 1, updateAvailable: 1, upToDate: 0, skipped: 0, errors: 0 };

describe('published report schemas', () => {
  it('accept conforming documents', () => {
    expect(schemaErrors('rollout-report', { schemaVersion: 1, results: [result] })).toEqual([]);
    expect(schemaErrors('history-report', { schemaVersion: 1, entries: [entry] })).toEqual([]);
    expect(schemaErrors('check-report', { schemaVersion: 1, references: [reference], summary })).toEqual([]);
  });

  it('reject renamed, missing and retyped fields', () => {
    const { status: _s, ...noStatus } = result;
    expect(
      schemaErrors('rollout-report', { schemaVersion: 1, results: [{ ...noStatus, state: 'updated' }] }),
    ).toContain("/results/0 must have required property 'status'");
    expect(
      schemaErrors('rollout-report', { schemaVersion: 1, results: [{ ...result, status: 'ok' }] }),
    ).toContain('/results/0/status must be equal to one of the allowed values');
    expect(schemaErrors('rollout-report', { schemaVersion: 2, results: [] })).toContain(
      '/schemaVersion must be equal to constant',
    );
    expect(
      schemaErrors('history-report', { schemaVersion: 1, entries: [{ ...entry, startedAt: 1764298800000 }] }),
    ).toContain('/entries/0/startedAt must be string');
    expect(
      schemaErrors('check-report', {
        schemaVersion: 1,
        references: [{ ...reference, updates: [{ ...reference.updates[0], type: 'upgrade' }] }],
        summary,
      }),
    ).toContain('/references/0/updates/0/type must be equal to one of the allowed values');
  });
});
