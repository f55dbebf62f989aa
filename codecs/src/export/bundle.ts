/**
 * Bundles one first-party codec, from its TypeScript source, into a single file with no imports
 * (esbuild, in memory); the targets wrap it as an IIFE that stores the TS013 entry points in one
 * global (`GLOBAL`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ExportError } from './errors';

/** The global that holds the bundled codec's entry points inside an emitted script. */
export const GLOBAL = '__ardoiseCodec';

/** TS013 entry points every emitted script exposes. */
export const ENTRY_POINTS = ['decodeUplink', 'encodeDownlink', 'decodeDownlink'] as const;

/** Entry module: picks the codec with this id among the exports of its device module. */
function entrySource(id: string, modulePath: string): string {
  const calls = ENTRY_POINTS.map((fn) => `export function ${fn}(input: unknown) { return codec!.${fn}(input as never); }`);
  return [
    `import * as device from ${JSON.stringify(modulePath)};`,
    // ES5 built-ins only (no Object.values/find): this runs inside the exported script.
    'let codec: Record<string, (input: never) => unknown> | undefined;',
    'for (const name in device) {',
    '  const v = (device as Record<string, unknown>)[name];',
    `  if (typeof v === 'object' && v !== null && (v as { id?: unknown }).id === ${JSON.stringify(id)}) codec = v as Record<string, (input: never) => unknown>;`,
    '}',
    `if (!codec) throw new Error(${JSON.stringify(`codec ${id} not found in ${modulePath}`)});`,
    ...calls,
  ].join('\n');
}

/** esbuild in-memory build of `contents` (resolved from `resolveDir`), returning the one output. */
export async function bundleSource(contents: string, resolveDir: string, options: esbuild.BuildOptions, what: string): Promise<string> {
  try {
    const result = await esbuild.build({
      stdin: { contents, resolveDir, loader: 'ts', sourcefile: `${what}.entry.ts` },
      bundle: true,
      write: false,
      platform: 'neutral',
      mainFields: ['module', 'main'],
      logLevel: 'silent',
      legalComments: 'none',
      ...options,
    });
    return result.outputFiles![0]!.text;
  } catch (error) {
    throw new ExportError(`${what}: bundling failed: ${(error as Error).message}`);
  }
}

/**
 * Bundles the codec `id` (module `devicesDir/<id>.ts` in the source tree, `<id>.js` in the
 * published package's dist/) with the given esbuild output options.
 */
export function bundleCodec(id: string, devicesDir: string, options: esbuild.BuildOptions): Promise<string> {
  const source = join(devicesDir, `${id}.ts`);
  const modulePath = existsSync(source) ? source : join(devicesDir, `${id}.js`);
  return bundleSource(entrySource(id, modulePath), devicesDir, options, id);
}
