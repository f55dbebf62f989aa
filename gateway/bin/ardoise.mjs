#!/usr/bin/env node
// Development entry for `npx ardoise`: runs the TypeScript source through tsx.
// Production runs the esbuild bundle dist/ardoise.mjs instead (see esbuild.config.mjs).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
