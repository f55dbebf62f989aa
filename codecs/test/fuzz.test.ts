import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prng } from '../src/prng';
import { firstPartyExampleFiles } from '../src/examples/index';
import { type DecodeUplinkOutput, type FirstPartyCodec, getCodec, listCodecs, parseExampleFile } from '../src/index';

// Deterministic fuzzing of every first-party decoder (uplink and downlink): random payloads and
// mutations (bit flips, truncation, extension, byte overwrites) of the valid example payloads.
const RUNS = 100_000;

type Seed = { bytes: number[]; fPort: number };

function seedsOf(codec: FirstPartyCodec, section: 'uplinkDecoder' | 'downlinkDecoder'): Seed[] {
  const file = firstPartyExampleFiles().find((f) => f.endsWith(`/${codec.id}.yaml`))!;
  const examples = parseExampleFile(readFileSync(file, 'utf8'), file)[section]?.examples ?? [];
  return examples.map((e) => ({ bytes: e.input.bytes as number[], fPort: e.input.fPort as number }));
}

function mutate(seed: Seed, rnd: () => number): Seed {
  const int = (n: number) => Math.floor(rnd() * n);
  const bytes = seed.bytes.slice();
  const choice = int(6);
  if (choice === 0) return { bytes: Array.from({ length: int(48) }, () => int(256)), fPort: int(4) === 0 ? int(260) : seed.fPort };
  if (choice === 1) bytes.length = int(bytes.length + 1);
  if (choice === 2) for (let i = int(8); i >= 0; i--) bytes.push(int(256));
  const flips = choice >= 3 ? 1 + int(4) : 0;
  for (let i = 0; i < flips && bytes.length > 0; i++) {
    const at = int(bytes.length);
    bytes[at] = choice === 5 ? int(256) : bytes[at]! ^ (1 << int(8));
  }
  return { bytes, fPort: seed.fPort };
}

function checkShape(out: DecodeUplinkOutput): string | undefined {
  if (typeof out !== 'object' || out === null) return 'not an object';
  const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string' && s.length > 0);
  if (out.errors !== undefined && (!strings(out.errors) || out.errors.length === 0 || out.data !== undefined)) return 'bad errors';
  if (out.errors === undefined && (typeof out.data !== 'object' || out.data === null)) return 'neither data nor errors';
  if (out.warnings !== undefined && !strings(out.warnings)) return 'bad warnings';
  JSON.stringify(out);
  return undefined;
}

describe('fuzzing first-party decoders', () => {
  for (const { id } of listCodecs()) {
    for (const section of ['uplinkDecoder', 'downlinkDecoder'] as const) {
      it(`${id} ${section}: ${RUNS} random and mutated payloads never throw and always give data or errors`, () => {
        const codec = getCodec(id)!;
        const seeds = seedsOf(codec, section);
        const decode = section === 'uplinkDecoder' ? codec.decodeUplink : codec.decodeDownlink!;
        const rnd = prng(0xc0dec ^ id.length ^ section.length);
        let decoded = 0;
        const bad: string[] = [];
        for (let i = 0; i < RUNS && bad.length < 5; i++) {
          const input = mutate(seeds[i % seeds.length]!, rnd);
          const out = decode(input);
          const problem = checkShape(out);
          if (problem) bad.push(`${problem}: ${JSON.stringify(input)}`);
          else if (out.data) decoded++;
        }
        expect(bad).toEqual([]);
        // The mutations reach past the header: a good share decode to data (with or without warnings).
        expect(decoded).toBeGreaterThan(RUNS / 20);
      });
    }
  }
});

describe('fuzzing first-party encoders with arbitrary data', () => {
  const junk = [undefined, null, true, -1, 0, 1.5, 255, 70_000, 1e12, Number.NaN, '', '12:00', 'x'.repeat(300), [], [{}], {}, { at: '01:00', level: 50 }];
  for (const { id } of listCodecs()) {
    it(`${id}: 10,000 random commands and frames give bytes or errors, never a throw`, () => {
      const codec = getCodec(id)!;
      const rnd = prng(0xe7c0de ^ id.length);
      const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
      const names = { command: [...codec.spec.downlinks.map((f) => f.name), 'nope'], frame: [...codec.spec.uplinks.map((f) => f.name), 'nope'] };
      const keysOf = (frames: typeof codec.spec.uplinks) => frames.flatMap((f) => f.fields.flatMap((field) => field.keys));
      for (let i = 0; i < 10_000; i++) {
        const uplink = rnd() < 0.5;
        const data: Record<string, unknown> = { [uplink ? 'frame' : 'command']: pick(uplink ? names.frame : names.command) };
        for (const key of keysOf(uplink ? codec.spec.uplinks : codec.spec.downlinks)) if (rnd() < 0.8) data[key] = pick(junk);
        const out = uplink ? codec.encodeUplink(data) : codec.encodeDownlink({ data });
        const ok = out.errors ? out.errors.length > 0 && out.bytes === undefined : Array.isArray(out.bytes) && out.bytes.every((b) => (b & 0xff) === b);
        if (!ok) expect.fail(`bad output ${JSON.stringify(out)} for ${JSON.stringify(data)}`);
      }
    });
  }
});
