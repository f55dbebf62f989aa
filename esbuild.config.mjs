// Builds the daemon as one file, dist/ardoise.mjs. Native modules stay external (see issue 2).
// Placeholder until the gateway core lands its full build (shipping natives beside the bundle).
import { build } from 'esbuild';

await build({
  entryPoints: ['gateway/src/cli/entry.ts'],
  outfile: 'dist/ardoise.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3', 'serialport', '@serialport/*', 'cbor-extract', '@ardoise/test-bench', '@ardoise/test-bench/*'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
