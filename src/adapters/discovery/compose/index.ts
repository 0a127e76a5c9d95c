/**
 * Compose files: `services.*.image` (and the old top-level services of compose v1), with
 * `${VAR}` / `${VAR:-x}` / `${VAR-x}` / `$$` interpolated from the sibling `.env`. A default
 * written in this file is rewritable; a value from `.env` makes the reference read-only here.
 * Services that `build:` their image are skipped: their `image:` names the build result.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { FileDiscoverer, FileScanResult } from '../../../ports/source.js';
import { Collector } from '../shared/collector.js';
import { expand, externalBinding, type Lookup } from '../shared/interpolate.js';
import { basename, dirname, join } from '../shared/paths.js';
import { entries, get, parseYaml, scalarText } from '../shared/yaml.js';
import { parseDotenv } from './dotenv.js';

const NAME = /^(?:compose(?:\.[^/]+)?|docker-compose[^/]*)\.ya?ml$/;

export function scanCompose(
  path: string,
  text: string,
  siblings: (relativePath: string) => string | undefined,
): FileScanResult {
  const out = new Collector(path, 'compose', text);
  const parsed = parseYaml(text);
  for (const p of parsed.problems) out.problem(p, p.message);

  const envPath = join(dirname(path), '.env');
  let env: Map<string, string> | undefined;
  const lookup: Lookup = (name) => {
    env ??= parseDotenv(siblings(envPath) ?? '');
    const value = env.get(name);
    return value === undefined ? undefined : externalBinding(value, `${name} in ${envPath}`);
  };

  const seen = new Set<unknown>();
  for (const doc of parsed.documents) {
    const root = doc.contents;
    const services = get(root, 'services', doc);
    const list =
      services !== undefined
        ? entries(services, doc)
        : entries(root, doc).filter(([, v]) => isMap(v) && get(v, 'image', doc) !== undefined);
    for (const [name, service] of list) {
      if (!isMap(service) || get(service, 'build', doc) !== undefined) continue;
      const node = get(service, 'image', doc);
      if (isMap(node) || isSeq(node)) {
        out.problem(node.range?.[0] ?? 0, `compose: services.${name}.image must be a string`);
        continue;
      }
      const value = scalarText(node, text);
      if (!value || seen.has(value.node) || (isScalar(node) && value.value === '')) continue;
      seen.add(value.node);
      const { start } = value;
      const e = expand(value.value, (k) => (start === undefined ? undefined : start + k), lookup, {
        dollarDollar: true,
      });
      out.image({
        at: start ?? value.nodeStart,
        segments: e.segments,
        unresolved: e.unresolved,
        raw: value.value,
        meta: { service: name },
      });
    }
  }
  return out.result();
}

export const compose: FileDiscoverer = {
  kind: 'compose',
  matches: (path) => NAME.test(basename(path)),
  scan: scanCompose,
};
