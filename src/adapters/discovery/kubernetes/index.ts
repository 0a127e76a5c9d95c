/**
 * Kubernetes manifests: any YAML whose documents have `apiVersion` and a workload `kind`;
 * `containers`, `initContainers` and `ephemeralContainers` of the pod spec at the kind's path.
 * Helm templates (`{{`) are skipped quietly: they are not YAML until rendered.
 */
import type { Document } from 'yaml';
import type { FileDiscoverer, FileScanResult } from '../../../ports/source.js';
import { Collector } from '../shared/collector.js';
import { reportImageScalar } from '../shared/yaml-image.js';
import { get, items, parseYaml, scalarText } from '../shared/yaml.js';

/** Where each kind keeps its pod spec. */
const POD_SPEC_PATH: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;
const KIND_LINE = new RegExp(
  `^kind:[ \\t]*["']?(?:${[...Object.keys(POD_SPEC_PATH), 'List'].join('|')})["']?[ \\t]*(?:#.*)?\\r?$`,
  'm',
);

function looksLikeWorkload(text: string): boolean {
  return !text.includes('{{') && /^apiVersion:/m.test(text) && KIND_LINE.test(text);
}

export function scanKubernetes(path: string, text: string): FileScanResult {
  const out = new Collector(path, 'kubernetes', text);
  if (text.includes('{{')) return out.result();
  const parsed = parseYaml(text);
  for (const p of parsed.problems) out.problem(p, p.message);
  const seen = new Set<unknown>();

  const visit = (object: unknown, doc: Document.Parsed, depth: number): void => {
    const kind = scalarText(get(object, 'kind', doc), text)?.value;
    if (kind === undefined || get(object, 'apiVersion', doc) === undefined) return;
    if (kind === 'List' && depth === 0) {
      for (const item of items(get(object, 'items', doc), doc)) visit(item, doc, depth + 1);
      return;
    }
    const path = POD_SPEC_PATH[kind];
    if (!path) return;
    const podSpec = path.reduce<unknown>((node, key) => get(node, key, doc), object);
    const name = scalarText(get(get(object, 'metadata', doc), 'name', doc), text)?.value;
    for (const list of CONTAINER_LISTS) {
      for (const container of items(get(podSpec, list, doc), doc)) {
        const containerName = scalarText(get(container, 'name', doc), text)?.value;
        const meta: Record<string, string> = {
          kind,
          ...(name ? { name } : {}),
          ...(containerName ? { container: containerName } : {}),
        };
        reportImageScalar(out, get(container, 'image', doc), text, seen, `${kind} ${list}[].image`, meta);
      }
    }
  };

  for (const doc of parsed.documents) visit(doc.contents, doc, 0);
  return out.result();
}

export const kubernetes: FileDiscoverer = {
  kind: 'kubernetes',
  matches: (path, text) => /\.ya?ml$/.test(path) && (text === undefined || looksLikeWorkload(text)),
  scan: (path, text) => scanKubernetes(path, text),
};
