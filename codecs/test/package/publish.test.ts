/**
 * The published package, as a consumer gets it: built, packed (scripts/pack.mjs), installed from
 * the tarball into a fresh project outside the monorepo WITHOUT network, then used from a plain
 * `node` process. Its dependencies come from tarballs packed from the monorepo's node_modules
 * (the npm cache here is empty and the test must not go online); optional dependencies are
 * omitted, so cbor-x runs its pure-JS path as in a browser or a cloud function without cbor-extract.
 * Also: the root entry bundles for the browser with no `node:` import, the Node-only subpaths are
 * the three documented ones, the .d.ts resolve under moduleResolution nodenext, and the export
 * tool works from the package (it builds codecs from dist/devices/*.js). The monorepo's codecs/dist/
 * is never touched: the pack builds in its own staging folder.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { runInNewContext } from 'node:vm';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const PKG = resolve(import.meta.dirname, '..', '..');
const ROOT = resolve(PKG, '..');
const NODE_ONLY = ['./examples', './sandbox', './export'];

let tmp: string;
let project: string;
let installed: string;

/** Runs `code` as an ES module in a plain node child whose cwd is `cwd`; returns its JSON output. */
async function nodeJson(cwd: string, code: string): Promise<Record<string, unknown>> {
  const file = join(cwd, `check-${Date.now()}-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, code);
  const { stdout } = await run(process.execPath, [file], { cwd, timeout: 20_000 });
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** tsc -p `dir` with the monorepo's TypeScript; exit code and diagnostics. */
function typecheck(dir: string): Promise<{ code: number; stdout: string }> {
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  return run(process.execPath, [tsc, '-p', dir], { cwd: dir }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
}

async function packDependency(name: string): Promise<string> {
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp, join(ROOT, 'node_modules', name)]);
  return join(tmp, (JSON.parse(stdout) as { filename: string }[])[0]!.filename);
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ardoise-codecs-publish-'));
  const { stdout } = await run(process.execPath, [join(PKG, 'scripts', 'pack.mjs'), tmp]);
  const tarball = stdout.trim().split('\n').at(-1)!;
  const deps = await Promise.all(['cbor-x', 'yaml'].map(packDependency));
  project = join(tmp, 'consumer');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  await run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--omit=optional', '--ignore-scripts', tarball, ...deps], { cwd: project });
  installed = join(project, 'node_modules', '@ardoise', 'codecs');
}, 60_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the packed @ardoise/codecs', () => {
  it('ships dist, README and the data files, with a manifest pointing at dist', () => {
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(manifest.main).toBe('./dist/index.js');
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(manifest.scripts).toBeUndefined();
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['cbor-x', 'yaml']);
    expect(Object.keys(manifest.peerDependenciesMeta).sort()).toEqual(['@babel/core', '@babel/preset-env', 'acorn', 'esbuild']);
    expect(readdirSync(installed).sort()).toEqual(['LICENSE', 'README.md', 'dist', 'package.json']);
    expect(existsSync(join(installed, 'dist', 'devices', 'ardoise-streetlight.yaml'))).toBe(true);
    expect(existsSync(join(installed, 'dist', 'devices', 'ardoise-streetlight.md'))).toBe(true);
    expect(existsSync(join(installed, 'dist', 'envelope', 'envelope.cddl'))).toBe(true);
    expect(existsSync(join(project, 'node_modules', 'cbor-extract')), 'native accelerator must be absent').toBe(false);
    expect(existsSync(join(project, 'node_modules', 'esbuild'))).toBe(false);
  });

  it('decodes, encodes and round-trips envelopes from a plain node process', async () => {
    const out = await nodeJson(
      project,
      `
      import { getCodec, encodeBatch, decodeBatch, sampleReadingsBatch } from '@ardoise/codecs';
      import { isDeepStrictEqual } from 'node:util';
      const light = getCodec('ardoise-streetlight');
      const bytes = [0x11,0x50,0x50,0x01,0x01,0xA9,0x00,0x01,0xE2,0x40,0x09,0x00,0x00,0xB9,0x61,0x00,0x27,0xFA,0x00,0x0D,0x80,0x00];
      const up = light.decodeUplink({ bytes, fPort: 1, recvTime: new Date() });
      const down = light.encodeDownlink({ data: { command: 'set_level', level: 50 } });
      const back = light.decodeDownlink({ bytes: down.bytes, fPort: down.fPort });
      const batch = sampleReadingsBatch(200);
      const envelope = encodeBatch(batch);
      console.log(JSON.stringify({
        resolved: import.meta.resolve('@ardoise/codecs'),
        up, measurements: light.measurements(up, 1), down, back: back.data,
        envelopeBytes: envelope.length, roundTrip: isDeepStrictEqual(decodeBatch(envelope), batch),
      }));
      `,
    );
    expect(out.resolved).toBe(`file://${join(installed, 'dist', 'index.js')}`);
    expect(out.up).toMatchObject({ data: { frame: 'status', dim_level: 80, active_power: 42.5, voltage: 230.4 } });
    expect((out.up as { errors?: unknown }).errors).toBeUndefined();
    expect(out.measurements).toContainEqual(expect.objectContaining({ quantity: 'active_power', value: 42.5 }));
    expect(out.down).toEqual({ bytes: [0x11, 0x32], fPort: 2 });
    expect(out.back).toMatchObject({ command: 'set_level', level: 50 });
    expect(out.envelopeBytes).toBeGreaterThan(0);
    expect(out.roundTrip).toBe(true);
  });

  it('runs its Node-only subpaths: the examples runner on its shipped YAMLs and the vendor sandbox', async () => {
    const out = await nodeJson(
      project,
      `
      import { firstPartyExampleFiles, runExampleFiles, summarize } from '@ardoise/codecs/examples';
      import { loadVendorCodec } from '@ardoise/codecs/sandbox';
      const files = firstPartyExampleFiles();
      const summary = summarize(await runExampleFiles(files));
      const vendor = await loadVendorCodec('function Decoder(bytes, port) { return { t: bytes[0] / 2, port: port }; }', { fileName: 'v.js' });
      const decoded = await vendor.decodeUplink({ bytes: [41], fPort: 3, recvTime: new Date() });
      await vendor.close();
      console.log(JSON.stringify({ files: files.length, summary, decoded }));
      `,
    );
    expect(out.files).toBe(9);
    expect(out.summary).toMatchObject({ failed: 0 });
    expect((out.summary as { passed: number }).passed).toBeGreaterThanOrEqual(45);
    expect(out.decoded).toMatchObject({ data: { t: 20.5, port: 3 } });
  });

  it('types resolve for a consumer on moduleResolution nodenext', async () => {
    writeFileSync(
      join(project, 'consumer.ts'),
      `import { getCodec, decodeBatch, type DecodeUplinkOutput, type SyncBatch } from '@ardoise/codecs';
       import { loadVendorCodec } from '@ardoise/codecs/sandbox';
       const out: DecodeUplinkOutput = getCodec('ardoise-streetlight')!.decodeUplink({ bytes: [1], fPort: 1 });
       const batch: SyncBatch = decodeBatch(new Uint8Array(0));
       // @ts-expect-error: decodeUplink wants bytes
       getCodec('x')?.decodeUplink({ fPort: 1 });
       export { out, batch, loadVendorCodec };
      `,
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true,
          skipLibCheck: false, types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')],
        },
        files: ['consumer.ts'],
      }),
    );
    expect(await typecheck(project)).toEqual({ code: 0, stdout: '' });
  });

  it('root types need no Node types (browser app: bundler resolution, DOM lib, no @types/node)', async () => {
    const dir = join(project, 'web');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'app.ts'),
      `import { getCodec, decodeBatch, encodeBatch, type SyncBatch } from '@ardoise/codecs';
       const out = getCodec('ardoise-streetlight')!.decodeUplink({ bytes: [1], fPort: 1 });
       const batch: SyncBatch = decodeBatch(encodeBatch(decodeBatch(new Uint8Array(0))));
       export { out, batch };
      `,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'esnext', moduleResolution: 'bundler', target: 'es2022', lib: ['es2022', 'dom'],
          strict: true, noEmit: true, skipLibCheck: false, types: [],
        },
        files: ['app.ts'],
      }),
    );
    expect(await typecheck(dir)).toEqual({ code: 0, stdout: '' });
  });

  it('can be required from CommonJS (Node >= 20.19 require of ES modules, as the engines field says)', async () => {
    const file = join(project, 'legacy.cjs');
    writeFileSync(file, `const { getCodec } = require('@ardoise/codecs'); console.log(JSON.stringify(getCodec('ardoise-valve').decodeDownlink({ bytes: [], fPort: 99 })));`);
    const { stdout } = await run(process.execPath, [file], { cwd: project });
    expect(JSON.parse(stdout)).toHaveProperty('errors');
  });

  it('bundles its root entry for the browser with no node: import; the Node-only subpaths are the documented three', async () => {
    const result = await esbuild.build({
      entryPoints: [join(installed, 'dist', 'index.js')],
      bundle: true, write: false, platform: 'browser', format: 'esm', metafile: true, logLevel: 'silent',
    });
    const imported = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
    expect(imported.filter((p) => p.startsWith('node:') && !p.startsWith('(disabled)'))).toEqual([]);
    expect(Object.keys(result.metafile.inputs).filter((p) => p.includes('node:'))).toEqual([]);

    // Run that bundle where no Node global exists (no process, Buffer, require): the codec and the envelope work.
    const iife = await esbuild.build({
      entryPoints: [join(installed, 'dist', 'index.js')],
      bundle: true, write: false, platform: 'browser', format: 'iife', globalName: 'codecs', logLevel: 'silent',
    });
    const sandbox = { TextEncoder, TextDecoder, result: undefined as unknown };
    runInNewContext(
      `${iife.outputFiles[0]!.text};
       const light = codecs.getCodec('ardoise-streetlight');
       const batch = codecs.sampleReadingsBatch(20);
       result = JSON.stringify({
         hasNode: typeof process !== 'undefined' || typeof Buffer !== 'undefined' || typeof require !== 'undefined',
         down: light.encodeDownlink({ data: { command: 'set_level', level: 50 } }),
         readings: codecs.decodeBatch(codecs.encodeBatch(batch)).readings.length,
       });`,
      sandbox,
    );
    expect(JSON.parse(sandbox.result as string)).toEqual({ hasNode: false, down: { bytes: [0x11, 0x32], fPort: 2 }, readings: 20 });

    // sideEffects: false lets an app that only reads envelopes leave the codecs and yaml out.
    const envelopeOnly = await esbuild.build({
      stdin: { contents: `export { decodeBatch } from '@ardoise/codecs';`, resolveDir: project },
      bundle: true, write: false, platform: 'browser', format: 'esm', logLevel: 'silent',
    });
    expect(envelopeOnly.outputFiles[0]!.text).toContain('function decodeBatch');
    expect(envelopeOnly.outputFiles[0]!.text).not.toMatch(/ardoise-streetlight|YAMLMap/);

    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    const nodeOnly = Object.entries(manifest.exports as Record<string, unknown>)
      .filter(([, target]) => typeof target === 'object' && !('default' in (target as object)))
      .map(([path]) => path);
    expect(nodeOnly).toEqual(NODE_ONLY);
    for (const subpath of NODE_ONLY) {
      const refused = esbuild.build({
        stdin: { contents: `import '@ardoise/codecs${subpath.slice(1)}';`, resolveDir: project },
        bundle: true, write: false, platform: 'browser', logLevel: 'silent',
      });
      await expect(refused, subpath).rejects.toThrow(/not exported|Could not resolve/);
    }
  });

  it('exports standalone TTN scripts, passing their examples, from the package once its optional peers are installed', async () => {
    // A consumer that uses /export: the packed package plus the optional peers. The peers are linked
    // from the monorepo's node_modules (installing them offline would need their whole trees packed).
    const modules = join(tmp, 'exporter', 'node_modules');
    cpSync(join(project, 'node_modules'), modules, { recursive: true });
    for (const peer of ['esbuild', '@babel', 'acorn']) symlinkSync(join(ROOT, 'node_modules', peer), join(modules, peer));
    const outDir = join(tmp, 'ttn');
    const out = await nodeJson(
      join(tmp, 'exporter'),
      `
      import { buildCodecs } from '@ardoise/codecs/export';
      import { codecResolver, runExampleFile, summarize } from '@ardoise/codecs/examples';
      import { loadVendorCodec } from '@ardoise/codecs/sandbox';
      const { files } = await buildCodecs('ttn', ${JSON.stringify(outDir)}, { codecs: ['ardoise-streetlight'] });
      const loaded = [];
      const load = async (source, options) => { const codec = await loadVendorCodec(source, options); loaded.push(codec); return codec; };
      const examples = summarize(await runExampleFile(files[1], { resolveCodec: codecResolver({ loadVendorCodec: load }) }));
      await Promise.all(loaded.map((codec) => codec.close()));
      console.log(JSON.stringify({ resolved: import.meta.resolve('@ardoise/codecs/export'), files, examples }));
      `,
    );
    expect(out.resolved).toBe(`file://${join(modules, '@ardoise', 'codecs', 'dist', 'export', 'index.js')}`);
    expect(out.files).toEqual([join(outDir, 'ardoise-streetlight.js'), join(outDir, 'ardoise-streetlight.yaml')]);
    expect(readFileSync(join(outDir, 'ardoise-streetlight.js'), 'utf8')).toMatch(/function decodeUplink/);
    // The emitted script (run by the examples runner as a vendor codec) passes the codec's own examples.
    expect(out.examples).toMatchObject({ failed: 0 });
    expect((out.examples as { passed: number }).passed).toBeGreaterThanOrEqual(5);
  });
});
