/**
 * One worker thread hosting one vendor codec, seen from the host: start it, run one batch at a
 * time under a watchdog, and report how a batch ended: results, or which item killed the worker
 * (CPU limit, heap limit, crash). It never throws for something the codec did.
 *
 * Watchdog: the worker bumps a shared tick when each item starts; a host interval (timeoutMs/4)
 * terminates the worker when the tick has not moved for timeoutMs. This costs nothing per call
 * (unlike vm's per-call `timeout`, which starts a watchdog thread each time), never stops an item
 * before it has run timeoutMs, and names the culprit exactly. It measures wall-clock time on
 * purpose: a real thread's real time, not the agent's Clock (which may be simulated).
 */
import { Worker } from 'node:worker_threads';
import { CONTEXT_PRELUDE } from './prelude';
import type { EntryPoint, HostToWorker, SandboxItem, SandboxOp, SandboxResult, WorkerInit, WorkerToHost } from './protocol';
import type { ResolvedOptions } from './options';
import { WORKER_SOURCE } from './worker-source';

export type BatchOutcome =
  | { kind: 'done'; results: SandboxResult[] }
  /** index: the item that was running, or -1 when the worker died before starting one. */
  | { kind: 'killed'; index: number; cause: string };

export class LoadError extends Error {}

interface Pending {
  batch: number;
  resolve(outcome: BatchOutcome): void;
}

export class CodecWorker {
  private readonly progress = new Int32Array(new SharedArrayBuffer(8));
  private worker: Worker;
  private pending?: Pending;
  private batchSeq = 0;
  private lastError?: Error;
  private dead = false;
  entryPoints: EntryPoint[] = [];

  private constructor(source: string, private readonly options: ResolvedOptions) {
    const init: WorkerInit = {
      id: options.id,
      fileName: options.fileName,
      source,
      prelude: CONTEXT_PRELUDE,
      limits: { maxOutputBytes: options.maxOutputBytes, maxBufferBytes: options.memoryMb * 1024 * 1024, loadTimeoutMs: options.loadTimeoutMs },
      progress: this.progress.buffer as SharedArrayBuffer,
    };
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: init,
      env: {},
      argv: [],
      execArgv: [],
      
      
      resourceLimits: {
        maxOldGenerationSizeMb: options.memoryMb,
        maxYoungGenerationSizeMb: Math.max(4, Math.min(16, options.memoryMb / 4)),
        codeRangeSizeMb: 16,
        stackSizeMb: 4,
      },
    });
  }

  /** Starts a worker and loads the codec; rejects with a LoadError naming the codec and the cause. */
  static start(source: string, options: ResolvedOptions): Promise<CodecWorker> {
    const cw = new CodecWorker(source, options);
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (message: string) => {
        if (settled) return;
        settled = true;
        cw.kill();
        reject(new LoadError(`codec ${options.id} (${options.fileName}) failed to load: ${message}`));
      };
      cw.worker.once('message', (msg: WorkerToHost) => {
        if (msg.type === 'ready' && !settled) {
          settled = true;
          cw.entryPoints = msg.entryPoints;
          cw.listen();
          cw.worker.unref(); // an idle codec must not keep the agent alive; a running batch's watchdog does
          resolve(cw);
        } else fail(msg.type === 'load-error' ? msg.message : `unexpected ${msg.type}`);
      });
      cw.worker.once('error', (err) => { cw.lastError = err; });
      cw.worker.once('exit', () => { fail(cw.deathCause('the sandbox worker stopped while loading')); });
    });
  }

  get alive(): boolean {
    return !this.dead;
  }

  run(op: SandboxOp, items: SandboxItem[]): Promise<BatchOutcome> {
    if (this.dead) return Promise.resolve({ kind: 'killed', index: -1, cause: 'the sandbox worker is gone' });
    if (this.pending) throw new Error('CodecWorker.run: a batch is already running (callers must serialize)');
    const batch = ++this.batchSeq;
    Atomics.store(this.progress, 1, -1);
    return new Promise((resolve) => {
      const watchdog = this.watch();
      this.pending = { batch, resolve: (outcome) => { clearInterval(watchdog); this.pending = undefined; resolve(outcome); } };
      this.worker.postMessage({ type: 'batch', batch, op, items: JSON.stringify(items) } satisfies HostToWorker);
    });
  }

  kill(): void {
    if (this.dead) return;
    this.dead = true;
    void this.worker.terminate();
  }

  private watch(): NodeJS.Timeout {
    let tick = Atomics.load(this.progress, 0);
    let since = performance.now();
    const limit = this.options.timeoutMs;
    return setInterval(() => {
      const now = Atomics.load(this.progress, 0);
      if (now !== tick) {
        tick = now;
        since = performance.now();
      } else if (performance.now() - since >= limit) {
        this.kill();
        this.pending?.resolve({ kind: 'killed', index: Atomics.load(this.progress, 1), cause: `exceeded its ${limit} ms time limit` });
      }
    }, Math.max(2, Math.floor(limit / 4)));
  }

  private listen(): void {
    this.worker.on('message', (msg: WorkerToHost) => {
      if (msg.type === 'result' && this.pending?.batch === msg.batch) this.pending.resolve({ kind: 'done', results: JSON.parse(msg.results) });
    });
    this.worker.on('error', (err) => { this.lastError = err; });
    this.worker.on('exit', () => {
      this.dead = true;
      this.pending?.resolve({ kind: 'killed', index: Atomics.load(this.progress, 1), cause: this.deathCause('crashed') });
    });
  }

  private deathCause(fallback: string): string {
    const err = this.lastError as (Error & { code?: string }) | undefined;
    if (err?.code === 'ERR_WORKER_OUT_OF_MEMORY') return `exceeded its ${this.options.memoryMb} MB memory limit`;
    return err ? `${fallback}: ${err.message}` : fallback;
  }
}
