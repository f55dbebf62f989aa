import type { AsyncCodec, DecodeUplinkOutput } from '@ardoise/codecs';
import { type Clock, RejectCounter } from '@ardoise/device-sdk';
import type { MetricsRegistry } from '../health/metrics';
import type { Logger } from '../logging/index';
import { type MeasurementValue, Quality, type StoredReading } from '../store/types';
import type { EventBus } from './bus';
import type { EventRecorder } from './events';
import type {
  CodecResolver, DecodedInput, DeviceDirectory, IngestResult, PipelineInput, ReadingCommitter, TimeStamper, UplinkFrame,
} from './types';
import { LIMITS, checkDeviceId, checkMeasurements, flatMeasurements, toHex } from './validate';

export interface PipelineDeps {
  clock: Clock;
  committer: ReadingCommitter;
  events: EventRecorder;
  bus: EventBus;
  devices: DeviceDirectory;
  codecs: CodecResolver;
  stamper: TimeStamper;
  metrics: MetricsRegistry;
  log: Logger;
  /** Readings accepted but not yet committed, beyond which input is refused (bounded queue). Default MAX_IN_FLIGHT. */
  maxInFlight?: number;
}

/**
 * Default bound on readings accepted but not yet committed. An input that awaits each reading (every
 * one of ours: a UDP datagram, a serial line, the demo fleet) holds at most a commit batch in flight;
 * the bound only bites on a producer that submits without awaiting. Each waiting reading costs
 * ≈ 1.2 KB of V8 heap (measured: 50,000 submitted in one turn took the agent from 72 to 157 MB RSS,
 * 10,000 to 99 MB), so 5,000 (10 commit batches of 500) caps that burst at ≈ 6 MB; beyond it the
 * input gets `rejected: overload` (counted, never silent) and must retry later.
 */
export const MAX_IN_FLIGHT = 5_000;

/**
 * input → decode → commit → notify. A reading is published on the bus only after the group
 * committer has made it durable, so rules, sync and the API never act on something a crash
 * could take back. Nothing is dropped silently: every refusal is an event and a counter.
 */
export class Pipeline implements PipelineInput {
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly m;

  /** Refusals are counted in metrics; logged at most once per reason per minute (no log flood). */
  private readonly refusals: RejectCounter<string>;

  constructor(private readonly deps: PipelineDeps) {
    this.maxInFlight = deps.maxInFlight ?? MAX_IN_FLIGHT;
    this.refusals = new RejectCounter(deps.clock, deps.log, 60_000);
    const { metrics } = deps;
    this.m = {
      in: metrics.counter('ardoise_readings_in_total', 'Readings and frames entering the pipeline'),
      committed: metrics.counter('ardoise_readings_committed_total', 'Readings committed to the store'),
      rejected: metrics.counter('ardoise_readings_rejected_total', 'Inputs refused, by reason'),
      codecErrors: metrics.counter('ardoise_codec_errors_total', 'Payloads a codec could not decode'),
      latency: metrics.histogram('ardoise_commit_latency_seconds', 'Time from pipeline input to durable commit', [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]),
    };
    metrics.gauge('ardoise_pipeline_in_flight', 'Readings waiting for the group commit', () => this.inFlight);
  }

  get pending(): number {
    return this.inFlight;
  }

  async ingestFrame(frame: UplinkFrame): Promise<IngestResult> {
    this.m.in.inc();
    const bad = checkDeviceId(frame.deviceId) ?? checkFrame(frame);
    if (bad) return this.reject('invalid_input', bad, frame.deviceId);
    const device = this.deps.devices.lookup(frame.deviceId);
    if (!device) return this.reject('unknown_device', `device ${frame.deviceId} is not in the registry`, frame.deviceId, frame);
    const codec = device.codec ? this.deps.codecs(device.codec) : undefined;
    if (!codec) return this.codecError(frame, device.codec ?? '(none)', [`no codec "${device.codec ?? ''}" for device type ${device.type}`]);
    const decoded = await this.decode(codec, frame);
    if (decoded.errors?.length) return this.codecError(frame, codec.id, decoded.errors);
    let measurements = await this.measurementsOf(codec, decoded, frame.fPort);
    if (Object.keys(measurements).length === 0) measurements = flatMeasurements(decoded.data);
    const quality = decoded.warnings?.length ? Quality.CODEC_WARNING : Quality.OK;
    return this.commit({ ...frame, source: `${frame.source}:${frame.fPort}`, measurements, quality });
  }

