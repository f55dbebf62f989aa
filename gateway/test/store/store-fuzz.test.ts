import { prng } from '@ardoise/codecs';
import { describe, expect, it } from 'vitest';
import { StoreInputError } from '../../src/store/index';
import type { ReadingInput } from '../../src/store/types';
import { T0, useTempDir } from './helpers';

function randomValue(r: () => number): unknown {
  const pick = Math.floor(r() * 12);
  const pool: unknown[] = [
    r() * 1e6 - 5e5, Math.round(r() * 1000) / 10, Math.floor(r() * 2 ** 53), -0, r() < 0.5, Number.NaN, Infinity,
    Number.MIN_VALUE, Number.MAX_VALUE, 'str', null, (r() - 0.5) * 1e-30,
  ];
  return pool[pick];
}

function randomString(r: () => number): unknown {
  const len = Math.floor(r() * 140);
  if (r() < 0.05) return 42;
  return Array.from({ length: len }, () => String.fromCodePoint(32 + Math.floor(r() * 0x2fff))).join('');
}

function randomReading(r: () => number): ReadingInput {
  const m: Record<string, unknown> = {};
  const count = r() < 0.05 ? 70 : Math.floor(r() * 6);
  for (let i = 0; i < count; i++) m[String(randomString(r))] = randomValue(r);
  return {
    deviceId: randomString(r),
    source: r() < 0.9 ? 'fuzz' : randomString(r),
    observedAt: r() < 0.95 ? T0 + Math.floor(r() * 1e9) : (randomValue(r) as number),
    receivedAt: T0 + Math.floor(r() * 1e9),
    measurements: m,
    ...(r() < 0.1 ? { quality: randomValue(r) } : {}),
    ...(r() < 0.1 ? { priority: Math.floor(r() * 6) - 1 } : {}),
  } as ReadingInput;
}

describe('store: fuzzed readings', () => {
  const tmp = useTempDir();

  it('either stores a reading exactly or refuses it with a StoreInputError; never anything else', () => {
    const seed = Date.now() % 100_000;
    const r = prng(seed);
    const store = tmp.open();
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const input = randomReading(r);
      let stored;
      try {
        stored = store.appendReadings([input])[0]!;
      } catch (err) {
        expect(err, `seed ${seed} case ${i}`).toBeInstanceOf(StoreInputError);
        continue;
      }
      accepted++;
      const back = store.readingsAfter(stored.seq - 1, 1)[0]!;
      const json = (x: object) => JSON.parse(JSON.stringify({ ...x, measurements: {} })) as unknown; // -0 ≡ 0
      expect(json(back), `seed ${seed} case ${i}`).toEqual(json(stored));
      for (const [k, v] of Object.entries(input.measurements)) {
        expect(back.measurements[k], `seed ${seed} case ${i} ${k}`).toBe(v === 0 ? 0 : v);
      }
    }
    expect(accepted).toBeGreaterThan(100);
    expect(store.stats().readings).toBe(accepted);
  });
});
