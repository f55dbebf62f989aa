import { z } from 'zod';
import { configSchema } from './schema';

/** JSON Schema of the config file for editors (YAML language server: `# yaml-language-server: $schema=...`). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'Ardoise gateway configuration', $id: 'https://ardoise.local/config.schema.json' };
}

export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
