/**
 * Group commit in front of the store: readings submitted within `flushIntervalMs` (or until
 * `maxBatchRows` are queued) are committed in ONE synchronous transaction, then every submitter's
 * promise resolves with its StoredReading. A promise resolves only after its row is committed.
 *
 * Backpressure: the queue never holds more than `maxBatchRows`; the submit that fills it commits
 * the batch synchronously on the caller's turn, so a producer faster than the disk is slowed down
 * to disk speed instead of growing memory. Invalid readings are rejected alone, naming the
 * field: they never fail the rest of their batch (validated once, in the store, on the fast path). If a commit fails (e.g. StoreFullError), that batch's promises
 * reject with the error and nothing of that batch is stored.
 */
import type { Clock, TimerHandle } from '@ardoise/device-sdk';
import { StoreClosedError } from './errors';
import { Limits, StoreInputError, validateReading } from './validate';
import type { ReadingInput, Store, StoredReading } from './types';

export interface FlushInfo {
  rows: number;
  /** Wall time spent in the commit (real, not the injected clock: it measures the disk). */
  commitMs: number;
  /** How long the oldest row of the batch waited in the queue, on the injected clock. */
  waitedMs: number;
  ok: boolean;
}

export interface GroupCommitterOptions {
  flushIntervalMs?: number;
  maxBatchRows?: number;
  /** Metrics hook, called after every flush. */
  onFlush?: (info: FlushInfo) => void;
}

interface Pending {
  reading: ReadingInput;
  resolve: (stored: StoredReading) => void;
  reject: (err: unknown) => void;
}

export class GroupCommitter {
  private readonly interval: number;
  private readonly maxRows: number;
  private queue: Pending[] = [];
  private firstQueuedAt = 0;
  private timer: TimerHandle | undefined;
  private closed = false;
  private committedTotal = 0;

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly options: GroupCommitterOptions = {}) {
    this.interval = options.flushIntervalMs ?? 25;
    this.maxRows = options.maxBatchRows ?? 500;
    if (!(this.interval > 0)) throw new RangeError(`flushIntervalMs is ${this.interval}, expected > 0`);
    if (!(Number.isInteger(this.maxRows) && this.maxRows > 0 && this.maxRows <= Limits.batchRows)) {
      throw new RangeError(`maxBatchRows is ${this.maxRows}, expected an integer from 1 to ${Limits.batchRows}`);
    }
  }

  /** Resolves with the stored reading (its seq) once committed. */
  submit(reading: ReadingInput): Promise<StoredReading> {
    return new Promise<StoredReading>((resolve, reject) => {
      if (this.closed) return reject(new StoreClosedError(this.store.path));
      this.enqueue({ reading, resolve, reject });
    });
  }

  /** Batch form: resolves once every reading is committed (possibly across several flushes). */
  submitMany(readings: readonly ReadingInput[]): Promise<StoredReading[]> {
    return Promise.all(readings.map((r) => this.submit(r)));
  }

  /** Commit what is queued now. */
  async flush(): Promise<void> {
    this.flushNow();
  }

  /** Flush, then refuse further submits. The store stays open (its owner closes it). */
  async close(): Promise<void> {
    this.flushNow();
    this.closed = true;
  }

  get queueDepth(): number {
    return this.queue.length;
  }

  get rowsCommitted(): number {
    return this.committedTotal;
  }

  private enqueue(p: Pending): void {
    if (this.queue.length === 0) {
      this.firstQueuedAt = this.clock.monotonic();
      this.timer = this.clock.setTimeout(() => this.flushNow(), this.interval);
    }
    this.queue.push(p);
    if (this.queue.length >= this.maxRows) this.flushNow();
  }

  private flushNow(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const waitedMs = this.clock.monotonic() - this.firstQueuedAt;
    const started = performance.now();
    let stored: StoredReading[];
    try {
      stored = this.store.appendReadings(batch.map((p) => p.reading));
    } catch (err) {
      if (err instanceof StoreInputError) return this.commitValidOnes(batch, started, waitedMs);
      this.report(batch.length, started, waitedMs, false);
      for (const p of batch) p.reject(err);
      return;
    }
    this.settle(batch, stored, started, waitedMs);
  }

  /** Rare path: the store refused the batch for bad input; reject the bad readings alone. */
  private commitValidOnes(batch: Pending[], started: number, waitedMs: number): void {
    const valid: Pending[] = [];
    for (const p of batch) {
      try {
        validateReading(p.reading, 'reading');
        valid.push(p);
      } catch (err) {
        p.reject(err);
      }
    }
    let stored: StoredReading[];
    try {
      stored = this.store.appendReadings(valid.map((p) => p.reading));
    } catch (err) {
      this.report(valid.length, started, waitedMs, false);
      for (const p of valid) p.reject(err);
      return;
    }
    this.settle(valid, stored, started, waitedMs);
  }

  private settle(batch: Pending[], stored: StoredReading[], started: number, waitedMs: number): void {
    this.committedTotal += stored.length;
    this.report(batch.length, started, waitedMs, true);
    for (let i = 0; i < batch.length; i++) batch[i]!.resolve(stored[i]!);
  }

  private report(rows: number, started: number, waitedMs: number, ok: boolean): void {
    this.options.onFlush?.({ rows, commitMs: performance.now() - started, waitedMs, ok });
  }
}
