/** Writes docs/shipshape.schema.json from the zod schema. Run: node --import tsx scripts/gen-schema.ts */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { JSON_SCHEMA_PATH, configJsonSchemaText } from '../src/config/json-schema.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, JSON_SCHEMA_PATH);
// Formatted like every other file, so `prettier --check .` passes on the generated one.
const text = await format(configJsonSchemaText(), { ...(await resolveConfig(target)), filepath: target });
writeFileSync(target, text);
console.log(`wrote ${JSON_SCHEMA_PATH}`);
