/** TTN export: every emitted ES5 script gives its examples' outputs in a fresh V8 context and in Duktape. */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'acorn';
import { listCodecs } from '../../src/registry';
import { ExportError, buildCodecs } from '../../src/export/index';
import { exampleCalls, mismatches, runInDuktape, runInFreshContext } from './engines';

/**
 * The Things Stack refuses a JavaScript payload formatter over 40,960 bytes (console and API; the
 * device repository allows more). Our budget stays well under it, so growth is noticed early.
 */
const TTS_FORMATTER_LIMIT = 40_960;
const SIZE_BUDGET = 24 * 1024;

let dir: string;
let files: string[];
const ids = listCodecs().map((c) => c.id);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ardoise-ttn-'));
  files = (await buildCodecs('ttn', dir)).files;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('buildCodecs ttn', () => {
  it('writes one script and one example file per first-party codec', () => {
    expect(files.map((f) => basename(f)).sort()).toEqual(ids.flatMap((id) => [`${id}.js`, `${id}.yaml`]).sort());
  });

  it('emits ES5.1 with global TS013 functions and no module syntax', async () => {
    for (const id of ids) {
      const code = await readFile(join(dir, `${id}.js`), 'utf8');
      expect(() => parse(code, { ecmaVersion: 5, sourceType: 'script' }), id).not.toThrow();
      const globals = (parse(code, { ecmaVersion: 5 }) as unknown as { body: Array<{ type: string; id?: { name: string } }> }).body
        .filter((n) => n.type === 'FunctionDeclaration')
        .map((n) => n.id!.name);
      expect(globals, id).toEqual(['decodeUplink', 'encodeDownlink', 'decodeDownlink']);
    }
  });

  it('keeps every script far under The Things Stack console limit of 40 KB, with no polyfill inside', async () => {
    for (const id of ids) {
      const file = join(dir, `${id}.js`);
      expect((await stat(file)).size, id).toBeLessThanOrEqual(SIZE_BUDGET);
      expect(SIZE_BUDGET).toBeLessThan(TTS_FORMATTER_LIMIT);
      expect(await readFile(file, 'utf8'), id).not.toMatch(/core-js|__core-js_shared__/);
    }
  });

  it('refuses to build a codec that needs an ES2015+ built-in, naming it', async () => {
    const devicesDir = await mkdtemp(join(tmpdir(), 'ardoise-ttn-src-'));
    const kit = join(import.meta.dirname, '../../src/kit/index');
    await writeFile(
      join(devicesDir, 'ardoise-parking.ts'),
      `import { defineCodec, u8 } from ${JSON.stringify(kit)};
export const parking = defineCodec({ id: 'ardoise-parking', name: 'p', description: 'd', downlinks: [], uplinks: [
  { type: 1, name: 'status', fPort: 1, description: 's', fields: [u8('n')], derive: (d) => { d.seen = new Set([d.n]).size; } },
] });`,
    );
    try {
      const build = buildCodecs('ttn', join(devicesDir, 'out'), { devicesDir, codecs: ['ardoise-parking'] });
      await expect(build).rejects.toThrow(ExportError);
      await expect(build).rejects.toThrow(/ardoise-parking: the codec uses built-ins an ES5\.1 engine lacks \(core-js modules .*es\.set\b/);
    } finally {
      await rm(devicesDir, { recursive: true, force: true });
    }
  });

  it('points the copied examples at the emitted script', async () => {
    const yaml = await readFile(join(dir, 'ardoise-streetlight.yaml'), 'utf8');
    expect(yaml).toContain('fileName: ardoise-streetlight.js');
    expect(yaml).not.toContain('.ts');
  });

  it.each(ids)('%s passes its examples in a fresh node:vm context', async (id) => {
    const calls = await exampleCalls(join(dir, `${id}.yaml`));
    expect(calls.length).toBeGreaterThanOrEqual(5);
    const script = await readFile(join(dir, `${id}.js`), 'utf8');
    expect(mismatches(calls, runInFreshContext(script, calls))).toEqual([]);
  });

  it.each(ids)('%s passes its examples in Duktape (ES5-only engine)', async (id) => {
    const calls = await exampleCalls(join(dir, `${id}.yaml`));
    const script = await readFile(join(dir, `${id}.js`), 'utf8');
    expect(mismatches(calls, await runInDuktape(script, calls, dir, id))).toEqual([]);
  });
});
