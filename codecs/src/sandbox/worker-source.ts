/**
 * The sandbox worker's program as source text, for `new Worker(WORKER_SOURCE, {eval: true})`:
 * no separate file to ship or locate, identical under vitest, the esbuild bundle and npm.
 */
import { WORKER_FUNCTIONS } from './worker-runtime';

export const WORKER_SOURCE = `'use strict';\n${WORKER_FUNCTIONS.map((fn) => fn.toString()).join('\n')}\nsandboxWorkerMain();\n`;
