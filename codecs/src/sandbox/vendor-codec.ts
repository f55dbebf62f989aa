/** A sandboxed vendor codec as the gateway sees it: an AsyncCodec plus batch calls. */
import type { AsyncCodec, DecodeDownlinkInput, DecodeDownlinkOutput, DecodeUplinkInput, DecodeUplinkOutput, EncodeDownlinkOutput, Measurement } from '../types';
import { Batcher } from './batcher';
import { InputError, encodeItem, normalizeItem, uplinkItem, type VendorEncodeInput } from './input';
import { normalizedMeasurements } from './normalized';
import type { ResolvedOptions } from './options';
import type { EntryPoint, SandboxItem, SandboxOp, SandboxResult } from './protocol';
import type { SandboxRunner } from './runner';

/** TTN's normalized payload (one measurement object or an array of them), see normalized.ts. */
export interface NormalizeUplinkOutput {
  data?: unknown;
  errors?: string[];
  warnings?: string[];
}

export interface VendorCodec extends AsyncCodec {
  /** Entry points the file defines (decodeUplink, Decoder, Decode, encodeDownlink, ...). */
  readonly entryPoints: readonly EntryPoint[];
  encodeDownlink(input: VendorEncodeInput): Promise<EncodeDownlinkOutput>;
  decodeUplinkBatch(inputs: DecodeUplinkInput[]): Promise<DecodeUplinkOutput[]>;
  decodeDownlinkBatch(inputs: DecodeDownlinkInput[]): Promise<DecodeDownlinkOutput[]>;
  encodeDownlinkBatch(inputs: VendorEncodeInput[]): Promise<EncodeDownlinkOutput[]>;
  /** The file's `normalizeUplink({data})`, as TTN calls it after a decode without errors. */
  normalizeUplink(input: { data: Record<string, unknown> }): Promise<NormalizeUplinkOutput>;
  /** Worker restarts caused by this codec since it was loaded. */
  readonly restarts: number;
  /** Counters for the agent's metrics (architecture.md: every limit has a metric). */
  stats(): SandboxStats;
}

export interface SandboxStats {
  restarts: number;
  /** Calls stopped at the time limit, at the memory limit, or by a worker crash. */
  timeouts: number;
  outOfMemory: number;
  crashes: number;
  /** Calls answered at once: queue full, or codec suspended. */
  refused: number;
  suspended: number;
  /** Calls waiting to be sent to the sandbox now. */
  queued: number;
}

/** Batches in flight per codec: two keep both the host thread and the worker busy. */
const PIPELINE_DEPTH = 2;

export class SandboxedCodec implements VendorCodec {
  private readonly batcher: Batcher;

  constructor(private readonly runner: SandboxRunner, private readonly options: ResolvedOptions) {
    this.batcher = new Batcher((op, items) => runner.run(op, items), { maxBatch: options.maxBatch, maxQueue: options.maxQueue, depth: PIPELINE_DEPTH },
      (op, why) => runner.error(op, why));
  }

  get id(): string {
    return this.options.id;
  }

  get entryPoints(): readonly EntryPoint[] {
    return this.runner.entryPoints;
  }

  get restarts(): number {
    return this.runner.restarts;
  }

  stats(): SandboxStats {
    const r = this.runner;
    return {
      restarts: r.restarts, timeouts: r.stopped.time, outOfMemory: r.stopped.memory, crashes: r.stopped.crash,
      refused: this.batcher.refused, suspended: r.suspendedCalls, queued: this.batcher.queued,
    };
  }

  async decodeUplink(input: DecodeUplinkInput): Promise<DecodeUplinkOutput> {
    return (await this.decodeUplinkBatch([input]))[0];
  }

  async decodeDownlink(input: DecodeDownlinkInput): Promise<DecodeDownlinkOutput> {
    return (await this.decodeDownlinkBatch([input]))[0];
  }

  async encodeDownlink(input: VendorEncodeInput): Promise<EncodeDownlinkOutput> {
    return (await this.encodeDownlinkBatch([input]))[0];
  }

  decodeUplinkBatch(inputs: DecodeUplinkInput[]): Promise<DecodeUplinkOutput[]> {
    return this.submit('decodeUplink', inputs, (input) => uplinkItem(input, this.options.maxInputBytes)) as Promise<DecodeUplinkOutput[]>;
  }

  decodeDownlinkBatch(inputs: DecodeDownlinkInput[]): Promise<DecodeDownlinkOutput[]> {
    return this.submit('decodeDownlink', inputs, (input) => uplinkItem(input, this.options.maxInputBytes)) as Promise<DecodeDownlinkOutput[]>;
  }

  encodeDownlinkBatch(inputs: VendorEncodeInput[]): Promise<EncodeDownlinkOutput[]> {
    return this.submit('encodeDownlink', inputs, encodeItem) as Promise<EncodeDownlinkOutput[]>;
  }

  async normalizeUplink(input: { data: Record<string, unknown> }): Promise<NormalizeUplinkOutput> {
    return (await this.submit('normalizeUplink', [input], (i) => normalizeItem(i?.data)))[0];
  }

  /**
   * Measurements in our vocabulary from TTN's normalized payload: the file's normalizeUplink when
   * it has one (called only for a decode without errors, as TTN does), else — like TTN — the
   * decoded data itself read as a normalized payload. Fields without a vocabulary match are left out.
   */
  async measurements(decoded: DecodeUplinkOutput, _fPort: number): Promise<Measurement[]> {
    if (!decoded?.data || (decoded.errors && decoded.errors.length > 0)) return [];
    if (!this.entryPoints.includes('normalizeUplink')) return normalizedMeasurements(decoded.data);
    const normalized = await this.normalizeUplink({ data: decoded.data });
    return normalized.errors?.length ? [] : normalizedMeasurements(normalized.data);
  }

  close(): Promise<void> {
    return this.runner.close();
  }

  /** Checks every input on this side; bad ones get their error in place, the rest go to the sandbox. */
  private async submit<T>(op: SandboxOp, inputs: T[], toItem: (input: T) => SandboxItem): Promise<SandboxResult[]> {
    if (!Array.isArray(inputs)) return [this.runner.error(op, 'needs an array of inputs')];
    const results = new Array<SandboxResult>(inputs.length);
    const items: SandboxItem[] = [];
    const slots: number[] = [];
    inputs.forEach((input, i) => {
      try {
        items.push(toItem(input));
        slots.push(i);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        results[i] = this.runner.error(op, `input rejected: ${err.message}`);
      }
    });
    if (items.length > 0) {
      const out = await this.batcher.submit(op, items);
      slots.forEach((slot, k) => { results[slot] = out[k]; });
    }
    return results;
  }
}
