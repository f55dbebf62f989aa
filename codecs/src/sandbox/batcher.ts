/**
 * Coalesces calls into worker batches: single calls made in the same event-loop turn, and calls
 * made while batches are in flight, leave together (up to maxBatch items of one operation; a large
 * call is cut into several batches). Up to `depth` batches are in flight, so the host thread
 * prepares and reads batches while the worker decodes: two cores instead of one taking turns.
 * The queue is bounded (maxQueue items waiting); results always come back in call order.
 */
import type { SandboxItem, SandboxOp, SandboxResult } from './protocol';

interface Job {
  op: SandboxOp;
  items: SandboxItem[];
  results: SandboxResult[];
  /** Next item to send. */
  sent: number;
  /** Items not answered yet. */
  open: number;
  resolve(results: SandboxResult[]): void;
}

/** A run of consecutive items of one job inside a batch. */
interface Slice {
  job: Job;
  from: number;
  to: number;
}

export type RunBatch = (op: SandboxOp, items: SandboxItem[]) => Promise<SandboxResult[]>;

export interface BatcherLimits {
  maxBatch: number;
  maxQueue: number;
  /** Batches in flight at once. */
  depth: number;
}

export class Batcher {
  private readonly queue: Job[] = [];
  private waiting = 0;
  /** Calls refused because the queue was full, since creation. */
  refused = 0;
  private inflight = 0;
  private scheduled = false;

  constructor(private readonly runBatch: RunBatch, private readonly limits: BatcherLimits, private readonly refuse: (op: SandboxOp, why: string) => SandboxResult) {}

  submit(op: SandboxOp, items: SandboxItem[]): Promise<SandboxResult[]> {
    if (this.waiting + items.length > this.limits.maxQueue) {
      this.refused += items.length;
      return Promise.resolve(items.map(() => this.refuse(op, `refused: more than ${this.limits.maxQueue} calls are waiting for the sandbox`)));
    }
    return new Promise((resolve) => {
      this.queue.push({ op, items, results: new Array(items.length), sent: 0, open: items.length, resolve });
      this.waiting += items.length;
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  /** Items waiting to be sent to the worker. */
  get queued(): number {
    return this.waiting;
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inflight < this.limits.depth) {
      const slices = this.take();
      const items = slices.flatMap((s) => s.job.items.slice(s.from, s.to));
      this.waiting -= items.length;
      this.inflight++;
      this.runBatch(slices[0].job.op, items)
        .catch((err: Error) => items.map(() => this.refuse(slices[0].job.op, `failed in the sandbox host: ${err.message}`)))
        .then((results) => {
          this.inflight--;
          this.deliver(slices, results);
          this.pump();
        });
    }
  }

  /** Up to maxBatch items from the leading jobs of the same operation. */
  private take(): Slice[] {
    const op = this.queue[0].op;
    const slices: Slice[] = [];
    let room = this.limits.maxBatch;
    while (room > 0 && this.queue.length > 0 && this.queue[0].op === op) {
      const job = this.queue[0];
      const to = Math.min(job.items.length, job.sent + room);
      slices.push({ job, from: job.sent, to });
      room -= to - job.sent;
      job.sent = to;
      if (job.sent === job.items.length) this.queue.shift();
    }
    return slices;
  }

  private deliver(slices: Slice[], results: SandboxResult[]): void {
    let at = 0;
    for (const { job, from, to } of slices) {
      for (let i = from; i < to; i++) job.results[i] = results[at++];
      job.open -= to - from;
      if (job.open === 0) job.resolve(job.results);
    }
  }
}
