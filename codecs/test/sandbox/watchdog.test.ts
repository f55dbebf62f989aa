/**
 * The watchdog limits each call, not each batch, and only the culprit pays: batches in flight
 * behind a killed one are run again on the restarted worker.
 */
import { describe, expect, it } from 'vitest';
import { loadVendorCodec } from '../../src/sandbox';
import { loadFixture } from './fixtures';

describe('the per-call time limit', () => {
  it('lets a batch run longer than the limit when each call stays under it', async () => {
    // Each call busy-works ~10 ms in the codec (8x under the limit, for loaded machines); sixteen
    // of them in one batch take twice the limit.
    const codec = await loadVendorCodec('function decodeUplink(i){ var t = Date.now(); while (Date.now() - t < 10) {} return {data:{n:i.fPort}} }', { id: 'slowish', timeoutMs: 80, maxBatch: 16 });
    try {
      const outs = await codec.decodeUplinkBatch(Array.from({ length: 16 }, (_, i) => ({ fPort: i, bytes: [] })));
      expect(outs.map((o) => o.data?.n)).toEqual(Array.from({ length: 16 }, (_, i) => i));
      expect(codec.restarts).toBe(0);
    } finally {
      await codec.close();
    }
  });

  it('with batches in flight behind the culprit: only the culprit fails, every other call is answered', async () => {
    const codec = await loadFixture('killers/loop.js', { timeoutMs: 100, maxBatch: 2 });
    try {
      const ports = [1, 99, 1, 1, 1, 1, 1];
      const outs = await codec.decodeUplinkBatch(ports.map((fPort) => ({ fPort, bytes: [] })));
      expect(outs[1].errors).toEqual(['codec loop: decodeUplink exceeded its 100 ms time limit; stopped, codec restarted']);
      expect(outs.filter((o, i) => i !== 1)).toEqual(Array(6).fill({ data: { ok: true } }));
      expect(codec.restarts).toBe(1);
    } finally {
      await codec.close();
    }
  });
});

describe('a codec that keeps stopping its sandbox', () => {
  it('is suspended for a while on the agent clock, then tried again', async () => {
    const clock = { t: 0, monotonic() { return this.t; } };
    const codec = await loadFixture('killers/loop.js', { timeoutMs: 100, maxRestartsPerBatch: 1, clock });
    try {
      const [killed, skipped] = await codec.decodeUplinkBatch([{ fPort: 99, bytes: [] }, { fPort: 1, bytes: [] }]);
      expect(killed.errors?.[0]).toMatch(/exceeded its 100 ms time limit/);
      expect(skipped.errors).toEqual(['codec loop: decodeUplink skipped: the sandbox was restarted 1 times in this batch']);
      expect(await codec.decodeUplink({ fPort: 1, bytes: [] })).toEqual({ errors: ['codec loop: decodeUplink suspended for another 1 s: it keeps stopping its sandbox'] });
      expect(codec.stats()).toMatchObject({ suspended: 1, timeouts: 1 });
      clock.t = 1000;
      expect(await codec.decodeUplink({ fPort: 1, bytes: [] })).toEqual({ data: { ok: true } });
      expect(codec.restarts).toBe(1);
    } finally {
      await codec.close();
    }
  });
});
