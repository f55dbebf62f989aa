/**
 * Coalesces calls into worker batches: single calls made in the same event-loop turn, and calls
 * made while a batch is in flight, leave together in the next batch (up to maxBatch items, same
 * operation). One batch at a time per codec; the queue is bounded (maxQueue items).
 */
import type { SandboxItem, SandboxOp, SandboxResult } from './protocol';

interface Job {
  op: SandboxOp;
  items: SandboxItem[];
  resolve(results: SandboxResult[]): void;
}

export type RunBatch = (op: SandboxOp, items: SandboxItem[]) => Promise<SandboxResult[]>;

export class Batcher {
  private queue: Job[] = [];
  private queued = 0;
  private busy = false;

  constructor(private readonly runBatch: RunBatch, private readonly maxBatch: number, private readonly maxQueue: number, private readonly overflow: (op: SandboxOp) => SandboxResult) {}

  submit(op: SandboxOp, items: SandboxItem[]): Promise<SandboxResult[]> {
    if (this.queued + items.length > this.maxQueue) return Promise.resolve(items.map(() => this.overflow(op)));
    return new Promise((resolve) => {
      this.queue.push({ op, items, resolve });
      this.queued += items.length;
      if (!this.busy) {
        this.busy = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const jobs = this.take();
      const items = jobs.flatMap((j) => j.items);
      this.queued -= items.length;
      const results = await this.runChunks(jobs[0].op, items);
      let at = 0;
      for (const job of jobs) {
        job.resolve(results.slice(at, at + job.items.length));
        at += job.items.length;
      }
    }
    this.busy = false;
  }

  /** Leading jobs of the same operation, up to maxBatch items (a larger single job goes alone, in chunks). */
  private take(): Job[] {
    const op = this.queue[0].op;
    const jobs: Job[] = [this.queue.shift() as Job];
    let size = jobs[0].items.length;
    while (this.queue.length > 0 && this.queue[0].op === op && size + this.queue[0].items.length <= this.maxBatch) {
      const job = this.queue.shift() as Job;
      size += job.items.length;
      jobs.push(job);
    }
    return jobs;
  }

  private async runChunks(op: SandboxOp, items: SandboxItem[]): Promise<SandboxResult[]> {
    if (items.length <= this.maxBatch) return this.runBatch(op, items);
    const out: SandboxResult[] = [];
    for (let i = 0; i < items.length; i += this.maxBatch) out.push(...(await this.runBatch(op, items.slice(i, i + this.maxBatch))));
    return out;
  }
}
