/**
 * The published JSON Schemas of the CLI's JSON documents (docs/*.schema.json), for tests: parse a command's
 * stdout and fail the test, naming every violation, when it does not match its contract.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';

export type ReportSchema = 'check-report' | 'rollout-report' | 'history-report';

const DOCS = join(import.meta.dirname, '..', '..', 'docs');
const SCHEMAS: readonly ReportSchema[] = ['check-report', 'rollout-report', 'history-report'];

let ajv: Ajv2020 | undefined;
function validator(): Ajv2020 {
  if (ajv) return ajv;
  ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (s: string) =>
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(s) && !Number.isNaN(Date.parse(s)),
  });
  for (const name of SCHEMAS)
    ajv.addSchema(JSON.parse(readFileSync(join(DOCS, `${name}.schema.json`), 'utf8')) as object, name);
  return ajv;
}

/** The violations of `doc` against a schema, one line each; empty when it conforms. */
export function schemaErrors(schema: ReportSchema, doc: unknown): string[] {
  const validate = validator().getSchema(schema)!;
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/** JSON.parse, then throws unless the document matches its schema. */
export function parseReport<T = unknown>(schema: ReportSchema, stdout: string): T {
  const doc = JSON.parse(stdout) as unknown;
  const errors = schemaErrors(schema, doc);
  if (errors.length > 0)
    throw new Error(`output does not match docs/${schema}.schema.json:\n  ${errors.join('\n  ')}`);
  return doc as T;
}
