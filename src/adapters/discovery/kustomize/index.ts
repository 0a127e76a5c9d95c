/**
 * Kustomize: `images:` entries (`name`, `newName`, `newTag`, `digest`) → the reference
 * `newName||name[:newTag][@digest]`, with spans on `newTag` and `digest`. Entries that only
 * rename (no newTag, no digest) are skipped: their tag lives in the base manifests.
 */
import { isMap } from 'yaml';
import type { FileDiscoverer, FileScanResult } from '../../../ports/source.js';
import { Collector } from '../shared/collector.js';
import { basename } from '../shared/paths.js';
import { verbatim, type Segment } from '../shared/segments.js';
import { get, items, parseYaml, scalarText } from '../shared/yaml.js';

const NAME = /^(?:kustomization\.ya?ml|Kustomization)$/;

export function scanKustomization(path: string, text: string): FileScanResult {
  const out = new Collector(path, 'kustomize', text);
  const parsed = parseYaml(text);
  for (const p of parsed.problems) out.problem(p, p.message);
  const seen = new Set<unknown>();
  for (const doc of parsed.documents) {
    for (const entry of items(get(doc.contents, 'images', doc), doc)) {
      if (!isMap(entry) || seen.has(entry)) continue;
      seen.add(entry);
      const field = (key: string) => {
        const value = scalarText(get(entry, key, doc), text);
        return value && value.value !== '' ? value : undefined;
      };
      const name = field('name');
      const image = field('newName') ?? name;
      const tag = field('newTag');
      const digest = field('digest');
      if (!image || (!tag && !digest)) continue;
      const segments: Segment[] = [...verbatim(image.value, image.start)];
      if (tag) segments.push({ value: ':' }, ...verbatim(tag.value, tag.start));
      if (digest) segments.push({ value: '@' }, ...verbatim(digest.value, digest.start));
      out.image({
        at: image.nodeStart,
        segments,
        raw: segments.map((s) => s.value).join(''),
        atFirstSpan: true,
        ...(name ? { meta: { name: name.value } } : {}),
      });
    }
  }
  return out.result();
}

export const kustomize: FileDiscoverer = {
  kind: 'kustomize',
  matches: (path) => NAME.test(basename(path)),
  scan: (path, text) => scanKustomization(path, text),
};
