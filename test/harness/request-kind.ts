/** Classifies registry (and token) requests, so tests can count "one token, N manifest HEADs" etc. */
export type RequestKind =
  | 'ping'
  | 'token'
  | 'tags'
  | 'manifest-head'
  | 'manifest-get'
  | 'manifest-put'
  | 'blob-head'
  | 'blob-get'
  | 'blob-upload'
  | 'referrers'
  | 'catalog'
  | 'other';

export const REQUEST_KINDS: readonly RequestKind[] = [
  'ping',
  'token',
  'tags',
  'manifest-head',
  'manifest-get',
  'manifest-put',
  'blob-head',
  'blob-get',
  'blob-upload',
  'referrers',
  'catalog',
  'other',
];

/** `path` is the request target (path and optional query). */
export function classifyRequest(method: string, path: string): RequestKind {
  const q = path.indexOf('?');
  const pathname = q < 0 ? path : path.slice(0, q);
  const query = q < 0 ? '' : path.slice(q + 1);
  if (pathname === '/v2/' || pathname === '/v2') return 'ping';
  if (!pathname.startsWith('/v2/')) {
    return /\/token\/?$/.test(pathname) || /(^|&)(service|scope)=/.test(query) ? 'token' : 'other';
  }
  if (pathname === '/v2/_catalog') return 'catalog';
  if (/\/tags\/list$/.test(pathname)) return 'tags';
  if (/\/blobs\/uploads(\/[^/]*)?$/.test(pathname)) return 'blob-upload';
  if (/\/referrers\/[^/]+$/.test(pathname)) return 'referrers';
  if (/\/manifests\/[^/]+$/.test(pathname)) {
    if (method === 'HEAD') return 'manifest-head';
    if (method === 'GET') return 'manifest-get';
    if (method === 'PUT') return 'manifest-put';
    return 'other';
  }
  if (/\/blobs\/[^/]+$/.test(pathname)) {
    if (method === 'HEAD') return 'blob-head';
    if (method === 'GET') return 'blob-get';
  }
  return 'other';
}
