/**
 * buildCodecs: every first-party codec as one standalone script for a network server, with its
 * TTN-format examples beside it (fileName pointing at the script), ready for a device repository.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { DEVICES_DIR } from '../examples/files';
import { SECTIONS } from '../examples/format';
import { listCodecs } from '../registry';
import { ExportError } from './errors';
import { type BuildTarget, TARGETS, buildScript } from './targets';

export interface BuildOptions {
  /** Minify the scripts (default: true for ttn, whose formatters should stay small; false for chirpstack). */
  minify?: boolean;
  /** Only these codec ids (default: every first-party codec). */
  codecs?: readonly string[];
  /** Where the codec sources live (default: this package's src/devices). */
  devicesDir?: string;
}

export interface BuildResult {
  /** Absolute paths of the files written: for each codec `<id>.js` then `<id>.yaml`. */
  files: string[];
}

export async function buildCodecs(target: BuildTarget, outDir: string, options: BuildOptions = {}): Promise<BuildResult> {
  if (!TARGETS.includes(target)) {
    throw new ExportError(`unknown target ${JSON.stringify(target)}: allowed are ${TARGETS.join(', ')}`);
  }
  const devicesDir = options.devicesDir ?? DEVICES_DIR;
  if (!existsSync(devicesDir)) {
    throw new ExportError(`codec sources not found in ${devicesDir}: buildCodecs needs the @ardoise/codecs source tree`);
  }
  const ids = selectIds(options.codecs);
  const dir = resolve(outDir);
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const id of ids) {
    const script = await buildScript(target, id, devicesDir, options.minify ?? target === 'ttn');
    const scriptFile = join(dir, `${id}.js`);
    await writeFile(scriptFile, script);
    files.push(scriptFile);
    const examples = await examplesFor(id, devicesDir);
    if (examples !== undefined) {
      const yamlFile = join(dir, `${id}.yaml`);
      await writeFile(yamlFile, examples);
      files.push(yamlFile);
    }
  }
  return { files };
}

function selectIds(wanted: readonly string[] | undefined): string[] {
  const all = listCodecs().map((c) => c.id);
  if (!wanted) return all;
  const unknown = wanted.filter((id) => !all.includes(id));
  if (unknown.length > 0) throw new ExportError(`unknown codec ${unknown.join(', ')}: first-party codecs are ${all.join(', ')}`);
  return [...wanted];
}

/** The codec's example YAML with every section's fileName pointing at the emitted script. */
async function examplesFor(id: string, devicesDir: string): Promise<string | undefined> {
  const source = join(devicesDir, `${id}.yaml`);
  if (!existsSync(source)) return undefined;
  const doc = parseDocument(await readFile(source, 'utf8'));
  for (const section of SECTIONS) {
    if (doc.hasIn([section, 'fileName'])) doc.setIn([section, 'fileName'], `${id}.js`);
  }
  return doc.toString();
}
