import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadVendorCodec, type SandboxOptions, type VendorCodec } from '../../src/sandbox';

export const FIXTURES = fileURLToPath(new URL('../fixtures/vendor/', import.meta.url));

export function fixtureSource(name: string): string {
  return readFileSync(FIXTURES + name, 'utf8');
}

/** Loads a fixture file into its own sandbox, named after the file. */
export function loadFixture(name: string, options: SandboxOptions = {}): Promise<VendorCodec> {
  const fileName = name.replace(/^.*\//, '');
  return loadVendorCodec(fixtureSource(name), { id: fileName.replace(/\.js$/, ''), fileName, ...options });
}
