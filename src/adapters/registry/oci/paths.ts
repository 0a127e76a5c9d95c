/** Registry API paths, with the names validated first so nothing unexpected reaches a URL. */
import type { RepoRef } from '../../../ports/registry.js';
import { isDigestReference } from './digest.js';
import { registryError } from './errors.js';

const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function checkRepo(repo: RepoRef): void {
  if (!REPOSITORY.test(repo.repository) || repo.repository.length > 255) {
    throw registryError(
      repo.registry,
      'INVALID_REFERENCE',
      `invalid repository name ${JSON.stringify(repo.repository.slice(0, 300))}`,
    );
  }
}

export function checkReference(repo: RepoRef, reference: string): void {
  if (!TAG.test(reference) && !isDigestReference(reference)) {
    throw registryError(
      repo.registry,
      'INVALID_REFERENCE',
      `invalid tag or digest ${JSON.stringify(reference.slice(0, 300))}`,
    );
  }
}

export const manifestPath = (repo: RepoRef, reference: string): string =>
  `/v2/${repo.repository}/manifests/${reference}`;
export const blobPath = (repo: RepoRef, digest: string): string => `/v2/${repo.repository}/blobs/${digest}`;
export const uploadsPath = (repo: RepoRef): string => `/v2/${repo.repository}/blobs/uploads/`;
export const tagsPath = (repo: RepoRef, n: number): string => `/v2/${repo.repository}/tags/list?n=${n}`;
export const referrersPath = (repo: RepoRef, digest: string): string =>
  `/v2/${repo.repository}/referrers/${digest}`;

/** `app:1.0` / `app@sha256:…` for messages. */
export function describeRef(repo: RepoRef, reference: string): string {
  return isDigestReference(reference) ? `${repo.repository}@${reference}` : `${repo.repository}:${reference}`;
}
