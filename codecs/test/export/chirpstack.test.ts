/** ChirpStack export: every emitted script, run the way ChirpStack v4 runs a codec, gives its examples' outputs. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCodecs } from '../../src/registry';
import { ExportError, buildCodecs } from '../../src/export/index';
import { parse } from 'acorn';
import { exampleCalls, mismatches, runLikeChirpStack } from './engines';

let dir: string;
const ids = listCodecs().map((c) => c.id);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ardoise-chirpstack-'));
  await buildCodecs('chirpstack', dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('buildCodecs chirpstack', () => {
  it('declares the TS013 functions globally in a plain script, with no module syntax (ChirpStack evaluates it as a script)', async () => {
    for (const id of ids) {
      const code = await readFile(join(dir, `${id}.js`), 'utf8');
      const program = parse(code, { ecmaVersion: 2020, sourceType: 'script' }) as unknown as { body: Array<{ type: string; id?: { name: string } }> };
      const globals = program.body.filter((n) => n.type === 'FunctionDeclaration').map((n) => n.id!.name);
      expect(globals, id).toEqual(['decodeUplink', 'encodeDownlink', 'decodeDownlink']);
    }
  });

  it.each(ids)('%s passes its examples when called as ChirpStack v4 calls a codec', async (id) => {
    const calls = await exampleCalls(join(dir, `${id}.yaml`));
    expect(calls.length).toBeGreaterThanOrEqual(5);
    const script = await readFile(join(dir, `${id}.js`), 'utf8');
    expect(mismatches(calls, runLikeChirpStack(script, calls))).toEqual([]);
  });

  it('refuses an unknown target or codec with what is allowed', async () => {
    await expect(buildCodecs('loriot' as 'ttn', dir)).rejects.toThrow(ExportError);
    await expect(buildCodecs('loriot' as 'ttn', dir)).rejects.toThrow('unknown target "loriot": allowed are ttn, chirpstack');
    await expect(buildCodecs('ttn', dir, { codecs: ['acme-lamp'] })).rejects.toThrow(/unknown codec acme-lamp: first-party codecs are ardoise-/);
  });
});
