import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { getCodec, listCodecs } from '../registry';
import { type AsyncCodec, asAsyncCodec } from '../types';

/** Loads vendor JavaScript into a sandboxed codec (implemented by codecs/src/sandbox: `loadVendorCodec`). */
export type VendorCodecLoader = (source: string, options: { fileName: string }) => Promise<AsyncCodec>;

/** Gives the codec an example file's `fileName` names (resolved relative to the YAML file). */
export type CodecResolver = (fileName: string, yamlFile: string) => Promise<AsyncCodec>;

/** Largest vendor codec source read (published codecs are well under 200 kB). */
export const MAX_VENDOR_SOURCE = 2 * 1024 * 1024;

const VENDOR_EXTENSIONS = new Set(['.js', '.cjs', '.mjs']);

/**
 * The default resolver: a `.js` file is vendor code, loaded through `loadVendorCodec` (sandboxed);
 * anything else names a first-party codec by its id, as `ardoise-streetlight.ts` or
 * `ardoise-streetlight`, and resolves to the registry.
 */
export function codecResolver(options: { loadVendorCodec?: VendorCodecLoader } = {}): CodecResolver {
  return (fileName, yamlFile) => loadCodec(fileName, dirname(yamlFile), options.loadVendorCodec);
}

/** A codec by reference: a vendor `.js` file (relative to `baseDir`) or a first-party id / `<id>.ts`. */
export async function loadCodec(ref: string, baseDir: string, loadVendorCodec?: VendorCodecLoader): Promise<AsyncCodec> {
  if (VENDOR_EXTENSIONS.has(extname(ref))) {
    const path = resolve(baseDir, ref);
    if (!loadVendorCodec) throw new Error(`${ref}: vendor codecs need the sandbox, which is not available here`);
    return loadVendorCodec(await readVendorSource(path), { fileName: path });
  }
  return asAsyncCodec(firstParty(ref.endsWith('.ts') ? basename(ref, '.ts') : ref));
}

/** A first-party codec by id, or an error listing the known ids. */
export function firstParty(id: string) {
  const codec = getCodec(id);
  if (!codec) throw new Error(`unknown codec "${id}" (first-party codecs: ${listCodecs().map((c) => c.id).join(', ')})`);
  return codec;
}

export async function readVendorSource(path: string): Promise<string> {
  const info = await stat(path);
  if (info.size > MAX_VENDOR_SOURCE) throw new Error(`${path}: ${info.size} bytes exceeds the ${MAX_VENDOR_SOURCE}-byte limit for a codec`);
  return readFile(path, 'utf8');
}
