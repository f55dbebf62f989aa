/**
 * The per-batch watchdog. The worker publishes its progress in shared memory (no messages, no
 * timers on its side): it bumps a tick as each item starts, and writes the item's index and batch
 * id. A host interval (limit/4) fires `onStuck` when the tick has not moved for `limit` ms while an
 * item runs — never before the item has had its full limit, and naming it exactly.
 *
 * Wall-clock time on purpose: it bounds a real thread's real time, not the agent's Clock (which may
 * be simulated). Between batches the worker runs no vendor code (no timers, no finalizers,
 * microtasks never drained), so idleness with batches in flight only counts after a long grace
 * (a worker that stopped responding), and never when the host itself was late.
 */

/** Slots of the shared Int32Array; the worker side (worker-runtime.ts) writes the same numbers. */
export const TICK = 0;
export const INDEX = 1;
export const BATCH = 2;
export const PROGRESS_SLOTS = 3;

export type OnStuck = (batch: number, index: number, idle: boolean) => void;

export class Watchdog {
  private timer?: NodeJS.Timeout;
  private tick = 0;
  private since = 0;
  private lastCheck = 0;
  private readonly every: number;
  private readonly idleLimit: number;

  constructor(private readonly progress: Int32Array, private readonly limit: number, private readonly onStuck: OnStuck) {
    this.every = Math.max(2, Math.floor(limit / 4));
    this.idleLimit = Math.max(10 * limit, 2000);
  }

  start(): void {
    if (this.timer) return;
    this.tick = Atomics.load(this.progress, TICK);
    this.since = this.lastCheck = performance.now();
    this.timer = setInterval(() => this.check(), this.every);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Same tick at two observations while an item runs means that item has run at least the time
   * between them, however late the host looked. Idleness with batches in flight is only trusted
   * when the host looked on time (a blocked host may simply not have read the results yet).
   */
  private check(): void {
    const now = performance.now();
    const late = now - this.lastCheck > 3 * this.every;
    this.lastCheck = now;
    const tick = Atomics.load(this.progress, TICK);
    const index = Atomics.load(this.progress, INDEX);
    const idle = index < 0;
    if (tick !== this.tick || (idle && late)) {
      this.tick = tick;
      this.since = now;
      return;
    }
    if (now - this.since >= (idle ? this.idleLimit : this.limit)) {
      this.stop();
      this.onStuck(Atomics.load(this.progress, BATCH), index, idle);
    }
  }
}
