/**
 * ES5.1 for The Things Stack's payload-formatter engine (and Duktape, our test engine): Babel
 * lowers the syntax, esbuild bundles the result into one ES5 IIFE, acorn proves it parses as ES5.
 *
 * No polyfills: the codec kit's run-time code uses ES5 built-ins only (plain objects and arrays,
 * no Map/Set/iterators/Object.entries/padStart), so a formatter stays a few kilobytes (TTS limits
 * a console formatter to 40 KB and asks for no polyfills). Babel's usage detection still runs: if
 * a codec reaches for an ES2015+ built-in, the build fails naming it, instead of shipping a
 * script that breaks on an ES5 engine or a 60 KB polyfill bundle. Decisions: export.md.
 */
import { createRequire } from 'node:module';
import { transformAsync } from '@babel/core';
import { parse } from 'acorn';
import { GLOBAL, bundleSource } from './bundle';
import { ExportError } from './errors';

const require = createRequire(import.meta.url);
const PRESET_ENV = require.resolve('@babel/preset-env');
/** core-js generation whose compatibility data Babel uses to detect ES2015+ built-ins (core-js itself is never bundled). */
const CORE_JS_VERSION = '3.40';

/**
 * Built-ins Babel's detection flags that ES5 engines do have, or that every engine we target
 * (TTS goja, Duktape 2) has: not a reason to fail the build.
 */
const ALLOWED_BUILT_INS: RegExp[] = [
  /^es\.(typed-array|uint8-array|array-buffer|data-view)/, // typed arrays: native in goja and Duktape
  /^esnext\./, /^web\./, // proposals and browser APIs
  /^es\.symbol$/, /^es\.symbol\.(description|to-primitive)$/, // Symbol: native in goja and Duktape
  // ES5 built-ins core-js re-implements to fix old-engine spec deviations we do not depend on:
  /^es\.array\.(push|concat|join|slice|map|filter|index-of|last-index-of|for-each|reduce|some|every|splice|sort|reverse|is-array)$/,
  /^es\.object\.(keys|create|define-property|get-prototype-of|get-own-property-descriptor|to-string)$/,
  /^es\.string\.(replace|split|trim|match|search)$/,
  /^es\.(json|regexp|date|reflect)\./, /^es\.number\.(constructor|to-fixed)$/, /^es\.function\.(name|bind)$/, /^es\.error\.(cause|to-string)$/,
  /^es\.parse-(int|float)$/,
  /^es\.object\.assign$/, // only asked for by Babel's _extends helper, which falls back to a loop itself
  /^es\.object\.assign$/, // only asked for by Babel's _extends helper, which falls back to a loop itself
  // Iterator helpers share method names with arrays (filter, map, some, take...): with no Map, Set or
  // generator in codec code, no iterator object exists to call them on.
  /^es\.iterator\./,
  // Flagged for any property named keys/values/entries (our Field.keys) and for Uint8Array; the codec
  // code calls no array iterator method (Duktape, which has none, runs every example to prove it).
  /^es\.array\.iterator$/,
];

/**
 * Syntax transforms we skip: `typeof x === 'symbol'` works natively in goja and Duktape 2, and the
 * helper Babel would add for it references Symbol.iterator.
 */
const SKIPPED_TRANSFORMS = ['@babel/plugin-transform-typeof-symbol'];

/**
 * Babel assumptions that keep the output small and free of ES2015+ built-ins; true of first-party
 * codec code. `iterableIsArray`: for-of and spread only ever see arrays (no Map/Set/generators in
 * codec code), so they lower to index loops instead of Symbol.iterator helpers.
 */
const ASSUMPTIONS = {
  iterableIsArray: true,
  noClassCalls: true,
  setClassMethods: true,
  setPublicClassFields: true,
  constantSuper: true,
  superIsCallableConstructor: true,
  noDocumentAll: true,
  skipForOfIteratorClosing: true,
  setSpreadProperties: true,
  ignoreToPrimitiveHint: true,
  mutableTemplateObject: true,
  noNewArrows: true,
  setComputedProperties: true,
  ignoreFunctionLength: true,
  objectRestNoSymbols: true,
  pureGetters: true,
};

const POLYFILL_IMPORT = /^import "core-js\/modules\/([\w.-]+)\.js";\n/gm;

/** ES module (modern syntax) → one ES5 script whose IIFE sets the global `GLOBAL`. */
export async function toEs5Script(esm: string, resolveDir: string, what: string, minify: boolean): Promise<string> {
  const lowered = await transformAsync(esm, {
    sourceType: 'module',
    babelrc: false,
    configFile: false,
    browserslistConfigFile: false,
    compact: false,
    assumptions: ASSUMPTIONS,
    presets: [[PRESET_ENV, { targets: { ie: '11' }, modules: false, useBuiltIns: 'usage', corejs: CORE_JS_VERSION, exclude: [...ALLOWED_BUILT_INS, ...SKIPPED_TRANSFORMS] }]],
  });
  if (!lowered?.code) throw new ExportError(`${what}: Babel produced no code`);
  assertNoPolyfillNeeded(lowered.code, what);
  const script = await bundleSource(lowered.code, resolveDir, { format: 'iife', globalName: GLOBAL, target: 'es5', minify, loader: { '.js': 'js' } }, what);
  assertEs5(script, what);
  return script;
}

/** Throws an ExportError naming the ES2015+ built-ins the lowered code still needs, if any. */
function assertNoPolyfillNeeded(code: string, what: string): void {
  const needed = [...code.matchAll(POLYFILL_IMPORT)].map((m) => m[1]!);
  if (needed.length === 0) return;
  throw new ExportError(
    `${what}: the codec uses built-ins an ES5.1 engine lacks (core-js modules ${needed.join(', ')}); ` +
      'codec run-time code must use ES5 built-ins only (plain objects and arrays instead of Map/Set, index loops, manual padding): see codecs/src/export/export.md',
  );
}

/** Throws an ExportError unless `code` parses as an ECMAScript 5.1 script. */
export function assertEs5(code: string, what: string): void {
  try {
    parse(code, { ecmaVersion: 5, sourceType: 'script' });
  } catch (error) {
    throw new ExportError(`${what}: the emitted script is not ES5.1: ${(error as Error).message}`);
  }
}
