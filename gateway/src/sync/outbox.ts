import { EventEmitter } from 'node:events';
import { moduleLogger, silentLogger, type Logger } from '../logging';
import type { SyncBatch } from '@ardoise/codecs';
import type { Clock, TimerHandle } from '@ardoise/device-sdk';
import type { Store, StoredReading } from '../store/types';
import { applyAggregation, type AggregationState } from './aggregate';
import { applyDeadbands, type DeadbandState } from './deadband';
import { LANES, laneCursor, toBatch, type Lane, type LaneName } from './lanes';
import type { MqttLink } from './mqtt-link';
import { resolveOutboxConfig, type OutboxConfig } from './outbox-config';
import { TokenBucket } from './token-bucket';
import { topics, type UpStream } from './topics';

export type EncodeBatch = (batch: SyncBatch) => Uint8Array;

/** Per-series memory of the readings filters, snapshotted per batch (a resend re-filters from the acked one). */
interface FilterState {
  deadbands: DeadbandState;
  aggregation: AggregationState;
}

const emptyFilters = (): FilterState => ({ deadbands: new Map(), aggregation: new Map() });

interface InFlight {
  lastSeq: number;
  done: boolean;
  filters?: FilterState;
}

interface LaneState {
  lane: Lane;
  /** Persisted: everything up to here was acknowledged by the broker. */
  acked: number;
  /** Everything up to here was handed to the link (acked ≤ sentUpTo). */
  sentUpTo: number;
  inFlight: InFlight[];
  /** Bumped on reset so late callbacks of an abandoned window are ignored. */
  epoch: number;
  filters: FilterState;
  ackedFilters: FilterState;
  /** Monotonic time before which the lane does not send (after a refused publish). */
  pausedUntil: number;
}

export interface OutboxEvents {
  acked: [lane: LaneName, lastSeq: number];
  published: [lane: LaneName, firstSeq: number, lastSeq: number, bytes: number];
  replay: [lane: LaneName, from: number];
}

export interface LaneStatus {
  cursor: number;
  inFlight: number;
}

interface Built {
  lastSeq: number;
  firstSeq: number;
  bytes: Uint8Array;
  filters?: FilterState;
}

/**
 * The durable outbox (architecture.md, "Outbox, not in-memory queues"): reads committed rows from
 * the Store by seq, encodes envelope batches, publishes QoS 1 and advances the persisted cursor
 * ONLY when the broker acknowledged, in order. At most `maxInFlight` batches are unacknowledged,
 * so a reconnect resends at most that many (no storm). On a drop every lane rewinds to its
 * persisted cursor; after a crash the same happens from the database.
 */
export class Outbox extends EventEmitter<OutboxEvents> {
  private readonly config;
  private readonly lanes: LaneState[];
  private readonly bucket: TokenBucket | undefined;
  private readonly log: Logger;
  private pumping = false;
  private readonly unencodable = new Set<string>();
  private again = false;
  private stopped = true;
  private poll: TimerHandle | undefined;
  private wake: TimerHandle | undefined;
  private readonly onUp = (): void => this.pump();
  private readonly onDown = (): void => this.rewindAll();

  constructor(
    private readonly store: Store,
    private readonly link: MqttLink,
    private readonly encode: EncodeBatch,
    config: OutboxConfig,
    private readonly deps: { clock: Clock; logger?: Logger },
  ) {
    super();
    this.config = resolveOutboxConfig(config);
    this.log = moduleLogger(deps.logger ?? silentLogger(), 'sync.outbox');
    this.lanes = LANES.map((lane) => {
      const acked = laneCursor(store, lane);
      return { lane, acked, sentUpTo: acked, inFlight: [], epoch: 0, filters: emptyFilters(), ackedFilters: emptyFilters(), pausedUntil: 0 };
    });
    const rate = this.config.bandwidthBytesPerSecond;
    if (rate !== undefined) this.bucket = new TokenBucket(deps.clock, rate, Math.max(rate, this.config.maxBatchBytes));
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.link.on('up', this.onUp);
    this.link.on('down', this.onDown);
    this.poll = this.deps.clock.setInterval(() => this.pump(), this.config.pollMs);
    this.pump();
  }

