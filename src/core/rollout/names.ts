/** Names Shipshape gives the containers and image tags it keeps during and after a rollout. */

/** "20261128T003227" in UTC: sortable, and valid in container names and tags. */
export function stamp(epochMs: number): string {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, '');
}

/** The old container while it is kept (stopped) during a rollout. */
export function keptName(name: string, epochMs: number): string {
  return `${name}-shipshape-old-${stamp(epochMs)}`;
}

/** The temporary pre-flight container. */
export function preflightName(name: string, epochMs: number): string {
  return `${name}-shipshape-preflight-${stamp(epochMs)}`;
}

/** The local repository that keeps a container's previous images: `shipshape-previous/<name>`. */
export function previousRepository(name: string): string {
  // Repository path components: lowercase alphanumerics separated by single ".", "_", "__" or "-".
  const component =
    name
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/[._-]{2,}/g, '-')
      .replace(/^[._-]+|[._-]+$/g, '') || 'container';
  return `shipshape-previous/${component}`;
}

/** The tag number of a `shipshape-previous/<name>:<n>` reference, or null. */
export function previousTagNumber(ref: string): number | null {
  const m = /^shipshape-previous\/[a-z0-9._-]+:(\d+)$/.exec(ref);
  return m ? Number(m[1]) : null;
}
