/**
 * The three killers of issue 3 — an endless loop, an allocation bomb (on and off the V8 heap) and
 * a codec reaching for Node.js — are each stopped and reported with an `errors` entry naming the
 * codec and the cause, while the agent's process survives and a healthy codec keeps decoding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VendorCodec } from '../../src/sandbox';
import { loadFixture } from './fixtures';

const ok = { fPort: 1, bytes: [0x00, 0x08, 0x66, 0x5a, 0x0b, 0xb8] };
let healthy: VendorCodec;
beforeAll(async () => { healthy = await loadFixture('ts013-thermo.js'); });
afterAll(async () => { await healthy.close(); });

async function healthyStillDecodes() {
  const out = await healthy.decodeUplink(ok);
  expect(out.data?.temperature).toBe(21.5);
}

describe('a codec that loops forever', () => {
  it('is stopped at its time limit, reported, restarted, and the rest of its batch is decoded', async () => {
    const codec = await loadFixture('killers/loop.js', { timeoutMs: 100 });
    try {
      const [before, stuck, after] = await Promise.all([
        codec.decodeUplink({ fPort: 1, bytes: [] }),
        codec.decodeUplink({ fPort: 99, bytes: [] }),
        codec.decodeUplink({ fPort: 1, bytes: [] }),
        healthyStillDecodes(),
      ]);
      expect(stuck.errors).toEqual(['codec loop: decodeUplink exceeded its 100 ms time limit; stopped, codec restarted']);
      expect(stuck.data).toBeUndefined();
      expect(before).toEqual({ data: { ok: true } });
      expect(after).toEqual({ data: { ok: true } });
      expect(codec.stats()).toEqual({ restarts: 1, timeouts: 1, outOfMemory: 0, crashes: 0, refused: 0, suspended: 0, queued: 0 });
      expect(await codec.decodeUplink({ fPort: 1, bytes: [] })).toEqual({ data: { ok: true } });
    } finally {
      await codec.close();
    }
  });

  it('fails the rest of a batch fast after repeated restarts, and is suspended', async () => {
    const codec = await loadFixture('killers/loop.js', { timeoutMs: 20, maxRestartsPerBatch: 2 });
    try {
      const outs = await codec.decodeUplinkBatch([99, 99, 99, 1].map((fPort) => ({ fPort, bytes: [] })));
      expect(outs[0].errors?.[0]).toMatch(/exceeded its 20 ms time limit/);
      expect(outs[1].errors?.[0]).toMatch(/exceeded its 20 ms time limit/);
      expect(outs[2].errors).toEqual(['codec loop: decodeUplink skipped: the sandbox was restarted 2 times in this batch']);
      expect(outs[3].errors?.[0]).toMatch(/skipped/);
      // and it is suspended for a while (see watchdog.test.ts for the way back)
      expect(await codec.decodeUplink({ fPort: 1, bytes: [] })).toEqual({ errors: ['codec loop: decodeUplink suspended for another 1 s: it keeps stopping its sandbox'] });
    } finally {
      await codec.close();
    }
  });
});

describe('a codec that allocates without end', () => {
  it('is stopped at its heap limit and reported; the codec comes back', async () => {
    // A generous time limit, so that on a loaded machine the heap limit is what stops it.
    const codec = await loadFixture('killers/alloc-bomb.js', { memoryMb: 32, timeoutMs: 20_000 });
    try {
      const [bomb, fine] = await Promise.all([
        codec.decodeUplink({ fPort: 98, bytes: [] }),
        codec.decodeUplink({ fPort: 1, bytes: [] }),
        healthyStillDecodes(),
      ]);
      expect(bomb.errors).toEqual(['codec alloc-bomb: decodeUplink exceeded its 32 MB memory limit; stopped, codec restarted']);
      expect(fine).toEqual({ data: { ok: true } });
      expect(codec.stats()).toMatchObject({ restarts: 1, timeouts: 0, outOfMemory: 1 });
    } finally {
      await codec.close();
    }
  });

  it('cannot grow ArrayBuffer storage (off the V8 heap) past the limit', async () => {
    const codec = await loadFixture('killers/alloc-bomb.js', { memoryMb: 32 });
    try {
      const out = await codec.decodeUplink({ fPort: 97, bytes: [] });
      expect(out.errors?.[0]).toMatch(/^codec alloc-bomb: decodeUplink threw RangeError: Uint8Array of 536870912 bytes exceeds the sandbox buffer limit \(33554432 bytes live\)/);
      await healthyStillDecodes();
      expect(codec.restarts).toBe(0);
    } finally {
      await codec.close();
    }
  });
});

describe('a codec that reaches for Node.js', () => {
  let codec: VendorCodec;
  beforeAll(async () => { codec = await loadFixture('killers/node-escape.js'); });
  afterAll(async () => { await codec.close(); });

  it.each([
    [1, /threw ReferenceError: process is not defined \(node-escape\.js:4:\d+\) \(the sandbox gives codecs no Node\.js globals/],
    [2, /threw ReferenceError: require is not defined \(node-escape\.js:5:\d+\)/],
    [4, /threw ReferenceError: Buffer is not defined/],
    [5, /threw ReferenceError: setTimeout is not defined/],
  ])('fPort %i: reported as an error naming the codec and the cause', async (fPort, cause) => {
    const out = await codec.decodeUplink({ fPort, bytes: [] });
    expect(out.errors).toHaveLength(1);
    expect(out.errors?.[0]).toMatch(/^codec node-escape: decodeUplink /);
    expect(out.errors?.[0]).toMatch(cause);
  });

  it('cannot climb out through the constructor chain (the context holds no host object)', async () => {
    const out = await codec.decodeUplink({ fPort: 3, bytes: [] });
    expect(out.errors?.[0]).toMatch(/^codec node-escape: decodeUplink threw ReferenceError: process is not defined/);
  });

  it('cannot reach the host through its caller (the host functions are strict)', async () => {
    expect(await codec.decodeUplink({ fPort: 8, bytes: [] })).toEqual({ data: { caller: 'null', args: 'null' } });
  });

  it('has no network either', async () => {
    expect(await codec.decodeUplink({ fPort: 6, bytes: [] })).toEqual({ data: { fetched: 'undefined' } });
  });

  it('keeps decoding afterwards, and so does the agent', async () => {
    expect(await codec.decodeUplink({ fPort: 7, bytes: [] })).toEqual({ data: { ok: true } });
    expect(codec.restarts).toBe(0);
    await healthyStillDecodes();
  });
});
