import { z } from 'zod';
import { ConfigSchema } from './schema.js';

/** Where the published schema lives; editors point at it with `# yaml-language-server: $schema=…`. */
export const JSON_SCHEMA_PATH = 'docs/shipshape.schema.json';

/**
 * The JSON Schema of shipshape.yaml. Draft-07 because it is what YAML editors support best.
 * Refinements that span fields (e.g. passwordEnv vs passwordFile) are not expressible here;
 * the loader still checks them.
 */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ConfigSchema, { target: 'draft-07', io: 'input' });
}

/** The file's exact text: stable key order, two-space indent, trailing newline. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
