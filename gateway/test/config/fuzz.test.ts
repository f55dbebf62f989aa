import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/index';
import { MINIMAL_CONFIG } from '../helpers/tmp';

/** Deterministic PRNG so a failure is reproducible from its seed. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEED_TEXT = `${MINIMAL_CONFIG}storage:\n  max_size: 64MB\ndevices:\n  - {id: a, type: lamp, codec: lamp-v1}\napi:\n  tokens: [{name: x, token: {env: HOME}}]\n`;
const PIECES = [':', '-', '{', '}', '[', ']', '"', "'", '&a', '*a', '!!binary', '\n', '  ', '\t', '#', '?', '|', '>', '%', '@', '\u0000', 'null', '1e999', '-0', 'site', 'devices'];

describe('config parser fuzz', () => {
  it('never throws on mutated YAML: always ok or a list of problems with paths', () => {
    const rand = mulberry32(20261123);
    for (let i = 0; i < 400; i++) {
      const chars = [...SEED_TEXT];
      const edits = 1 + Math.floor(rand() * 6);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(rand() * chars.length);
        if (rand() < 0.5) chars.splice(at, 1 + Math.floor(rand() * 4));
        else chars.splice(at, 0, PIECES[Math.floor(rand() * PIECES.length)]!);
      }
      const result = parseConfigText(chars.join(''), { baseDir: '/tmp', env: { HOME: '/root' } });
      if (!result.ok) {
        expect(result.problems.length, `seed iteration ${i}`).toBeGreaterThan(0);
        for (const p of result.problems) expect(typeof p.path === 'string' && p.message.length > 0).toBe(true);
      }
    }
  });

  it('bounds alias expansion (billion laughs) instead of blowing up memory', () => {
    const bomb = `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n`;
    const result = parseConfigText(bomb, { baseDir: '/tmp' });
    expect(result.ok).toBe(false);
  });
});