  stop(): void {
    this.stopped = true;
    this.link.off('up', this.onUp);
    this.link.off('down', this.onDown);
    this.deps.clock.clearInterval(this.poll);
    this.deps.clock.clearTimeout(this.wake);
  }

  /** Call after new rows were committed: sends without waiting for the next poll. */
  notify(): void {
    this.pump();
  }

  status(): Record<LaneName, LaneStatus> {
    const out = {} as Record<LaneName, LaneStatus>;
    for (const s of this.lanes) out[s.lane.name] = { cursor: s.acked, inFlight: s.inFlight.length };
    return out;
  }

  /** Acknowledged cursor per stream, advertised in the birth message so receivers can spot a loss. */
  cursors(): Record<UpStream, number> {
    const out = {} as Record<UpStream, number>;
    for (const s of this.lanes) if (s.lane.name !== 'alarms') out[s.lane.stream] = s.acked;
    return out;
  }

  /**
   * A receiver lost what the broker had acknowledged (broker crash, restored database): rewind
   * the stream's persisted cursor to `after` and resend from there. Never moves a cursor forward.
   */
  replayFrom(stream: UpStream, after: number): boolean {
    const state = this.lanes.find((s) => s.lane.stream === stream && s.lane.name !== 'alarms');
    if (!state || !Number.isSafeInteger(after) || after < 0 || after >= state.acked) return false;
    this.log.warn({ stream, from: after, cursor: state.acked }, 'receiver asked for a replay; rewinding the cursor');
    state.acked = after;
    state.ackedFilters = emptyFilters();
    this.store.setCursor(state.lane.cursorName, after);
    this.rewind(state);
    this.emit('replay', state.lane.name, after);
    this.pump();
    return true;
  }

  private inFlightTotal(): number {
    let n = 0;
    for (const s of this.lanes) n += s.inFlight.length;
    return n;
  }

