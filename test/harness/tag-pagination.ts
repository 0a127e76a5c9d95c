/**
 * distribution 2.8.2 ignores `n`/`last` on tags/list (and returns tags unsorted); registry 3, Docker Hub, GHCR
 * and the OCI distribution spec paginate with `n`, `last` and a `Link: <…>; rel="next"` header. The fault
 * proxy can apply that spec behaviour on top of the real registry's full tag list, so clients' pagination is
 * tested against the real registry's data.
 */
export interface TagPaginationOptions {
  /** Page size when the client sends no `n` (default: no pagination without `n`, like the spec). */
  defaultPageSize?: number;
  /** Cap on `n`, like hosted registries that ignore larger page sizes. */
  maxPageSize?: number;
}

export interface PageRequest {
  /** Path (with query) to fetch the full list from upstream. */
  upstreamPath: string;
  pageSize: number | null;
  last: string | null;
  pathname: string;
}

export function pageRequest(path: string, options: TagPaginationOptions): PageRequest {
  const url = new URL(path, 'http://proxy.invalid');
  const n = url.searchParams.get('n');
  const requested = n === null ? (options.defaultPageSize ?? null) : Number(n);
  const pageSize =
    requested === null || !Number.isFinite(requested) || requested < 0
      ? null
      : Math.min(requested, options.maxPageSize ?? Infinity);
  return { upstreamPath: url.pathname, pageSize, last: url.searchParams.get('last'), pathname: url.pathname };
}

/** Slices the upstream body `{name, tags}` into one page; returns the page body and the Link header, if any. */
export function paginate(page: PageRequest, upstreamBody: string): { body: string; link: string | null } {
  const parsed = JSON.parse(upstreamBody) as { name: string; tags: string[] | null };
  const sorted = [...(parsed.tags ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const after = page.last === null ? sorted : sorted.filter((tag) => tag > page.last!);
  const tags = page.pageSize === null ? after : after.slice(0, page.pageSize);
  const more = page.pageSize !== null && after.length > tags.length && tags.length > 0;
  const lastTag = tags[tags.length - 1];
  const link =
    more && lastTag !== undefined
      ? `<${page.pathname}?n=${page.pageSize}&last=${encodeURIComponent(lastTag)}>; rel="next"`
      : null;
  return { body: JSON.stringify({ name: parsed.name, tags }), link };
}
