/**
 * Explicit registration of the file discovery adapters. Formats recognised by name come first;
 * Kubernetes, which may claim any YAML file by its content, comes last. One adapter per file.
 */
import type { FileDiscoverer, FileReferenceKind, FileScanResult } from '../../ports/source.js';
import { compose } from './compose/index.js';
import { dockerfile } from './dockerfile/index.js';
import { githubActions } from './github-actions/index.js';
import { gitlabCi } from './gitlab-ci/index.js';
import { helm } from './helm/index.js';
import { kubernetes } from './kubernetes/index.js';
import { kustomize } from './kustomize/index.js';

export const discoverers = {
  dockerfile,
  compose,
  kustomize,
  'github-actions': githubActions,
  'gitlab-ci': gitlabCi,
  helm,
  kubernetes,
} as const satisfies Record<FileReferenceKind, FileDiscoverer>;

/** The order adapters are asked in: the first that matches a file scans it. */
export const discoveryOrder: readonly FileDiscoverer[] = Object.values(discoverers);

/** The adapter for `path`; without `text`, the one that may want to read it (by name only). */
export function discovererFor(path: string, text?: string): FileDiscoverer | undefined {
  return discoveryOrder.find((d) => d.matches(path, text));
}

/**
 * Scans one file with the adapter that matches it (none → empty result). An adapter bug becomes
 * a ParseProblem for that file, so one odd file never stops a scan of thousands.
 */
export function scanFile(
  path: string,
  text: string,
  siblings: (relativePath: string) => string | undefined,
): FileScanResult {
  const adapter = discovererFor(path, text);
  if (!adapter) return { references: [], problems: [] };
  try {
    return adapter.scan(path, text, siblings);
  } catch (e) {
    const message = `[discovery:${adapter.kind}] internal error: ${e instanceof Error ? e.message : String(e)}`;
    return { references: [], problems: [{ file: path, line: 1, column: 1, message }] };
  }
}
