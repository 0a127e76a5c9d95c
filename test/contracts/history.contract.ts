import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { History, InFlightOperation, NewHistoryEntry } from '../../src/ports/history.js';

export const operation = (extra: Partial<InFlightOperation> = {}): InFlightOperation => ({
  id: 'op-1',
  host: 'local',
  target: 'web',
  kind: 'container',
  action: 'update',
  phase: 'recording',
  owner: { pid: 123, hostname: 'box' },
  from: { image: 'app:1.0.0', digest: 'sha256:' + 'a'.repeat(64) },
  to: { image: 'app:1.1.0', digest: 'sha256:' + 'b'.repeat(64) },
  startedAt: 1000,
  updatedAt: 1000,
  state: { name: 'web', oldId: 'c1', newId: null },
  snapshot: { Id: 'c1', Name: '/web', Config: { Image: 'app:1.0.0', Env: ['A=1'] } },
  steps: [{ step: 'pull', ok: true, ms: 12 }],
  ...extra,
});

export const entry = (extra: Partial<NewHistoryEntry> = {}): NewHistoryEntry => ({
  id: 'op-1',
  host: 'local',
  target: 'web',
  kind: 'container',
  action: 'update',
  status: 'updated',
  from: { image: 'app:1.0.0', digest: 'sha256:' + 'a'.repeat(64) },
  to: { image: 'app:1.1.0', digest: 'sha256:' + 'b'.repeat(64) },
  reason: null,
  startedAt: 1000,
  finishedAt: 2000,
  steps: [{ step: 'pull', ok: true, ms: 12 }],
  previousTag: 'shipshape-previous/web:1',
  ...extra,
});

/** Every History implementation runs this suite. */
export function runHistoryContract(
  name: string,
  create: () => Promise<{ history: History; cleanup(): Promise<void> }>,
): void {
  describe(`History contract: ${name}`, () => {
    let history: History;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ history, cleanup } = await create());
    });
    afterEach(async () => {
      await history.close();
      await cleanup();
    });

    it('records an operation with its snapshot and returns copies', async () => {
      expect(await history.begin(operation())).toEqual({ ok: true });
      const [op] = await history.inFlight();
      expect(op).toEqual(operation());
      (op!.state as Record<string, unknown>)['name'] = 'changed';
      expect((await history.inFlight())[0]!.state['name']).toBe('web');
    });

    it('allows one operation per host and target', async () => {
      await history.begin(operation());
      const again = await history.begin(operation({ id: 'op-2' }));
      expect(again).toEqual({ ok: false, existing: operation() });
      expect(await history.begin(operation({ id: 'op-3', target: 'db' }))).toEqual({ ok: true });
      expect(await history.begin(operation({ id: 'op-4', host: 'edge' }))).toEqual({ ok: true });
      expect((await history.inFlight({ host: 'local' })).map((o) => o.id)).toEqual(['op-1', 'op-3']);
      expect((await history.inFlight({ target: 'web' })).map((o) => o.id)).toEqual(['op-1', 'op-4']);
    });

    it('advances the phase, merging state and replacing steps', async () => {
      await history.begin(operation());
      await history.advance('op-1', {
        phase: 'verifying',
        state: { newId: 'c2' },
        steps: [
          { step: 'pull', ok: true, ms: 12 },
          { step: 'start-new', ok: true, ms: 40 },
        ],
        updatedAt: 1500,
      });
      await history.advance('op-1', { phase: 'done', updatedAt: 1600 });
      const [op] = await history.inFlight();
      expect(op).toMatchObject({
        phase: 'done',
        updatedAt: 1600,
        state: { name: 'web', oldId: 'c1', newId: 'c2' },
        steps: [{ step: 'pull' }, { step: 'start-new', ms: 40 }],
      });
    });

    it('rejects advancing an operation that is not in flight', async () => {
      await expect(history.advance('nope', { phase: 'done', updatedAt: 1 })).rejects.toThrow();
    });

    it('finishes an operation: writes the entry and drops the record', async () => {
      await history.begin(operation());
      const written = await history.finish(entry());
      expect(written).toEqual({ ...entry(), seq: expect.any(Number) });
      expect(await history.inFlight()).toEqual([]);
      expect(await history.list()).toEqual([written]);
      // The target is free again.
      expect(await history.begin(operation({ id: 'op-2' }))).toEqual({ ok: true });
    });

    it('writes entries without an in-flight record (failures before recording)', async () => {
      const written = await history.finish(
        entry({ id: 'x', status: 'failed', to: null, reason: 'pull failed' }),
      );
      expect(written.status).toBe('failed');
      expect((await history.list())[0]).toEqual(written);
    });

    it('lists newest first, filtered and limited, with increasing seq', async () => {
      const a = await history.finish(entry({ id: 'a', finishedAt: 1 }));
      const b = await history.finish(entry({ id: 'b', target: 'db', finishedAt: 2 }));
      const c = await history.finish(
        entry({ id: 'c', status: 'rolled-back', reason: 'exited', finishedAt: 3 }),
      );
      expect(b.seq).toBeGreaterThan(a.seq);
      expect(c.seq).toBeGreaterThan(b.seq);
      expect((await history.list()).map((e) => e.id)).toEqual(['c', 'b', 'a']);
      expect((await history.list({ target: 'web' })).map((e) => e.id)).toEqual(['c', 'a']);
      expect((await history.list({ limit: 1 })).map((e) => e.id)).toEqual(['c']);
      expect(await history.list({ host: 'other' })).toEqual([]);
    });
  });
}
