/** ChirpStack export: every emitted ES module, evaluated in a fresh vm context, gives its examples' outputs. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCodecs } from '../../src/registry';
import { ExportError, buildCodecs } from '../../src/export/index';
import { exampleCalls, mismatches, runAsModule } from './engines';

let dir: string;
const ids = listCodecs().map((c) => c.id);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ardoise-chirpstack-'));
  await buildCodecs('chirpstack', dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('buildCodecs chirpstack', () => {
  it('exports the TS013 functions as ES module functions', async () => {
    const code = await readFile(join(dir, 'ardoise-valve.js'), 'utf8');
    for (const fn of ['decodeUplink', 'encodeDownlink', 'decodeDownlink']) expect(code).toContain(`export function ${fn}(input)`);
  });

  it.each(ids)('%s passes its examples as a standalone module in a fresh context', async (id) => {
    const calls = await exampleCalls(join(dir, `${id}.yaml`));
    expect(calls.length).toBeGreaterThanOrEqual(5);
    expect(mismatches(calls, await runAsModule(join(dir, `${id}.js`), calls, dir, id))).toEqual([]);
  });

  it('refuses an unknown target or codec with what is allowed', async () => {
    await expect(buildCodecs('loriot' as 'ttn', dir)).rejects.toThrow(ExportError);
    await expect(buildCodecs('loriot' as 'ttn', dir)).rejects.toThrow('unknown target "loriot": allowed are ttn, chirpstack');
    await expect(buildCodecs('ttn', dir, { codecs: ['acme-lamp'] })).rejects.toThrow(/unknown codec acme-lamp: first-party codecs are ardoise-/);
  });
});