  private pump(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.again = false;
        while (!this.stopped && this.link.isUp && this.inFlightTotal() < this.config.maxInFlight) {
          if (!this.trySendNext()) break;
        }
      } while (this.again);
    } finally {
      this.pumping = false;
    }
  }

  /** A failing store read must not crash the agent from a timer: log, and retry at the next poll. */
  private trySendNext(): boolean {
    try {
      return this.sendNext();
    } catch (error) {
      this.log.error({ err: (error as Error).message }, 'outbox could not build a batch; retrying at the next poll');
      return false;
    }
  }

  /** Builds and publishes the highest-priority batch; false when nothing can be sent now. */
  private sendNext(): boolean {
    for (const state of this.lanes) {
      const built = this.build(state);
      if (!built) continue;
      const wait = this.bucket?.take(built.bytes.length) ?? 0;
      if (wait > 0) {
        this.deps.clock.clearTimeout(this.wake);
        this.wake = this.deps.clock.setTimeout(() => this.pump(), wait);
        return false;
      }
      this.publish(state, built);
      return true;
    }
    return false;
  }

  private startAfter(state: LaneState): number {
    if (state.lane.name !== 'alarms') return state.sentUpTo;
    const events = this.lanes.find((s) => s.lane.name === 'events')!;
    return Math.max(state.sentUpTo, events.acked);
  }

  private build(state: LaneState): Built | undefined {
    if (state.pausedUntil > this.deps.clock.monotonic()) return undefined;
    const after = this.startAfter(state);
    let limit = Math.min(state.lane.maxRecords ?? Infinity, this.config.maxBatchRecords);
    const rows = state.lane.read(this.store, after, limit);
    if (rows.length === 0) return undefined;
    for (;;) {
      const slice = rows.slice(0, limit);
      const lastSeq = slice[slice.length - 1]!.seq;
      const firstSeq = state.lane.name === 'alarms' ? slice[0]!.seq : after + 1;
      const { records, filters } = state.lane.name === 'readings' ? this.filterReadings(slice as StoredReading[], state.filters) : { records: slice, filters: undefined };
      const header = { gatewayId: this.config.gatewayId, firstSeq, lastSeq, createdAt: this.deps.clock.now() };
      let bytes: Uint8Array;
      try {
        bytes = this.encode(toBatch(state.lane.stream, header, records));
      } catch (error) {
        if (slice.length > 1) {
          limit = Math.max(1, Math.floor(slice.length / 2));
          continue;
        }
        // One record the envelope refuses (a poison row) must not block the stream forever:
        // send the range empty and raise an alarm naming the row, so the loss is visible upstream.
        this.reportUnencodable(state, lastSeq, error as Error);
        bytes = this.encode(toBatch(state.lane.stream, header, []));
      }
      if (bytes.length <= this.config.maxBatchBytes || slice.length === 1) return { firstSeq, lastSeq, bytes, filters };
      limit = Math.max(1, Math.floor(slice.length / 2));
    }
  }

  private reportUnencodable(state: LaneState, seq: number, error: Error): void {
    const key = `${state.lane.name}:${seq}`;
    if (this.unencodable.has(key)) return;
    this.unencodable.add(key);
    this.log.error({ lane: state.lane.name, seq, err: error.message }, 'record cannot be encoded; sent as an empty range');
    this.store.appendEvent({
      kind: 'alarm', type: 'sync.record_unencodable', at: this.deps.clock.now(), severity: 'warning',
      data: { stream: state.lane.stream, seq, error: error.message.slice(0, 200) },
    });
  }

  /** Aggregation then deadbands (both off by default). */
  private filterReadings(rows: StoredReading[], current: FilterState): { records: StoredReading[]; filters?: FilterState } {
    const { aggregation, deadbands } = this.config;
    if (!aggregation && !deadbands) return { records: rows };
    const filters = { ...current };
    let records = rows;
    if (aggregation) ({ readings: records, state: filters.aggregation } = applyAggregation(records, aggregation, current.aggregation, this.store));
    if (deadbands) ({ readings: records, state: filters.deadbands } = applyDeadbands(records, deadbands, current.deadbands));
    return { records, filters };
  }

  private publish(state: LaneState, built: Built): void {
    const entry: InFlight = { lastSeq: built.lastSeq, done: false, filters: built.filters };
    const epoch = state.epoch;
    state.inFlight.push(entry);
    state.sentUpTo = built.lastSeq;
    if (built.filters) state.filters = built.filters;
    this.emit('published', state.lane.name, built.firstSeq, built.lastSeq, built.bytes.length);
    this.link.publish(topics.up(this.config.gatewayId, state.lane.stream), Buffer.from(built.bytes.buffer, built.bytes.byteOffset, built.bytes.byteLength)).then(
      () => this.onAck(state, entry, epoch),
      (error: Error) => this.onFail(state, epoch, error),
    );
  }

  private onAck(state: LaneState, entry: InFlight, epoch: number): void {
    if (epoch !== state.epoch) return;
    entry.done = true;
    let advanced = false;
    while (state.inFlight[0]?.done) {
      const head = state.inFlight.shift()!;
      state.acked = head.lastSeq;
      if (head.filters) state.ackedFilters = head.filters;
      advanced = true;
    }
    if (advanced) {
      this.store.setCursor(state.lane.cursorName, state.acked);
      this.emit('acked', state.lane.name, state.acked);
    }
    this.pump();
  }

  private onFail(state: LaneState, epoch: number, error: Error): void {
    if (epoch !== state.epoch) return;
    this.log.warn({ lane: state.lane.name, cursor: state.acked, err: error.message }, 'batch not acknowledged; will resend from the cursor');
    this.rewind(state);
    if (this.link.isUp) {
      // The broker refused this publish (PUBACK reason >= 0x80) but the link is fine: do not spin.
      state.pausedUntil = this.deps.clock.monotonic() + this.config.pollMs;
    }
  }

  private rewindAll(): void {
    for (const state of this.lanes) this.rewind(state);
  }

  /** Forget the unacknowledged window: the next send starts again after the persisted cursor. */
  private rewind(state: LaneState): void {
    state.epoch++;
    state.inFlight = [];
    state.sentUpTo = state.acked;
    state.filters = state.ackedFilters;
  }
}
