/** Writes docs/shipshape.schema.json from the zod schema. Run: node --import tsx scripts/gen-schema.ts */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JSON_SCHEMA_PATH, configJsonSchemaText } from '../src/config/json-schema.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, JSON_SCHEMA_PATH);
writeFileSync(target, configJsonSchemaText());
console.log(`wrote ${JSON_SCHEMA_PATH}`);
