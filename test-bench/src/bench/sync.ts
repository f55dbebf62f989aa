/**
 * Sync benchmark (issue 6 §Performance):
 * - drain of a backlog (1,000,000 readings; 50,000 with --quick) from a real SQLite store to a
 *   local Mosquitto the bench starts, through the outbox (read by seq, CBOR envelope, QoS 1,
 *   cursor persisted on PUBACK). Baseline in the same run: mqtt.js publishing the same number of
 *   pre-encoded batches QoS 1 with the same window (no store, no encoding);
 * - bytes on the wire per reading: envelope vs JSON of the same readings (+ MQTT header share);
 * - pull API: readings/s through paginated HTTP requests (limit 1000) vs reading the same pages
 *   straight from the store.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';
import { encodeBatch } from '@ardoise/codecs';
import { RealClock } from '@ardoise/device-sdk';
import { createApiHandler, hashToken, LANES, openStore, SyncService, type ReadingInput, type Store } from '@ardoise/gateway';
import { MosquittoBroker } from '../broker';
import { sampleReading } from '../store/sample-readings';
import type { BenchFigure, BenchOptions, BenchSuite } from './types';

const BATCH = 500;
const WINDOW = 4;

function fillStore(path: string, count: number): Store {
  const store = openStore({ path, maxBytes: 8 * 1024 ** 3, retentionDays: 3650, synchronous: 'NORMAL' });
  const chunk: ReadingInput[] = [];
  for (let i = 0; i < count; i++) {
    chunk.push(sampleReading(i));
    if (chunk.length === 10_000) store.appendReadings(chunk.splice(0));
  }
  if (chunk.length) store.appendReadings(chunk);
  return store;
}

/** No ack for this long during a drain = the bench fails instead of hanging (CI runs it). */
const STALL_MS = 30_000;

interface ReceiverProcess {
  done: Promise<string>;
  /** Kills the child if it is still running and waits for it to exit (idempotent). */
  kill(): Promise<void>;
}

/** A reference receiver in its own process (as in the cloud), resolving when it holds `total`. */
async function receiverProcess(url: string, gatewayId: string, total: number): Promise<ReceiverProcess> {
  const script = fileURLToPath(new URL('../receiver/until-main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, url, gatewayId, 'readings', String(total)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  try {
    const lines = createInterface({ input: child.stdout! });
    const iterator = lines[Symbol.asyncIterator]();
    const first = await iterator.next();
    if (first.value !== 'ready') throw new Error(`receiver process did not start: ${String(first.value)}`);
    return { done: iterator.next().then((r) => String(r.value)), kill };
  } catch (error) {
    await kill();
    throw error;
  }
}

/** `promise`, or a rejection naming `what` if it does not settle within STALL_MS (timer cleared). */
async function progress<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stall = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`bench sync: ${what} made no progress for ${STALL_MS / 1000} s`)), STALL_MS);
  });
  try {
    return await Promise.race([promise, stall]);
  } finally {
    clearTimeout(timer);
  }
}

async function drainThroughOutbox(store: Store, url: string, total: number, gatewayId = 'bench-gw'): Promise<number> {
  const clock = new RealClock();
  const sync = new SyncService({ store, clock, link: { url, gatewayId }, outbox: { maxBatchRecords: BATCH, maxInFlight: WINDOW } });
  const start = performance.now();
  try {
    sync.start();
    while (sync.outbox.status().readings.cursor < total) await progress(once(sync.outbox, 'acked'), 'the outbox drain');
    return total / ((performance.now() - start) / 1000);
  } finally {
    await sync.stop();
  }
}

/** Same publishes, pre-encoded, straight through mqtt.js with the same window: the ceiling. */
async function rawPublish(store: Store, url: string, total: number): Promise<number> {
  const payload = Buffer.from(encodeBatch({ stream: 'readings', gatewayId: 'bench-raw', firstSeq: 1, lastSeq: BATCH, createdAt: Date.now(), readings: store.readingsAfter(0, BATCH) }));
  const client = await mqtt.connectAsync(url, { protocolVersion: 5 });
  try {
    const start = performance.now();
    let sent = 0;
    const worker = async (): Promise<void> => {
      while (sent < total) {
        sent += BATCH;
        await client.publishAsync('ardoise/v1/bench-raw/up/readings', payload, { qos: 1 });
      }
    };
    await Promise.all(Array.from({ length: WINDOW }, worker));
    return sent / ((performance.now() - start) / 1000);
  } finally {
    await client.endAsync(true);
  }
}

/** The outbox's own work without a broker: read committed rows by seq, encode the envelopes. */
function readAndEncode(store: Store, total: number): number {
  const start = performance.now();
  let done = 0;
  for (let after = 0; done < total; ) {
    const readings = store.readingsAfter(after, BATCH);
    if (readings.length === 0) break;
    encodeBatch({ stream: 'readings', gatewayId: 'bench-gw', firstSeq: readings[0]!.seq, lastSeq: readings[readings.length - 1]!.seq, createdAt: Date.now(), readings });
    done += readings.length;
    after = readings[readings.length - 1]!.seq;
  }
  return done / ((performance.now() - start) / 1000);
}

