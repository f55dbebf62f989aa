import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SECTIONS, getCodec, listCodecs, parseExampleFile } from '../src/index';
import { firstPartyExampleFiles, formatFailure, runExampleFile } from '../src/examples/index';

// The one generic test: every first-party codec's TTN-format example YAML must pass in full.
describe('first-party codec examples (TTN device-repository YAML)', () => {
  const files = firstPartyExampleFiles();

  it('has one example file per first-party codec, sorted by codec id', async () => {
    expect(files.map((f) => f.replace(/^.*\//, ''))).toEqual(listCodecs().map((c) => `${c.id}.yaml`).sort());
  });

  for (const file of files) {
    it(file.replace(/^.*\//, ''), async () => {
      const outcomes = await runExampleFile(file);
      expect(outcomes.filter((o) => !o.passed).map(formatFailure)).toEqual([]);
      expect(outcomes.length).toBeGreaterThanOrEqual(5);
      const sections = new Set(outcomes.map((o) => o.section));
      expect([...sections].sort()).toEqual(['downlinkDecoder', 'downlinkEncoder', 'uplinkDecoder']);
    });
  }
});

// What the YAML alone cannot prove: each example file covers errors, and the codec's two sides agree
// (a command encodes to bytes that decodeDownlink reads back; a frame decodes to data that the
// device side, encodeUplink, writes back to the same bytes).
describe('first-party codec examples: error cases and round trips', () => {
  for (const file of firstPartyExampleFiles()) {
    const id = file.replace(/^.*\//, '').replace(/\.yaml$/, '');
    it(`${id}: has error examples, and every valid command and frame round-trips`, () => {
      const codec = getCodec(id)!;
      const examples = parseExampleFile(readFileSync(file, 'utf8'), file);
      const all = SECTIONS.flatMap((s) => examples[s]?.examples ?? []);
      expect(all.filter((e) => e.output.errors !== undefined).length, 'examples with errors').toBeGreaterThanOrEqual(2);
      const commands = (examples.downlinkEncoder?.examples ?? []).filter((e) => e.output.errors === undefined && e.output.warnings === undefined);
      expect(commands.length).toBeGreaterThanOrEqual(1);
      for (const ex of commands) {
        const encoded = codec.encodeDownlink({ data: ex.input.data as Record<string, unknown> });
        const decoded = codec.decodeDownlink({ bytes: encoded.bytes!, fPort: encoded.fPort! });
        expect(decoded.data, ex.description).toEqual(ex.input.data);
      }
      const frames = (examples.uplinkDecoder?.examples ?? []).filter((e) => e.output.errors === undefined && e.output.warnings === undefined);
      expect(frames.length).toBeGreaterThanOrEqual(1);
      for (const ex of frames) {
        const encoded = codec.encodeUplink(ex.output.data as Record<string, unknown>);
        expect({ bytes: encoded.bytes, fPort: encoded.fPort }, ex.description).toEqual({ bytes: ex.input.bytes, fPort: ex.input.fPort });
      }
    });
  }
});
