import * as SunCalcModule from 'suncalc';

// suncalc (sun position, never hand-written here) is CommonJS: Node ESM exposes it as `default`,
// bundlers as the namespace itself. Reading through a plain record keeps esbuild from warning
// about a `default` that the typings do not declare.
const namespace: Record<string, unknown> = SunCalcModule;

/** The suncalc API, whichever way the module system hands it over. */
export const SunCalc = (namespace.default ?? namespace) as typeof SunCalcModule;
