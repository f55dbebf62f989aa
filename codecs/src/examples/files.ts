import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Source folder of the first-party codecs, their layout docs and their example YAMLs. */
export const DEVICES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'devices');

/** Absolute paths of every first-party example YAML (a development/test helper: reads the source tree). */
export function firstPartyExampleFiles(): string[] {
  return readdirSync(DEVICES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(DEVICES_DIR, f));
}
