// Regenerates gateway/config.schema.json: `npx tsx gateway/src/config/write-schema.ts`.
// gateway/test/config/schema.test.ts fails when the committed file is out of date.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configJsonSchemaText } from './json-schema';

export const SCHEMA_FILE = fileURLToPath(new URL('../../config.schema.json', import.meta.url));

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, configJsonSchemaText());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
