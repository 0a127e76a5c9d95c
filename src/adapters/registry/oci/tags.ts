/** Tag listing with `n`/`last` pagination driven by `Link: <…>; rel="next"`; linear in the number of tags. */
import type { RepoRef } from '../../../ports/registry.js';
import { PULL, repoScopes, type RegistryContext } from './context.js';
import { errorForStatus, registryError } from './errors.js';
import type { Endpoint } from './hosts.js';
import { nextLink } from './link-header.js';
import { tagsPath } from './paths.js';

export async function listTags(ctx: RegistryContext, endpoint: Endpoint, repo: RepoRef): Promise<string[]> {
  const tags: string[] = [];
  const visited = new Set<string>();
  const scopes = repoScopes(repo, PULL);
  const subject = `tags of ${repo.repository}`;
  // Ask for big pages; registries that ignore `n` send everything at once without a Link.
  let url: string | null = tagsPath(repo, ctx.tagPageSize);
  while (url !== null) {
    visited.add(url);
    const res = await ctx.http.call({ endpoint, method: 'GET', url, kind: 'tags', scopes, subject });
    if (res.status !== 200) {
      throw errorForStatus(endpoint.registry, res.status, {
        kind: 'tags',
        subject: `repository ${repo.repository}`,
        repository: repo.repository,
        body: res.body,
      });
    }
    const page = parseTags(endpoint, subject, res.body);
    for (const tag of page) tags.push(tag);
    const next = page.length === 0 ? null : nextLink(res.headers['link'], res.url);
    url = next !== null && !visited.has(next) ? next : null;
  }
  return tags;
}

function parseTags(endpoint: Endpoint, subject: string, body: Uint8Array | undefined): string[] {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw registryError(endpoint.registry, 'MALFORMED_RESPONSE', `${subject}: response is not valid JSON`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw registryError(endpoint.registry, 'MALFORMED_RESPONSE', `${subject}: response is not a JSON object`);
  }
  const tags = (json as Record<string, unknown>)['tags'];
  if (tags === null || tags === undefined) return [];
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string')) {
    throw registryError(
      endpoint.registry,
      'MALFORMED_RESPONSE',
      `${subject}: "tags" is not a list of strings`,
    );
  }
  return tags;
}
