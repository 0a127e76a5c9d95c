/**
 * The order of a multi-container update, as a small pure scheduler:
 * - an item starts only after everything it depends on (in this run) was updated;
 * - items in the same group (the same candidate image) roll out canary-first: the first one in
 *   dependency order alone, and the rest only once it passed its gate;
 * - at most `parallel` items run at a time.
 * A dependency or canary that was not updated blocks its dependents (they are skipped, with why).
 * Dependency cycles block every item on them.
 */
export interface ScheduleItem {
  readonly id: string;
  /** Ids this item must follow; ids not in the schedule are ignored (nothing to wait for). */
  readonly dependsOn: readonly string[];
  /** Items sharing a group roll out canary-first; null = no group. */
  readonly group: string | null;
}

export interface Blocked {
  readonly id: string;
  readonly reason: string;
}

type ItemState = 'waiting' | 'running' | 'ok' | 'bad' | 'blocked';

interface Node {
  readonly item: ScheduleItem;
  readonly deps: readonly string[];
  /** The group's canary, when this item is another member of a group. */
  readonly canary: string | null;
  state: ItemState;
  why: string | null;
}

/** Kahn's algorithm, stable in input order. Returns the order and the ids left on cycles. */
function topoOrder(items: readonly ScheduleItem[]): { order: string[]; cyclic: string[] } {
  const ids = new Set(items.map((i) => i.id));
  const remaining = new Map(
    items.map((i) => [i.id, new Set(i.dependsOn.filter((d) => ids.has(d) && d !== i.id))]),
  );
  const order: string[] = [];
  for (;;) {
    const next = items.find((i) => remaining.get(i.id)?.size === 0);
    if (next === undefined) break;
    order.push(next.id);
    remaining.delete(next.id);
    for (const deps of remaining.values()) deps.delete(next.id);
  }
  return { order, cyclic: [...remaining.keys()] };
}

/** The cycle reached from `start` following dependencies among `cyclic` (each has one there). */
function cycleFrom(
  start: string,
  cyclic: ReadonlySet<string>,
  byId: ReadonlyMap<string, ScheduleItem>,
): string[] {
  const path: string[] = [start];
  const seen = new Set([start]);
  let current = start;
  for (;;) {
    const next = byId.get(current)?.dependsOn.find((d) => cyclic.has(d));
    if (next === undefined) return [];
    path.push(next);
    if (seen.has(next)) return path.slice(path.indexOf(next));
    seen.add(next);
    current = next;
  }
}

export class RolloutSchedule {
  private readonly nodes = new Map<string, Node>();
  private readonly order: string[];
  private readonly pendingBlocked: Blocked[] = [];

  constructor(
    items: readonly ScheduleItem[],
    private readonly parallel: number,
  ) {
    if (!Number.isInteger(parallel) || parallel < 1)
      throw new Error(`schedule: parallel must be ≥ 1, got ${parallel}`);
    const byId = new Map(items.map((i) => [i.id, i]));
    if (byId.size !== items.length) throw new Error('schedule: duplicate ids');
    const { order, cyclic } = topoOrder(items);
    this.order = order;
    const rank = new Map(order.map((id, n) => [id, n]));
    const canaries = new Map<string, string>();
    for (const id of order) {
      const group = byId.get(id)?.group;
      if (group != null && !canaries.has(group)) canaries.set(group, id);
    }
    for (const item of items) {
      const canary = item.group === null ? null : (canaries.get(item.group) ?? null);
      this.nodes.set(item.id, {
        item,
        deps: item.dependsOn.filter((d) => byId.has(d) && d !== item.id),
        canary: canary === item.id || !rank.has(item.id) ? null : canary,
        state: 'waiting',
        why: null,
      });
    }
    // Items on a cycle are blocked here; items that merely depend on one are blocked by propagate().
    const cyclicSet = new Set(cyclic);
    for (const id of cyclic) {
      const cycle = cycleFrom(id, cyclicSet, byId);
      if (cycle[0] === id) this.block(id, `dependency cycle: ${cycle.join(' → ')}`);
    }
    this.propagate();
  }

  private block(id: string, reason: string): void {
    const node = this.nodes.get(id);
    if (node === undefined || node.state !== 'waiting') return;
    node.state = 'blocked';
    node.why = reason;
    this.pendingBlocked.push({ id, reason });
  }

  /** Blocks waiting items whose dependency or canary will never be updated, transitively. */
  private propagate(): void {
    let changed = true;
    while (changed) {
      changed = false;
      for (const node of this.nodes.values()) {
        if (node.state !== 'waiting') continue;
        const reason = this.blocker(node);
        if (reason !== null) {
          this.block(node.item.id, reason);
          changed = true;
        }
      }
    }
  }

  private blocker(node: Node): string | null {
    for (const d of node.deps) {
      const dep = this.nodes.get(d);
      if (dep?.state === 'bad' || dep?.state === 'blocked')
        return `dependency "${d}" was not updated${dep.why ? ` (${dep.why})` : ''}`;
    }
    if (node.canary !== null) {
      const c = this.nodes.get(node.canary);
      if (c?.state === 'bad' || c?.state === 'blocked')
        return `canary "${node.canary}" was not updated${c.why ? ` (${c.why})` : ''}`;
    }
    return null;
  }

  private ready(node: Node): boolean {
    if (node.state !== 'waiting') return false;
    if (!node.deps.every((d) => this.nodes.get(d)?.state === 'ok')) return false;
    return node.canary === null || this.nodes.get(node.canary)?.state === 'ok';
  }

  /** The items to start now (in dependency order), marked running. */
  take(): string[] {
    let free = this.parallel - [...this.nodes.values()].filter((n) => n.state === 'running').length;
    const out: string[] = [];
    for (const id of this.order) {
      if (free <= 0) break;
      const node = this.nodes.get(id)!;
      if (this.ready(node)) {
        node.state = 'running';
        out.push(id);
        free--;
      }
    }
    return out;
  }

  /** Records how a running item ended; `why` describes a bad outcome to its dependents. */
  complete(id: string, outcome: 'ok' | 'bad', why?: string): void {
    const node = this.nodes.get(id);
    if (node?.state !== 'running') throw new Error(`schedule: ${id} is not running`);
    node.state = outcome;
    node.why = why ?? null;
    if (outcome === 'bad') this.propagate();
  }

  /** Items that became blocked since the last call (they will never start). */
  takeBlocked(): Blocked[] {
    return this.pendingBlocked.splice(0);
  }

  /** True when nothing is waiting or running. */
  get finished(): boolean {
    return [...this.nodes.values()].every((n) => n.state !== 'waiting' && n.state !== 'running');
  }

  /** True when nothing runs and nothing can start: the caller must not wait for more. */
  get stalled(): boolean {
    const nodes = [...this.nodes.values()];
    return !nodes.some((n) => n.state === 'running') && !nodes.some((n) => this.ready(n));
  }
}
