/**
 * GitLab CI: `image` and `services` at the top level, under `default:` and in every job (hidden
 * `.template` jobs too), as strings or `{ name: … }` maps. `$VAR` / `${VAR}` are expanded from the
 * file's global and job `variables:` (rewritable where written); CI_* and other runtime variables
 * leave the reference unresolved. `!reference` tags are skipped.
 */
import { isMap, isNode, isScalar, type Document } from 'yaml';
import type { FileDiscoverer, FileScanResult } from '../../../ports/source.js';
import { Collector } from '../shared/collector.js';
import { expand, type Binding, type Lookup } from '../shared/interpolate.js';
import { basename } from '../shared/paths.js';
import { entries, get, items, parseYaml, scalarText, type ScalarText } from '../shared/yaml.js';

const NAME = /^(?:\.|.+\.)gitlab-ci\.ya?ml$/;
const RESERVED = new Set([
  'default',
  'include',
  'stages',
  'variables',
  'workflow',
  'image',
  'services',
  'cache',
  'before_script',
  'after_script',
  'types',
  'spec',
]);

type Vars = Map<string, ScalarText>;

function variables(node: unknown, doc: Document.Parsed, text: string): Vars {
  const vars: Vars = new Map();
  for (const [name, value] of entries(node, doc)) {
    const scalar = scalarText(isMap(value) ? get(value, 'value', doc) : value, text);
    if (scalar) vars.set(name, scalar);
  }
  return vars;
}

function lookupIn(scopes: readonly Vars[]): Lookup {
  const resolving = new Set<string>();
  const lookup: Lookup = (name): Binding | undefined => {
    const value = scopes.find((s) => s.has(name))?.get(name);
    if (!value || resolving.has(name)) return undefined;
    resolving.add(name);
    const { start } = value;
    const e = expand(value.value, (k) => (start === undefined ? undefined : start + k), lookup, {
      dollarDollar: true,
    });
    resolving.delete(name);
    return { segments: e.segments, unresolved: e.unresolved };
  };
  return lookup;
}

export function scanGitlabCi(path: string, text: string): FileScanResult {
  const out = new Collector(path, 'gitlab-ci', text);
  const parsed = parseYaml(text);
  for (const p of parsed.problems) out.problem(p, p.message);
  const seen = new Set<unknown>();

  const report = (
    node: unknown,
    doc: Document.Parsed,
    what: string,
    lookup: Lookup,
    meta: Record<string, string>,
  ): void => {
    const target = isMap(node) ? get(node, 'name', doc) : node;
    if (isNode(target) && target.tag === '!reference') return;
    if (!isScalar(target)) {
      if (isNode(target)) out.problem(target.range?.[0] ?? 0, `${what} must be a string or { name: … }`);
      return;
    }
    const value = scalarText(target, text);
    if (!value || seen.has(target)) return;
    seen.add(target);
    const { start } = value;
    const e = expand(value.value, (k) => (start === undefined ? undefined : start + k), lookup, {
      dollarDollar: true,
    });
    out.image({
      at: start ?? value.nodeStart,
      segments: e.segments,
      unresolved: e.unresolved,
      raw: value.value,
      meta,
    });
  };

  for (const doc of parsed.documents) {
    const globals = variables(get(doc.contents, 'variables', doc), doc, text);
    const scan = (holder: unknown, where: string, lookup: Lookup, meta: Record<string, string>): void => {
      report(get(holder, 'image', doc), doc, `${where}image`, lookup, meta);
      items(get(holder, 'services', doc), doc).forEach((service, i) =>
        report(service, doc, `${where}services[${i}]`, lookup, { ...meta, service: String(i) }),
      );
    };
    const globalLookup = lookupIn([globals]);
    scan(doc.contents, '', globalLookup, {});
    scan(get(doc.contents, 'default', doc), 'default.', globalLookup, {});
    for (const [job, body] of entries(doc.contents, doc)) {
      if (RESERVED.has(job) || !isMap(body)) continue;
      const jobVars = variables(get(body, 'variables', doc), doc, text);
      scan(body, `${job}.`, lookupIn([jobVars, globals]), { job });
    }
  }
  return out.result();
}

export const gitlabCi: FileDiscoverer = {
  kind: 'gitlab-ci',
  matches: (path) => NAME.test(basename(path)),
  scan: (path, text) => scanGitlabCi(path, text),
};
