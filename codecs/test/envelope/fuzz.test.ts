/**
 * Fuzzing decodeBatch with 120,000 seeded random and mutated inputs: it only ever returns a
 * batch or throws EnvelopeError, and whatever it accepts encodes and decodes back the same.
 * (A hang would show as this test running into its timeout.)
 */
import { encode as cborgEncode } from 'cborg';
import { describe, expect, it } from 'vitest';
import { decodeBatch, encodeBatch, EnvelopeError, type SyncBatch } from '../../src/envelope/index';
import { prng } from '../../src/prng';
import { commandsBatch, eventsBatch, readingsBatch } from './fixtures';

type Outcome = 'accepted' | 'rejected';

function check(bytes: Uint8Array, failures: string[]): Outcome {
  let batch: SyncBatch;
  try {
    batch = decodeBatch(bytes);
  } catch (error) {
    if (error instanceof EnvelopeError) return 'rejected';
    failures.push(`${Buffer.from(bytes).toString('hex').slice(0, 200)} threw ${String(error)}`);
    return 'rejected';
  }
  try {
    expect(decodeBatch(encodeBatch(batch))).toEqual(batch);
  } catch (error) {
    failures.push(`${Buffer.from(bytes).toString('hex').slice(0, 200)} accepted but did not re-encode: ${String(error)}`);
  }
  return 'accepted';
}

const seeds: Uint8Array[] = [
  encodeBatch(readingsBatch(12, 5, 4)),
  encodeBatch(eventsBatch()),
  encodeBatch(commandsBatch()),
  encodeBatch({ gatewayId: 'g', stream: 'readings', firstSeq: 0, lastSeq: 0, createdAt: 0, readings: [] }),
];

function mutate(src: Uint8Array, rand: () => number): Uint8Array {
  const bytes = Array.from(src);
  const edits = 1 + Math.floor(rand() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * bytes.length);
    const op = Math.floor(rand() * 6);
    if (op === 0) bytes[at] = Math.floor(rand() * 256);
    else if (op === 1) bytes[at] = bytes[at]! ^ (1 << Math.floor(rand() * 8));
    else if (op === 2) bytes.splice(at, 1 + Math.floor(rand() * 4));
    else if (op === 3) bytes.splice(at, 0, ...Array.from({ length: 1 + Math.floor(rand() * 4) }, () => Math.floor(rand() * 256)));
    else if (op === 4) bytes.length = at;
    else bytes[at] = [0x00, 0x17, 0x18, 0x1b, 0x20, 0x3b, 0x40, 0x5f, 0x60, 0x7f, 0x80, 0x9f, 0xa0, 0xbf, 0xc1, 0xd9, 0xf4, 0xf6, 0xf7, 0xfa, 0xfb, 0xff][Math.floor(rand() * 22)]!;
  }
  return Uint8Array.from(bytes);
}

/** Structurally plausible envelopes with random values in random slots (type confusion). */
function plausible(rand: () => number): Uint8Array {
  const pick = (): unknown => {
    const k = Math.floor(rand() * 12);
    return [0, 1, -1, 2 ** 33, 1.5, Number.NaN, null, true, 'x', [], {}, [0, 1]][k];
  };
  const maybe = (v: unknown) => (rand() < 0.15 ? pick() : v);
  const stream = Math.floor(rand() * 3);
  const record = [
    [1, 0, -5, 3, 1, [2, 1.5, 3, true]],
    [1, 1, 0, 10, null, 2, { a: [1, 'b'] }],
    [1, 0, 2, { level: 5 }, 3, 1, 20, 4, 10, 'detail'],
  ][stream]!.map(maybe);
  const records = Array.from({ length: Math.floor(rand() * 4) }, () => record);
  const env = [maybe(1), [maybe('gw'), maybe(stream), maybe(1), maybe(9), maybe(1000)], maybe(['d', 's', 'q', 'b']), records];
  return cborgEncode(env.map((v) => (rand() < 0.05 ? pick() : v)));
}

describe('decodeBatch under fuzzing', () => {
  it('120,000 random and mutated inputs: only EnvelopeError, and accepted input round-trips', () => {
    const rand = prng(20261123);
    const failures: string[] = [];
    const count = { accepted: 0, rejected: 0 };
    for (let i = 0; i < 30_000; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(rand() * 48) }, () => Math.floor(rand() * 256));
      count[check(bytes, failures)]++;
    }
    for (let i = 0; i < 70_000; i++) count[check(mutate(seeds[i % seeds.length]!, rand), failures)]++;
    for (let i = 0; i < 20_000; i++) count[check(plausible(rand), failures)]++;
    expect(failures.slice(0, 5)).toEqual([]);
    // The generators reach deep into the format: some inputs pass, most are rejected.
    expect(count.accepted).toBeGreaterThan(1000);
    expect(count.rejected).toBeGreaterThan(50_000);
  });
});
