import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../src/clock/index';

describe('SimulatedClock', () => {
  it('fires timers in time order while advancing, and moves wall and monotonic time together', () => {
    const clock = new SimulatedClock(Date.UTC(2026, 5, 21, 20, 0));
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.monotonic()}`), 200);
    clock.setTimeout(() => fired.push(`a@${clock.monotonic()}`), 100);
    const t = clock.setTimeout(() => fired.push('cancelled'), 150);
    clock.clearTimeout(t);
    clock.advance(250);
    expect(fired).toEqual(['a@100', 'b@200']);
    expect(clock.now()).toBe(Date.UTC(2026, 5, 21, 20, 0) + 250);
  });

  it('repeats intervals until cleared and keeps wall jumps separate from monotonic time', () => {
    const clock = new SimulatedClock(0);
    let n = 0;
    const h = clock.setInterval(() => {
      n += 1;
      if (n === 3) clock.clearInterval(h);
    }, 1000);
    clock.advance(10_000);
    expect(n).toBe(3);
    clock.setWallTime(5);
    expect(clock.monotonic()).toBe(10_000);
    expect(clock.now()).toBe(5);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('resolves sleep() when simulated time passes, letting awaits inside timers run', async () => {
    const clock = new SimulatedClock(0);
    const order: number[] = [];
    const task = (async () => {
      await clock.sleep(1000);
      order.push(clock.monotonic());
      await clock.sleep(1000);
      order.push(clock.monotonic());
    })();
    await clock.advanceAsync(5000);
    await task;
    expect(order).toEqual([1000, 2000]);
  });
});
