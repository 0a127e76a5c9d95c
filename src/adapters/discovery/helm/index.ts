/**
 * Helm values files: `image: "repo:tag"` strings and the split maps charts use
 * (`{ registry, repository, tag, digest }`, bitnami style) at any depth. Split maps get `tag` and
 * `digest` spans; a number-looking tag (`tag: 1.10`) is read from the source text, not as 1.1.
 * An empty `digest: ""` gets an empty span so a digest can be pinned into it.
 * A missing tag falls back to Chart.yaml's appVersion, read-only.
 */
import { isMap, isScalar, isSeq, type Document } from 'yaml';
import type { FileDiscoverer, FileScanResult, ReplaceSpan } from '../../../ports/source.js';
import { splitImageRef } from '../../../core/rewrite/index.js';
import { Collector } from '../shared/collector.js';
import { basename, dirname, join } from '../shared/paths.js';
import { verbatim, type Segment } from '../shared/segments.js';
import { deref, entries, get, parseYaml, scalarText, type ScalarText } from '../shared/yaml.js';

const NAME = /^values[^/]*\.ya?ml$/;
const IMAGE_KEY = /^image$|Image$/;

function appVersion(siblings: (p: string) => string | undefined, chartPath: string): string | undefined {
  const chart = siblings(chartPath);
  if (chart === undefined) return undefined;
  const m = /^appVersion:[ \t]*["']?([^"'\s#]+)/m.exec(chart);
  return m?.[1];
}

export function scanHelmValues(
  path: string,
  text: string,
  siblings: (relativePath: string) => string | undefined,
): FileScanResult {
  const out = new Collector(path, 'helm', text);
  const parsed = parseYaml(text);
  for (const p of parsed.problems) out.problem(p, p.message);
  const chartPath = join(dirname(path), 'Chart.yaml');
  const visited = new Set<unknown>();

  const imageString = (value: ScalarText, key: string, strict: boolean): void => {
    if (!isScalar(value.node) || typeof value.node.value !== 'string' || value.value === '') return;
    if (!strict && !splitImageRef(value.value).ok) return;
    const at = value.start ?? value.nodeStart;
    const templates = value.value.match(/\{\{.*?\}\}/g);
    if (templates) {
      out.image({ at, segments: [], unresolved: templates, raw: value.value, meta: { key } });
      return;
    }
    out.image({ at, segments: verbatim(value.value, value.start), raw: value.value, meta: { key } });
  };

  const splitMap = (map: unknown, key: string, keyPath: string, doc: Document.Parsed): boolean => {
    const field = (name: string) => scalarText(get(map, name, doc), text);
    const repository = field('repository');
    if (!repository || repository.value === '') return false;
    const registry = field('registry');
    const tag = field('tag');
    const digestNode = get(map, 'digest', doc);
    const digest = scalarText(digestNode, text);
    if (!IMAGE_KEY.test(key) && !tag && !digestNode) return false;

    const segments: Segment[] = [];
    if (registry && registry.value !== '')
      segments.push(...verbatim(registry.value, registry.start), { value: '/' });
    segments.push(...verbatim(repository.value, repository.start));
    const unresolved: string[] = [];
    if (tag && tag.value !== '') segments.push({ value: ':' }, ...verbatim(tag.value, tag.start));
    else if (!digest?.value) {
      const version = appVersion(siblings, chartPath);
      if (version) segments.push({ value: ':' }, { value: version, origin: `appVersion in ${chartPath}` });
      else unresolved.push('tag');
    }
    if (digest && digest.value !== '') segments.push({ value: '@' }, ...verbatim(digest.value, digest.start));
    const emptySpans: ReplaceSpan[] =
      digest && digest.value === '' && digest.start !== undefined
        ? [{ start: digest.start, end: digest.start, form: 'digest' }]
        : [];
    const raw = segments.map((s) => s.value).join('');
    out.image({
      at: repository.nodeStart,
      segments,
      unresolved,
      raw,
      meta: { key: keyPath },
      emptySpans,
      atFirstSpan: true,
    });
    return true;
  };

  const walk = (node: unknown, keyPath: string, doc: Document.Parsed, depth: number): void => {
    const resolved = deref(node, doc);
    if (visited.has(resolved) || depth > 64) return;
    visited.add(resolved);
    if (isSeq(resolved)) {
      resolved.items.forEach((item, i) => walk(item, `${keyPath}[${i}]`, doc, depth + 1));
      return;
    }
    if (!isMap(resolved)) return;
    for (const [key, value] of entries(resolved, doc)) {
      const childPath = keyPath === '' ? key : `${keyPath}.${key}`;
      if (visited.has(value)) continue;
      if (IMAGE_KEY.test(key) && isScalar(value)) {
        visited.add(value);
        const scalar = scalarText(value, text);
        if (scalar) imageString(scalar, childPath, key === 'image');
      } else if (isMap(value) && splitMap(value, key, childPath, doc)) {
        visited.add(value);
      } else {
        walk(value, childPath, doc, depth + 1);
      }
    }
  };

  for (const doc of parsed.documents) walk(doc.contents, '', doc, 0);
  return out.result();
}

export const helm: FileDiscoverer = {
  kind: 'helm',
  matches: (path) => NAME.test(basename(path)),
  scan: scanHelmValues,
};
