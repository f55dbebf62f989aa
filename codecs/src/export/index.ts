/**
 * `@ardoise/codecs/export`: first-party codecs as standalone scripts for The Things Stack (ES5.1)
 * and ChirpStack v4 (script with global functions). Node-only (esbuild, Babel), hence its own entry: the package
 * root stays browser-safe. Used by `ardoise codec build --target ttn|chirpstack --out DIR`.
 */
export { type BuildOptions, type BuildResult, buildCodecs } from './build';
export { type BuildTarget, TARGETS } from './targets';
export { ExportError } from './errors';
export { assertEs5 } from './es5';
