/**
 * Random and mutated frames through every vendor-style fixture, in the sandbox: each call answers
 * with a TS013-shaped result (data or errors), never a throw, never a hang, never a lost item.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prng } from '../../src/prng';
import type { DecodeUplinkOutput } from '../../src/types';
import { FIXTURES, loadFixture } from './fixtures';

const codecs = [
  ...readdirSync(FIXTURES).filter((f) => f.endsWith('.js')),
  ...readdirSync(FIXTURES + 'killers').map((f) => `killers/${f}`),
];
const FRAMES = 4000;

function frames(seed: number): Array<{ fPort: number; bytes: number[] }> {
  const rnd = prng(seed);
  const seeds = [[0x00, 0x08, 0x66, 0x5a, 0x0b, 0xb8], [0x01, 0x40, 0xe2, 0x01, 0x00, 0x2a, 0x00, 0xde, 0xad, 0xbe, 0xef], [0x01, 0x00, 0x7d, 0, 0, 4, 0xd2, 0x57]];
  return Array.from({ length: FRAMES }, (_, i) => {
    const fPort = rnd() < 0.7 ? [1, 2, 5, 10][i % 4] : Math.floor(rnd() * 256);
    if (i % 2 === 0) return { fPort, bytes: Array.from({ length: Math.floor(rnd() * 24) }, () => Math.floor(rnd() * 256)) };
    const bytes = seeds[i % seeds.length].slice();
    const flips = 1 + Math.floor(rnd() * 3);
    for (let k = 0; k < flips; k++) bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
    return { fPort, bytes: rnd() < 0.2 ? bytes.slice(0, Math.floor(rnd() * bytes.length)) : bytes };
  });
}

function isTs013(out: DecodeUplinkOutput): boolean {
  const hasData = out.data !== undefined && typeof out.data === 'object' && !Array.isArray(out.data);
  const hasErrors = Array.isArray(out.errors) && out.errors.every((e) => typeof e === 'string');
  return hasData || hasErrors;
}

describe.each(codecs)('%s under random and mutated frames', (name) => {
  it(`answers all ${FRAMES} with a TS013-shaped result`, async () => {
    // The killers' traps sit on fPorts the fuzzer hits now and then: each hit must cost one item, no more.
    const codec = await loadFixture(name, { timeoutMs: 50, memoryMb: 32, maxRestartsPerBatch: 1000 });
    try {
      const inputs = frames(name.length * 7919);
      const outs = await codec.decodeUplinkBatch(inputs);
      expect(outs).toHaveLength(FRAMES);
      const bad = outs.findIndex((o) => !isTs013(o));
      expect(bad, bad >= 0 ? `${JSON.stringify(inputs[bad])} -> ${JSON.stringify(outs[bad])}` : '').toBe(-1);
    } finally {
      await codec.close();
    }
  });
});
