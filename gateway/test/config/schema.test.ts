import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchemaText } from '../../src/config/index';
import { SCHEMA_FILE } from '../../src/config/write-schema';

describe('config JSON Schema', () => {
  it('gateway/config.schema.json is up to date (regenerate: npx tsx gateway/src/config/write-schema.ts)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(configJsonSchemaText());
  });

  it('describes every section and rejects unknown keys', () => {
    const schema = JSON.parse(configJsonSchemaText());
    expect(Object.keys(schema.properties)).toEqual(['site', 'storage', 'devices', 'inputs', 'rules', 'sync', 'api', 'logging', 'health']);
    expect(schema.required).toEqual(['site']);
    expect(schema.additionalProperties).toBe(false);
  });
});
