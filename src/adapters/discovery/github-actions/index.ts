/**
 * GitHub Actions workflows: `jobs.*.container` (string or `{ image }`), `jobs.*.services.*.image`
 * and `steps[].uses: docker://image`. Values with `${{ … }}` expressions are reported unresolved.
 */
import { isMap, isNode, isScalar } from 'yaml';
import type { FileDiscoverer, FileScanResult } from '../../../ports/source.js';
import { Collector } from '../shared/collector.js';
import { verbatim } from '../shared/segments.js';
import { entries, get, items, parseYaml, scalarText } from '../shared/yaml.js';

const NAME = /(?:^|\/)\.github\/workflows\/[^/]+\.ya?ml$/;
const DOCKER = 'docker://';

export function scanWorkflow(path: string, text: string): FileScanResult {
  const out = new Collector(path, 'github-actions', text);
  const parsed = parseYaml(text);
  for (const p of parsed.problems) out.problem(p, p.message);
  const seen = new Set<unknown>();

  const report = (node: unknown, what: string, meta: Record<string, string>, prefix = ''): void => {
    if (!isScalar(node)) {
      if (isNode(node)) out.problem(node.range?.[0] ?? 0, `${what} must be a string`);
      return;
    }
    const value = scalarText(node, text);
    if (!value || seen.has(node) || !value.value.startsWith(prefix)) return;
    seen.add(node);
    const image = value.value.slice(prefix.length);
    const start = value.start === undefined ? undefined : value.start + prefix.length;
    const at = start ?? value.nodeStart;
    const expressions = image.match(/\$\{\{.*?\}\}/g);
    if (expressions) {
      out.image({ at, segments: [], unresolved: expressions, raw: image, meta });
      return;
    }
    out.image({ at, segments: verbatim(image, start), raw: image, meta });
  };

  for (const doc of parsed.documents) {
    for (const [job, body] of entries(get(doc.contents, 'jobs', doc), doc)) {
      const container = get(body, 'container', doc);
      report(isMap(container) ? get(container, 'image', doc) : container, `jobs.${job}.container`, { job });
      for (const [service, spec] of entries(get(body, 'services', doc), doc)) {
        report(get(spec, 'image', doc), `jobs.${job}.services.${service}.image`, { job, service });
      }
      items(get(body, 'steps', doc), doc).forEach((step, i) => {
        const uses = get(step, 'uses', doc);
        if (isScalar(uses)) report(uses, `jobs.${job}.steps[${i}].uses`, { job, step: String(i) }, DOCKER);
      });
    }
  }
  return out.result();
}

export const githubActions: FileDiscoverer = {
  kind: 'github-actions',
  matches: (path) => NAME.test(path),
  scan: (path, text) => scanWorkflow(path, text),
};
