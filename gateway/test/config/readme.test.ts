import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/config/index';

type Node = { type?: string; properties?: Record<string, Node>; items?: Node; additionalProperties?: Node; anyOf?: Node[]; description?: string };

/** Every configurable key path in the schema, e.g. "devices[].lorawan.app_key" (secret refs are leaves). */
function keyPaths(node: Node, prefix = ''): string[] {
  if (node.anyOf?.some((n) => n.properties?.file || n.properties?.env)) return [prefix];
  if (node.properties && Object.keys(node.properties).join() === 'file') return [prefix];
  if (node.properties) return Object.entries(node.properties).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k));
  if (node.type === 'array' && node.items?.properties) return keyPaths(node.items, `${prefix}[]`);
  if (node.additionalProperties?.properties) return keyPaths(node.additionalProperties, `${prefix}.<name>`);
  return [prefix];
}

describe('README config reference', () => {
  it('documents every config key', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');
    const paths = keyPaths(configJsonSchema() as Node);
    expect(paths.length).toBeGreaterThan(50);
    expect(paths.filter((p) => !readme.includes(`\`${p}\``))).toEqual([]);
  });
});
