/**
 * One worker thread hosting one vendor codec, seen from the host: start it, run batches under the
 * watchdog (watchdog.ts) — up to a few in flight, so the host prepares and reads batches while the
 * worker decodes — and report how each batch ended: results, or which item killed the worker (time
 * limit, heap limit, crash). It never throws for something the codec did.
 */
import { Worker } from 'node:worker_threads';
import { CONTEXT_PRELUDE } from './prelude';
import type { EntryPoint, HostToWorker, SandboxItem, SandboxOp, SandboxResult, WorkerInit, WorkerToHost } from './protocol';
import type { ResolvedOptions } from './options';
import { INDEX, PROGRESS_SLOTS, BATCH, Watchdog } from './watchdog';
import { WORKER_SOURCE } from './worker-source';

export type BatchOutcome =
  | { kind: 'done'; results: SandboxResult[] }
  /** index: the item that was running, or -1 when the worker died before starting one. */
  | { kind: 'killed'; index: number; reason: KillReason; cause: string };

export type KillReason = 'time' | 'memory' | 'crash';

export class LoadError extends Error {}

/**
 * Network servers run a codec file as a plain script (TTS: ES5.1; ChirpStack v4: the text followed
 * by `decodeUplink(chirpstack_input)`), and so does the sandbox: ES module syntax is a syntax error
 * in all three. Says so, instead of leaving a bare "Unexpected token 'export'".
 */
function moduleSyntaxHint(message: string): string {
  if (!/^SyntaxError: (Unexpected token 'export'|Cannot use import statement outside a module)/.test(message)) return '';
  return ' (a codec file is a plain script, as The Things Stack and ChirpStack v4 run it: declare `function decodeUplink(input) {...}` at top level, without export or import)';
}

export class CodecWorker {
  private readonly progress = new Int32Array(new SharedArrayBuffer(PROGRESS_SLOTS * 4));
  private readonly worker: Worker;
  private readonly watchdog: Watchdog;
  private readonly inflight = new Map<number, (outcome: BatchOutcome) => void>();
  private batchSeq = 0;
  private lastError?: Error;
  private dead = false;
  entryPoints: EntryPoint[] = [];

  private constructor(source: string, private readonly options: ResolvedOptions) {
    Atomics.store(this.progress, INDEX, -1);
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
    this.watchdog = new Watchdog(this.progress, options.timeoutMs, (batch, index, idle) => {
      this.kill();
      this.failAll('time', idle ? `stopped responding (no progress for ${Math.max(10 * options.timeoutMs, 2000)} ms)` : `exceeded its ${options.timeoutMs} ms time limit`, batch, index);
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
        reject(new LoadError(`codec ${options.id} (${options.fileName}) failed to load: ${message}${moduleSyntaxHint(message)}`));
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

  /** Batches in flight (the caller bounds it; the worker runs them in order). */
  get load(): number {
    return this.inflight.size;
  }

  run(op: SandboxOp, items: SandboxItem[]): Promise<BatchOutcome> {
    if (this.dead) return Promise.resolve({ kind: 'killed', index: -1, reason: 'crash', cause: 'the sandbox worker is gone' });
    const batch = ++this.batchSeq;
    return new Promise((resolve) => {
      this.inflight.set(batch, resolve);
      this.watchdog.start();
      this.worker.postMessage({ type: 'batch', batch, op, items: JSON.stringify(items) } satisfies HostToWorker);
    });
  }

  kill(): void {
    if (this.dead) return;
    this.dead = true;
    this.watchdog.stop();
    void this.worker.terminate();
  }

  private settle(batch: number, outcome: BatchOutcome): void {
    const resolve = this.inflight.get(batch);
    if (!resolve) return;
    this.inflight.delete(batch);
    if (this.inflight.size === 0) this.watchdog.stop();
    resolve(outcome);
  }

  /** The worker is gone: the batch that was running names its item; the others had not started. */
  private failAll(reason: KillReason, cause: string, batch: number, index: number): void {
    for (const b of [...this.inflight.keys()]) this.settle(b, { kind: 'killed', index: b === batch ? index : -1, reason, cause });
  }

  private listen(): void {
    this.worker.on('message', (msg: WorkerToHost) => {
      if (msg.type === 'result') this.settle(msg.batch, { kind: 'done', results: JSON.parse(msg.results) });
    });
    this.worker.on('error', (err) => { this.lastError = err; });
    this.worker.on('exit', () => {
      this.dead = true;
      this.watchdog.stop();
      this.failAll(this.outOfMemory() ? 'memory' : 'crash', this.deathCause('crashed'), Atomics.load(this.progress, BATCH), Atomics.load(this.progress, INDEX));
    });
  }

  private outOfMemory(): boolean {
    return (this.lastError as (Error & { code?: string }) | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
  }

  private deathCause(fallback: string): string {
    if (this.outOfMemory()) return `exceeded its ${this.options.memoryMb} MB memory limit`;
    return this.lastError ? `${fallback}: ${this.lastError.message}` : fallback;
  }
}
