import type { Store } from '../../ports/store.js';
import { MemoryStore } from './memory/memory-store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

/** Explicit registration of Store implementations. */
export const stores = {
  sqlite: (options: { path: string }): Store => new SqliteStore(options.path),
  memory: (): Store => new MemoryStore(),
} as const;

export { MemoryStore, SqliteStore };
