/**
 * For tests: the structural rules of the CycloneDX 1.5 JSON schema that a BOM of ours can break (required
 * fields, enums, patterns, closed property sets, references that must resolve). Returns the problems.
 */
const TOP_LEVEL = new Set([
  '$schema',
  'bomFormat',
  'specVersion',
  'serialNumber',
  'version',
  'metadata',
  'components',
  'services',
  'externalReferences',
  'dependencies',
  'compositions',
  'properties',
  'vulnerabilities',
  'annotations',
  'formulation',
  'signature',
]);
const COMPONENT_TYPES = new Set([
  'application',
  'framework',
  'library',
  'container',
  'platform',
  'operating-system',
  'device',
  'device-driver',
  'firmware',
  'file',
  'machine-learning-model',
  'data',
]);
const COMPONENT_KEYS = new Set([
  'type',
  'mime-type',
  'bom-ref',
  'supplier',
  'author',
  'publisher',
  'group',
  'name',
  'version',
  'description',
  'scope',
  'hashes',
  'licenses',
  'copyright',
  'cpe',
  'purl',
  'swid',
  'modified',
  'pedigree',
  'externalReferences',
  'properties',
  'components',
  'evidence',
  'releaseNotes',
  'modelCard',
  'data',
  'signature',
]);
const SEVERITIES = new Set(['critical', 'high', 'medium', 'low', 'info', 'none', 'unknown']);
const METHODS = new Set(['CVSSv2', 'CVSSv3', 'CVSSv31', 'CVSSv4', 'OWASP', 'SSVC', 'other']);
const SERIAL = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const PURL = /^pkg:[a-z][a-z0-9.+-]*\/[^@?#]+(@[^?#]+)?(\?[^#]*)?(#.*)?$/;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? (v as unknown[]) : []);
const show = (v: unknown): string => JSON.stringify(v) ?? 'undefined';

export function cyclonedx15Problems(bom: unknown): string[] {
  const problems: string[] = [];
  const problem = (s: string): void => void problems.push(s);
  if (!isObj(bom)) return ['not an object'];
  for (const key of Object.keys(bom)) if (!TOP_LEVEL.has(key)) problem(`unknown top-level property ${key}`);
  if (bom['bomFormat'] !== 'CycloneDX') problem('bomFormat is not "CycloneDX"');
  if (bom['specVersion'] !== '1.5') problem('specVersion is not "1.5"');
  if (!Number.isInteger(bom['version']) || (bom['version'] as number) < 1)
    problem('version is not an integer ≥ 1');
  if (typeof bom['serialNumber'] !== 'string' || !SERIAL.test(bom['serialNumber']))
    problem('serialNumber is not a urn:uuid');

  const refs = new Set<string>();
  const checkComponent = (c: unknown, where: string): void => {
    if (!isObj(c)) return problem(`${where} is not an object`);
    for (const key of Object.keys(c))
      if (!COMPONENT_KEYS.has(key)) problem(`${where} has unknown property ${key}`);
    if (!COMPONENT_TYPES.has(c['type'] as string))
      problem(`${where}.type ${String(c['type'])} is not a component type`);
    if (typeof c['name'] !== 'string' || c['name'] === '') problem(`${where}.name is missing`);
    if (c['purl'] !== undefined && (typeof c['purl'] !== 'string' || !PURL.test(c['purl'])))
      problem(`${where}.purl ${show(c['purl'])} is not a package URL`);
    const ref = c['bom-ref'];
    if (ref !== undefined) {
      if (typeof ref !== 'string' || ref === '') problem(`${where}.bom-ref is empty`);
      else if (refs.has(ref)) problem(`${where}.bom-ref ${ref} is not unique`);
      else refs.add(ref);
    }
    for (const p of list(c['properties']))
      if (!isObj(p) || typeof p['name'] !== 'string' || typeof p['value'] !== 'string')
        problem(`${where}.properties has an entry without name and value`);
  };

  const metadata = bom['metadata'];
  if (!isObj(metadata)) problem('metadata is missing');
  else {
    if (typeof metadata['timestamp'] !== 'string' || Number.isNaN(Date.parse(metadata['timestamp'])))
      problem('metadata.timestamp is not a date-time');
    checkComponent(metadata['component'], 'metadata.component');
    const tools = metadata['tools'];
    if (isObj(tools))
      list(tools['components']).forEach((c, i) => checkComponent(c, `metadata.tools.components[${i}]`));
  }
  const components = list(bom['components']);
  components.forEach((c, i) => checkComponent(c, `components[${i}]`));
  const componentRefs = new Set(components.filter(isObj).map((c) => c['bom-ref'] as string));

  for (const [i, d] of list(bom['dependencies']).entries()) {
    if (!isObj(d) || typeof d['ref'] !== 'string') problem(`dependencies[${i}].ref is missing`);
    else
      for (const target of [d['ref'], ...list(d['dependsOn'])])
        if (!refs.has(target as string))
          problem(`dependencies[${i}] names ${String(target)}, which is not a bom-ref`);
  }

  for (const [i, v] of list(bom['vulnerabilities']).entries()) {
    const where = `vulnerabilities[${i}]`;
    if (!isObj(v)) {
      problem(`${where} is not an object`);
      continue;
    }
    const ref = v['bom-ref'];
    if (typeof ref === 'string') {
      if (refs.has(ref)) problem(`${where}.bom-ref ${ref} is not unique`);
      refs.add(ref);
    }
    if (typeof v['id'] !== 'string') problem(`${where}.id is missing`);
    if (v['source'] !== undefined && (!isObj(v['source']) || typeof v['source']['name'] !== 'string'))
      problem(`${where}.source has no name`);
    for (const r of list(v['references']))
      if (!isObj(r) || typeof r['id'] !== 'string' || !isObj(r['source']))
        problem(`${where}.references needs id and source`);
    for (const r of list(v['ratings'])) {
      if (!isObj(r)) continue;
      if (r['severity'] !== undefined && !SEVERITIES.has(r['severity'] as string))
        problem(`${where} rating severity ${show(r['severity'])}`);
      if (r['method'] !== undefined && !METHODS.has(r['method'] as string))
        problem(`${where} rating method ${show(r['method'])}`);
      if (r['score'] !== undefined && (typeof r['score'] !== 'number' || r['score'] < 0 || r['score'] > 10))
        problem(`${where} rating score ${show(r['score'])}`);
    }
    for (const a of list(v['affects'])) {
      if (!isObj(a) || !componentRefs.has(a['ref'] as string))
        problem(`${where}.affects names ${isObj(a) ? String(a['ref']) : '?'}, which is no component`);
      else
        for (const version of list(a['versions']))
          if (!isObj(version) || !['affected', 'unaffected', 'unknown'].includes(version['status'] as string))
            problem(`${where}.affects versions need a status`);
    }
  }
  return problems;
}
