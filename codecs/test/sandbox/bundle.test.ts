/**
 * The worker's program is shipped as the source text of its functions; this proves it survives
 * bundling and minification (the gateway ships as one esbuild bundle), in a real child process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const SANDBOX = fileURLToPath(new URL('../../src/sandbox/index.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ardoise-sandbox-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ENTRY = `
import { loadVendorCodec } from ${JSON.stringify(SANDBOX)};
const codec = await loadVendorCodec('function Decoder(b, p) { return { sum: b.reduce(function (a, x) { return a + x; }, 0), port: p }; }', { id: 'bundled' });
const outs = await codec.decodeUplinkBatch([{ fPort: 3, bytes: [1, 2, 3] }, { fPort: 1, bytes: [300] }]);
await codec.close();
console.log(JSON.stringify(outs));
`;

describe.each([
  ['plain', { minify: false }],
  ['minified, keepNames', { minify: true, keepNames: true }],
])('an esbuild bundle (%s)', (name, flags) => {
  it('loads and runs a vendor codec', async () => {
    const entry = join(dir, `entry-${name.length}.mjs`);
    const out = join(dir, `out-${name.length}.mjs`);
    writeFileSync(entry, ENTRY);
    await build({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent', ...flags });
    const { stdout } = await promisify(execFile)(process.execPath, [out], { timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual([
      { data: { sum: 6, port: 3 } },
      { errors: ['codec bundled: decodeUplink input rejected: bytes[0] = 300 is not an integer 0..255'] },
    ]);
  });
});

describe('the worker program', () => {
  it('ships every function of worker-runtime.ts (a forgotten one would only fail on its path)', async () => {
    const runtime = await import('../../src/sandbox/worker-runtime');
    const functions = Object.entries(runtime).filter(([, v]) => typeof v === 'function').map(([, v]) => v);
    expect(new Set(runtime.WORKER_FUNCTIONS)).toEqual(new Set(functions));
  });
});
