/**
 * The sandbox worker's program as source text, for `new Worker(WORKER_SOURCE, {eval: true})`:
 * no separate file to ship or locate, identical under vitest, the esbuild bundle and npm.
 */
import { WORKER_FUNCTIONS, sandboxWorkerMain } from './worker-runtime';

/** The identifier a function is declared with in its own text: a minifier renames functions
 * consistently, but under keepNames `.name` keeps the original name while the text does not. */
function declaredName(fn: (...args: never[]) => unknown): string {
  const match = /^function\s*([\w$]+)/.exec(fn.toString());
  if (!match) throw new Error('sandbox worker: cannot find the name of its main function');
  return match[1];
}

// 'use strict' is load-bearing: a sloppy host function calling the codec would be reachable as
// `decodeUplink.caller`, and through its constructor, the worker's Function and process.
export const WORKER_SOURCE = `'use strict';\n${WORKER_FUNCTIONS.map((fn) => fn.toString()).join('\n')}\n${declaredName(sandboxWorkerMain)}();\n`;