function wireBytes(store: Store): BenchFigure[] {
  const readings = store.readingsAfter(0, BATCH);
  const envelope = encodeBatch({ stream: 'readings', gatewayId: 'bench-gw', firstSeq: 1, lastSeq: BATCH, createdAt: Date.now(), readings }).length;
  const json = Buffer.byteLength(JSON.stringify(readings));
  const mqttHeader = 2 + 2 + 'ardoise/v1/bench-gw/up/readings'.length + 2 + 1 + 4; // fixed + topic + packet id + props
  return [
    { name: 'wire bytes per reading (envelope + MQTT)', value: (envelope + mqttHeader) / BATCH, unit: 'B', ratio: envelope / json, baseline: `JSON ${(json / BATCH).toFixed(1)} B/reading` },
  ];
}

async function pullApi(store: Store, total: number): Promise<BenchFigure> {
  const token = 'bench-token-0123456789';
  const api = createApiHandler({ store, clock: new RealClock(), gatewayId: 'bench-gw', tokens: [{ name: 'bench', sha256: hashToken(token), scopes: ['read'] }], rateLimit: { perSecond: 1e9, burst: 1e9 } });
  const server = createServer((req, res) => void api(req, res));
  server.listen(0, '127.0.0.1');
  try {
    await once(server, 'listening');
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let start = performance.now();
    let got = 0;
    for (let after = 0; got < total; ) {
      const res = await fetch(`${base}/api/v1/readings?after=${after}&limit=1000`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`bench sync: pull API answered ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as { data: unknown[]; next_after: number };
      if (body.data.length === 0) break;
      got += body.data.length;
      after = body.next_after;
    }
    if (got < total) throw new Error(`bench sync: pull API served ${got} of ${total} readings`);
    const viaHttp = got / ((performance.now() - start) / 1000);
    start = performance.now();
    let direct = 0;
    for (let after = 0; direct < got; ) {
      const rows = store.readingsAfter(after, 1000);
      direct += rows.length;
      after = rows[rows.length - 1]!.seq;
      JSON.stringify(rows);
    }
    const viaStore = direct / ((performance.now() - start) / 1000);
    return { name: 'pull API readings/s (limit 1000)', value: Math.round(viaHttp), unit: 'readings/s', ratio: viaHttp / viaStore, baseline: `store pages + JSON ${Math.round(viaStore)}/s` };
  } finally {
    api.close();
    server.closeAllConnections();
    server.close();
  }
}

export const syncSuite: BenchSuite = async (opts: BenchOptions) => {
  const total = opts.quick ? 50_000 : 1_000_000;
  opts.log(`sync: filling a store with ${total} readings`);
  const store = fillStore(join(opts.workDir, 'sync-bench.db'), total);
  let broker: MosquittoBroker | undefined;
  let receiver: ReceiverProcess | undefined;
  try {
    broker = await MosquittoBroker.start({ dir: join(opts.workDir, 'broker'), persistence: false });
    // Warm-up drain of a small separate store, so the measured drain is not the JIT's first run.
    const warm = fillStore(join(opts.workDir, 'warm-up.db'), 20_000);
    try {
      await drainThroughOutbox(warm, broker.url, 20_000, 'bench-warm-up');
    } finally {
      warm.close();
    }
    opts.log('sync: draining the backlog through the outbox');
    const drain = await drainThroughOutbox(store, broker.url, total);
    opts.log('sync: draining again with a reference receiver in its own process');
    receiver = await receiverProcess(broker.url, 'bench-e2e', total);
    for (const lane of LANES) store.setCursor(lane.cursorName, 0);
    const start = performance.now();
    await drainThroughOutbox(store, broker.url, total, 'bench-e2e');
    const done = await progress(receiver.done, 'the reference receiver');
    const endToEnd = total / ((performance.now() - start) / 1000);
    if (!done.startsWith('done')) throw new Error(`receiver did not complete: ${done}`);
    const raw = await rawPublish(store, broker.url, total);
    const encodeOnly = readAndEncode(store, total);
    const apiFigure = await pullApi(store, opts.quick ? 20_000 : 200_000);
    return {
      suite: 'sync',
      figures: [
        { name: `backlog drain (${total} readings, ${BATCH}/batch, window ${WINDOW})`, value: Math.round(drain), unit: 'readings/s', ratio: drain / raw, baseline: `raw mqtt.js QoS1 ${Math.round(raw)}/s`, target: '>= 20000', ok: drain >= 20_000 },
        { name: 'store read + envelope encode alone, no broker (the outbox work)', value: Math.round(encodeOnly), unit: 'readings/s', ratio: encodeOnly / raw, baseline: 'raw mqtt.js QoS1' },
        { name: 'end-to-end: gateway → Mosquitto → reference receiver (decode, dedup, order)', value: Math.round(endToEnd), unit: 'readings/s', ratio: endToEnd / drain, baseline: 'drain without subscriber' },
        ...wireBytes(store),
        apiFigure,
      ],
      notes: [
        'first drain (after a 20k warm-up drain): broker + gateway only; end-to-end: a second pass over the same backlog (warm caches, so it can beat the first) with the receiver in its own process on the same 2 cores',
        'raw mqtt.js publishes one pre-encoded batch again and again: the drain time is mostly the outbox work (store read + CBOR encode), see its own figure',
      ],
    };
  } finally {
    await receiver?.kill();
    await broker?.stop();
    store.close();
  }
};
