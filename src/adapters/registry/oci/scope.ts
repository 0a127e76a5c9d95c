/**
 * Token scopes (`repository:library/nginx:pull,push`) as sets, so that a token obtained for several
 * repositories at once serves any request whose scope it covers.
 */

/** resource ("repository:library/nginx") → actions. */
export type ScopeSet = ReadonlyMap<string, ReadonlySet<string>>;

/** `repository:<name>:<actions>` for one repository. */
export function repositoryScope(repository: string, actions: readonly string[]): string {
  return `repository:${repository}:${[...new Set(actions)].sort().join(',')}`;
}

/** Parses scope strings; a value may hold several space-separated scopes (as in a challenge). Names may contain ":". */
export function parseScopes(scopes: Iterable<string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const value of scopes) {
    for (const scope of value.split(' ')) {
      const first = scope.indexOf(':');
      const last = scope.lastIndexOf(':');
      if (first <= 0 || last <= first) continue;
      const resource = scope.slice(0, last);
      const actions = scope
        .slice(last + 1)
        .split(',')
        .filter(Boolean);
      const set = out.get(resource) ?? new Set<string>();
      for (const a of actions) set.add(a);
      out.set(resource, set);
    }
  }
  return out;
}

export function unionScopes(...sets: ScopeSet[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const set of sets) {
    for (const [resource, actions] of set) {
      const merged = out.get(resource) ?? new Set<string>();
      for (const a of actions) merged.add(a);
      out.set(resource, merged);
    }
  }
  return out;
}

/** True when `have` grants every action of every resource in `want` ("*" grants all). */
export function coversScopes(have: ScopeSet, want: ScopeSet): boolean {
  for (const [resource, actions] of want) {
    const granted = have.get(resource);
    if (!granted) return false;
    if (granted.has('*')) continue;
    for (const a of actions) if (!granted.has(a)) return false;
  }
  return true;
}

/** Canonical scope strings, sorted: the form sent as `scope=` parameters and used in cache keys. */
export function formatScopes(set: ScopeSet): string[] {
  return [...set].map(([resource, actions]) => `${resource}:${[...actions].sort().join(',')}`).sort();
}

export function scopeKey(set: ScopeSet): string {
  return formatScopes(set).join(' ');
}

/** Splits a scope set into chunks of at most `max` resources (one token request each). */
export function chunkScopes(set: ScopeSet, max: number): Map<string, Set<string>>[] {
  const chunks: Map<string, Set<string>>[] = [];
  let current = new Map<string, Set<string>>();
  for (const [resource, actions] of [...set].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (current.size >= Math.max(1, max)) {
      chunks.push(current);
      current = new Map();
    }
    current.set(resource, new Set(actions));
  }
  if (current.size > 0) chunks.push(current);
  return chunks;
}
