/**
 * Runs batches for one vendor codec and keeps it alive: when an item kills the worker (loop,
 * allocation bomb, crash), that item gets an `errors` entry naming the codec and the cause, the
 * worker is restarted (fresh context: the codec's global state is lost, as after any restart), and
 * the rest of the batch is run again on the new worker. After maxRestartsPerBatch restarts the
 * remaining items fail fast and the codec is suspended for a while (breaker.ts), so a codec that
 * dies on every frame cannot stall the pipeline.
 */
import { Breaker } from './breaker';
import { CodecWorker, type KillReason } from './codec-worker';
import type { ResolvedOptions } from './options';
import type { EntryPoint, SandboxItem, SandboxOp, SandboxResult } from './protocol';

export class SandboxRunner {
  private worker?: CodecWorker;
  private starting?: Promise<CodecWorker | string>;
  private closed = false;
  private readonly breaker: Breaker;
  /** Worker restarts since load (a metric for the agent). */
  restarts = 0;
  /** Calls stopped by the sandbox since load, by reason; calls answered at once while suspended. */
  readonly stopped: Record<KillReason, number> = { time: 0, memory: 0, crash: 0 };
  suspendedCalls = 0;

  private constructor(private readonly source: string, private readonly options: ResolvedOptions) {
    this.breaker = new Breaker(options.clock);
  }

  static async start(source: string, options: ResolvedOptions): Promise<SandboxRunner> {
    const runner = new SandboxRunner(source, options);
    runner.worker = await CodecWorker.start(source, options);
    return runner;
  }

  get entryPoints(): EntryPoint[] {
    return this.worker?.entryPoints ?? [];
  }

  /** Results in input order; one item's failure never affects another's result. Runs may overlap. */
  async run(op: SandboxOp, items: SandboxItem[]): Promise<SandboxResult[]> {
    const results = new Array<SandboxResult>(items.length);
    let pending = items.map((_, i) => i);
    let restarts = 0;
    const wait = this.breaker.remaining();
    if (wait > 0) {
      this.suspendedCalls += items.length;
      return fill(results, pending, this.error(op, `suspended for another ${Math.ceil(wait / 1000)} s: it keeps stopping its sandbox`));
    }
    while (pending.length > 0) {
      if (this.closed) return fill(results, pending, this.error(op, 'is closed'));
      if (restarts >= this.options.maxRestartsPerBatch) {
        this.breaker.trip();
        return fill(results, pending, this.error(op, `skipped: the sandbox was restarted ${restarts} times in this batch`));
      }
      const worker = await this.ready();
      if (typeof worker === 'string') return fill(results, pending, this.error(op, worker));
      const outcome = await worker.run(op, pending.map((i) => items[i]));
      if (outcome.kind === 'done') {
        if (restarts === 0) this.breaker.reset();
        pending.forEach((index, k) => { results[index] = outcome.results[k]; });
        return results;
      }
      restarts++;
      if (outcome.index >= 0 && outcome.index < pending.length) {
        this.stopped[outcome.reason]++;
        results[pending[outcome.index]] = this.error(op, `${outcome.cause}; stopped, codec restarted`);
        pending = pending.filter((_, k) => k !== outcome.index);
      }
    }
    return results;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.worker?.kill();
  }

  /** The live worker, or one restart shared by every run that found it dead. */
  private ready(): Promise<CodecWorker | string> {
    if (this.worker?.alive) return Promise.resolve(this.worker);
    this.starting ??= this.restart().finally(() => { this.starting = undefined; });
    return this.starting;
  }

  private async restart(): Promise<CodecWorker | string> {
    try {
      this.restarts++;
      this.worker = await CodecWorker.start(this.source, this.options);
      if (this.closed) this.worker.kill();
      return this.worker;
    } catch (err) {
      return `could not be restarted: ${(err as Error).message}`;
    }
  }

  error(op: SandboxOp, what: string): SandboxResult {
    return { errors: [`codec ${this.options.id}: ${op} ${what}`] };
  }
}

function fill(results: SandboxResult[], indexes: number[], value: SandboxResult): SandboxResult[] {
  for (const i of indexes) results[i] = { errors: [...(value.errors ?? [])] };
  return results;
}
