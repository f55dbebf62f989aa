import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '@ardoise/device-sdk';
import { GroupCommitter, StoreClosedError, StoreInputError, type FlushInfo } from '../../src/store/index';
import { reading, useTempDir } from './helpers';

describe('GroupCommitter', () => {
  const tmp = useTempDir();

  function setup(options: { flushIntervalMs?: number; maxBatchRows?: number } = {}) {
    const store = tmp.open();
    const clock = new SimulatedClock();
    const flushes: FlushInfo[] = [];
    const gc = new GroupCommitter(store, clock, { ...options, onFlush: (f) => flushes.push(f) });
    return { store, clock, gc, flushes };
  }

  it('commits nothing before the interval, then everything queued in one transaction', async () => {
    const { store, clock, gc, flushes } = setup({ flushIntervalMs: 25 });
    const pending = [gc.submit(reading(1)), gc.submit(reading(2))];
    clock.advance(10);
    pending.push(gc.submit(reading(3)));
    expect(store.stats().readings).toBe(0);
    expect(gc.queueDepth).toBe(3);
    clock.advance(15);
    expect(store.stats().readings).toBe(3);
    expect((await Promise.all(pending)).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(flushes).toEqual([expect.objectContaining({ rows: 3, waitedMs: 25, ok: true })]);
    expect(gc.rowsCommitted).toBe(3);
  });

  it('flushes as soon as maxBatchRows are queued, so the queue never exceeds it (backpressure)', async () => {
    const { store, gc, flushes } = setup({ flushIntervalMs: 1000, maxBatchRows: 4 });
    const all = Array.from({ length: 10 }, (_, i) => gc.submit(reading(i)));
    expect(store.stats().readings).toBe(8);
    expect(gc.queueDepth).toBe(2);
    expect(flushes.map((f) => f.rows)).toEqual([4, 4]);
    await gc.flush();
    expect((await Promise.all(all)).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('resolves a submit only with its committed row (readable from the store)', async () => {
    const { store, clock, gc } = setup();
    const p = gc.submitMany([reading(1), reading(2, { deviceId: 'valve-9' })]);
    clock.advance(25);
    const stored = await p;
    expect(store.readingsAfter(0, 10)).toEqual(stored);
  });

  it('rejects an invalid reading alone, naming the field; the others commit', async () => {
    const { store, clock, gc } = setup();
    const good = gc.submit(reading(1));
    const bad = gc.submit(reading(2, { observedAt: -5 }));
    const alsoGood = gc.submit(reading(3));
    clock.advance(25);
    await expect(bad).rejects.toThrow(StoreInputError);
    await expect(bad).rejects.toThrow(/reading\.observedAt: got -5/);
    expect((await good).seq).toBe(1);
    expect((await alsoGood).seq).toBe(2);
    expect(store.stats().readings).toBe(2);
  });

  it('refuses unbounded batch options', () => {
    const store = tmp.open();
    expect(() => new GroupCommitter(store, new SimulatedClock(), { maxBatchRows: 50_000 })).toThrow(/maxBatchRows is 50000, expected an integer from 1 to 10000/);
    expect(() => new GroupCommitter(store, new SimulatedClock(), { flushIntervalMs: 0 })).toThrow(/flushIntervalMs is 0/);
  });

  it('close() flushes what is queued and refuses later submits', async () => {
    const { store, gc, clock } = setup();
    const p = gc.submit(reading(1));
    await gc.close();
    expect(store.stats().readings).toBe(1);
    expect((await p).seq).toBe(1);
    await expect(gc.submit(reading(2))).rejects.toThrow(StoreClosedError);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('rejects the batch when the commit fails, and reports it to the metrics hook', async () => {
    const { store, gc, flushes } = setup();
    const p = gc.submit(reading(1));
    store.close();
    await gc.flush();
    await expect(p).rejects.toThrow(StoreClosedError);
    expect(flushes).toEqual([expect.objectContaining({ rows: 1, ok: false })]);
  });
});
