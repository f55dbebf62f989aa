/**
 * ES5.1 for The Things Stack's payload-formatter engine (and Duktape, our test engine): Babel
 * lowers the syntax and adds core-js polyfills for the built-ins the code uses (Map, Set,
 * Object.entries, padStart, ...); esbuild then bundles the polyfills and the codec into one
 * ES5 IIFE; acorn proves the result parses as ES5.
 */
import { createRequire } from 'node:module';
import { transformAsync } from '@babel/core';
import { parse } from 'acorn';
import { GLOBAL, bundleSource } from './bundle';
import { ExportError } from './errors';

const require = createRequire(import.meta.url);
const PRESET_ENV = require.resolve('@babel/preset-env');
const CORE_JS_VERSION = (require('core-js/package.json') as { version: string }).version;

/**
 * core-js modules we do NOT include although usage detection asks for them, because every engine
 * we target (TTS goja, Duktape 2) has the feature, or the code never calls it; each costs
 * kilobytes (TTS asks formatters to stay small). Decisions: export.md.
 */
const NOT_POLYFILLED: RegExp[] = [
  /^es\.(typed-array|uint8-array|array-buffer|data-view)/, // typed arrays: native in goja and Duktape
  /^esnext\./, /^web\./, // proposals and browser APIs
  /^es\.set\..*\.v2$/, /^es\.map\.get-or-insert/, /^es\.iterator\./, // ES2025 methods the code never calls
  /^es\.symbol$/, /^es\.symbol\.(description|to-primitive)$/, // Symbol: native in goja and Duktape
  // ES5 built-ins core-js re-implements to fix old-engine spec deviations we do not depend on:
  /^es\.array\.(push|concat|join|slice|map|filter|index-of|for-each|reduce|some|every|splice|sort|reverse)$/,
  /^es\.object\.(keys|get-prototype-of|get-own-property-descriptor)$/,
  /^es\.(json|regexp|date|reflect)\./, /^es\.number\.constructor$/, /^es\.function\.name$/, /^es\.error\.cause$/,
];

/** Babel assumptions that keep helpers small; true of first-party codec code (no getters with side effects, no class calls). */
const ASSUMPTIONS = {
  noClassCalls: true,
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

/** ES module (modern syntax) → one ES5 script whose IIFE sets the global `GLOBAL`. */
export async function toEs5Script(esm: string, resolveDir: string, what: string, minify: boolean): Promise<string> {
  const lowered = await transformAsync(esm, {
    sourceType: 'module',
    babelrc: false,
    configFile: false,
    browserslistConfigFile: false,
    compact: false,
    assumptions: ASSUMPTIONS,
    presets: [[PRESET_ENV, { targets: { ie: '11' }, modules: false, useBuiltIns: 'usage', corejs: CORE_JS_VERSION, exclude: NOT_POLYFILLED }]],
  });
  if (!lowered?.code) throw new ExportError(`${what}: Babel produced no code`);
  const script = await bundleSource(lowered.code, resolveDir, { format: 'iife', globalName: GLOBAL, target: 'es5', minify, loader: { '.js': 'js' } }, what);
  assertEs5(script, what);
  return script;
}

/** Throws an ExportError unless `code` parses as an ECMAScript 5.1 script. */
export function assertEs5(code: string, what: string): void {
  try {
    parse(code, { ecmaVersion: 5, sourceType: 'script' });
  } catch (error) {
    throw new ExportError(`${what}: the emitted script is not ES5.1: ${(error as Error).message}`);
  }
}