  async ingestDecoded(input: DecodedInput): Promise<IngestResult> {
    this.m.in.inc();
    return this.commit(input);
  }

  private async commit(input: DecodedInput): Promise<IngestResult> {
    const bad = checkDeviceId(input.deviceId) ?? checkMeasurements(input.measurements);
    if (bad) return this.reject('invalid_input', bad, input.deviceId);
    if (this.inFlight >= this.maxInFlight) return this.reject('overload', `more than ${this.maxInFlight} readings waiting for commit`, input.deviceId);
    const stamped = this.deps.stamper.stamp(input.receivedAt);
    const started = this.deps.clock.monotonic();
    this.inFlight += 1;
    let reading: StoredReading;
    try {
      reading = await this.deps.committer.submit({
        deviceId: input.deviceId,
        observedAt: input.observedAt ?? stamped.receivedAt,
        receivedAt: stamped.receivedAt,
        source: input.source,
        measurements: input.measurements,
        quality: (input.quality ?? 0) | stamped.quality,
        ...(input.priority === undefined ? {} : { priority: input.priority }),
      });
    } catch (error) {
      // The store raises its own alarm (full disk, closed); the caller learns the reading was not kept.
      this.m.rejected.inc(1, { reason: 'store' });
      this.deps.log.error({ err: error, deviceId: input.deviceId }, 'commit failed');
      return { status: 'rejected', reason: `store: ${(error as Error)?.message ?? String(error)}` };
    } finally {
      this.inFlight -= 1;
    }
    this.m.committed.inc();
    this.m.latency.observe((this.deps.clock.monotonic() - started) / 1000);
    this.deps.bus.emit('reading', reading);
    return { status: 'committed', reading };
  }

  private async decode(codec: AsyncCodec, frame: UplinkFrame): Promise<DecodeUplinkOutput> {
    try {
      return await codec.decodeUplink({ bytes: Uint8Array.from(frame.bytes), fPort: frame.fPort, recvTime: new Date(frame.receivedAt ?? this.deps.clock.now()) });
    } catch (error) {
      return { errors: [`codec threw: ${(error as Error)?.message ?? String(error)}`] };
    }
  }

  private async measurementsOf(codec: AsyncCodec, decoded: DecodeUplinkOutput, fPort: number): Promise<Record<string, MeasurementValue>> {
    try {
      const out: Record<string, MeasurementValue> = {};
      for (const m of await codec.measurements(decoded, fPort)) out[m.quantity] = m.value;
      return out;
    } catch {
      return {};
    }
  }

  /** codec.error event: the device, the codec's own message and the raw payload (nothing lost). */
  private codecError(frame: UplinkFrame, codecId: string, errors: string[]): IngestResult {
    this.m.codecErrors.inc();
    this.deps.events.record({
      kind: 'event', type: 'codec.error', at: this.deps.clock.now(), deviceId: frame.deviceId, severity: 'warning',
      data: { codec: codecId, errors: errors.slice(0, 10).map((e) => e.slice(0, 500)), f_port: frame.fPort, payload_hex: toHex(frame.bytes), source: frame.source },
    });
    return { status: 'rejected', reason: `codec.error: ${errors.join('; ')}` };
  }

  private reject(reason: string, detail: string, deviceId: unknown, frame?: UplinkFrame): IngestResult {
    this.m.rejected.inc(1, { reason });
    this.refusals.reject(reason, { deviceId: String(deviceId).slice(0, 128), detail }, 'input refused');
    if (reason !== 'overload') {
      this.deps.events.record({
        kind: 'event', type: `pipeline.${reason}`, at: this.deps.clock.now(), severity: 'warning',
        ...(typeof deviceId === 'string' && deviceId.length <= LIMITS.maxDeviceIdLength ? { deviceId } : {}),
        data: { detail, ...(frame ? { f_port: frame.fPort, payload_hex: toHex(frame.bytes), source: frame.source } : {}) },
      });
    }
    return { status: 'rejected', reason: `${reason}: ${detail}` };
  }
}

function checkFrame(frame: UplinkFrame): string | undefined {
  if (!Number.isInteger(frame.fPort) || frame.fPort < 0 || frame.fPort > 255) return `fPort ${frame.fPort} invalid; allowed: 0-255`;
  if (frame.bytes.length > LIMITS.maxPayloadBytes) return `payload of ${frame.bytes.length} bytes; at most ${LIMITS.maxPayloadBytes} allowed`;
  return undefined;
}
