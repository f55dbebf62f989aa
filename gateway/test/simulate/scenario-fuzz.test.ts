import { describe, expect, it } from 'vitest';
import { ScenarioError, parseScenario } from '../../src/simulate/scenario';
import { angers } from './base';

/** Replace one random leaf of a valid scenario with a random value. */
function mutate(value: unknown, rand: () => number): unknown {
  const junk = [null, -1, 1e12, 'x', '25:99', '', true, [], {}, 'crise', '2026-13-45T99:00:00Z', Number.NaN];
  if (Array.isArray(value)) {
    if (value.length === 0 || rand() < 0.2) return junk[Math.floor(rand() * junk.length)];
    const i = Math.floor(rand() * value.length);
    return value.map((v, k) => (k === i ? mutate(v, rand) : v));
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 0 || rand() < 0.15) return junk[Math.floor(rand() * junk.length)];
    const k = keys[Math.floor(rand() * keys.length)];
    return { ...(value as Record<string, unknown>), [k]: mutate((value as Record<string, unknown>)[k], rand) };
  }
  return junk[Math.floor(rand() * junk.length)];
}

describe('scenario / rules config parsing, fuzzed', () => {
  it('every mutated config either parses or fails with ScenarioError lines "where: key.path: message"', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const base = angers({ simulation: { rain: [{ from: '2026-07-10T13:00:00Z', to: '2026-07-10T16:00:00Z', mm_per_h: 4 }] } });
    let refused = 0;
    for (let i = 0; i < 400; i++) {
      const data = mutate(base, rand);
      try {
        parseScenario(data, 'fuzz.yaml');
      } catch (e) {
        expect(e).toBeInstanceOf(ScenarioError);
        for (const line of (e as Error).message.split('\n')) expect(line).toMatch(/^fuzz\.yaml: [^:]+: .+/);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
  });
});
