import type {
  BeginResult,
  History,
  HistoryEntry,
  HistoryFilter,
  InFlightOperation,
  NewHistoryEntry,
} from '../../../ports/history.js';

/** JSON round trip: callers get copies, exactly like a real store. */
const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** An in-memory History: for tests and runs that must not write state (`--no-store`). */
export class MemoryHistory implements History {
  private readonly ops = new Map<string, InFlightOperation>();
  private readonly entries: HistoryEntry[] = [];

  async begin(operation: InFlightOperation): Promise<BeginResult> {
    for (const op of this.ops.values())
      if (op.host === operation.host && op.target === operation.target)
        return { ok: false, existing: copy(op) };
    if (this.ops.has(operation.id)) throw new Error(`[store:memory] operation ${operation.id} exists`);
    this.ops.set(operation.id, copy(operation));
    return { ok: true };
  }

  async advance(id: string, update: Parameters<History['advance']>[1]): Promise<void> {
    const op = this.ops.get(id);
    if (op === undefined) throw new Error(`[store:memory] no operation ${id} in flight`);
    this.ops.set(id, {
      ...op,
      phase: update.phase,
      updatedAt: update.updatedAt,
      state: { ...op.state, ...copy(update.state ?? {}) },
      steps: copy(update.steps ?? op.steps),
    });
  }

  async finish(entry: NewHistoryEntry): Promise<HistoryEntry> {
    const written: HistoryEntry = { ...copy(entry), seq: this.entries.length + 1 };
    this.entries.push(written);
    this.ops.delete(entry.id);
    return copy(written);
  }

  async inFlight(filter: { host?: string; target?: string } = {}): Promise<InFlightOperation[]> {
    return [...this.ops.values()]
      .filter(
        (o) =>
          (filter.host === undefined || o.host === filter.host) &&
          (filter.target === undefined || o.target === filter.target),
      )
      .sort((a, b) => a.startedAt - b.startedAt)
      .map(copy);
  }

  async list(filter: HistoryFilter = {}): Promise<HistoryEntry[]> {
    const out = this.entries
      .filter(
        (e) =>
          (filter.host === undefined || e.host === filter.host) &&
          (filter.target === undefined || e.target === filter.target),
      )
      .reverse();
    return copy(filter.limit === undefined ? out : out.slice(0, filter.limit));
  }

  async close(): Promise<void> {}
}
