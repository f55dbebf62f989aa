import { once } from 'node:events';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '@ardoise/device-sdk';
import { MosquittoBroker } from '@ardoise/test-bench/broker';
import { ReferenceReceiver, type ReceiverReport } from '@ardoise/test-bench/receiver';
import type { LaneName } from '../../src/sync/lanes';
import type { Outbox } from '../../src/sync/outbox';
import { SyncService } from '../../src/sync/sync-service';
import { MqttLink } from '../../src/sync/mqtt-link';
import { Outbox as OutboxClass } from '../../src/sync/outbox';
import { encodeBatch } from '@ardoise/codecs';
import { appendReadings, openTestStore, tempDir } from './helpers';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let broker: MosquittoBroker;
let receiver: ReferenceReceiver;
let n = 0;

beforeAll(async () => {
  tmp = await tempDir('ardoise-outbox-');
  broker = await MosquittoBroker.start({ dir: join(tmp.dir, 'broker') });
  receiver = await ReferenceReceiver.start({ url: broker.url, clientId: 'receiver-outbox' });
});

afterAll(async () => {
  await receiver?.stop();
  await broker?.stop();
  await tmp?.cleanup();
});

interface Published {
  lane: LaneName;
  firstSeq: number;
  lastSeq: number;
}

function setup(gatewayId: string, outbox: { maxBatchRecords?: number; maxInFlight?: number; maxBatchBytes?: number; bandwidthBytesPerSecond?: number } = {}) {
  const clock = new SimulatedClock();
  const store = openTestStore(join(tmp.dir, `store-${n++}.db`), clock);
  const sync = new SyncService({ store, clock, link: { url: broker.url, gatewayId }, outbox, resyncMinIntervalMs: 0 });
  const published: Published[] = [];
  sync.outbox.on('published', (lane, firstSeq, lastSeq) => published.push({ lane, firstSeq, lastSeq }));
  return { clock, store, sync, published };
}

const drained = (gw: string, stream: string, lastSeq: number) => (r: ReceiverReport) =>
  (r.streams[`${gw}/${stream}`]?.watermark ?? 0) >= lastSeq;

async function cursorReaches(outbox: Outbox, lane: LaneName, seq: number): Promise<void> {
  while (outbox.status()[lane].cursor < seq) await once(outbox, 'acked');
}

describe('Outbox against a real Mosquitto and the reference receiver', () => {
  it('drains a backlog in order, alarms first, cursor advanced only on PUBACK, window bounded', async () => {
    const { clock, store, sync, published } = setup('gw-order', { maxBatchRecords: 250, maxInFlight: 3 });
    appendReadings(store, 5_000, clock.now());
    store.appendEvent({ kind: 'event', type: 'health.mode', at: clock.now() });
    store.appendEvent({ kind: 'alarm', type: 'lighting.lamp_failure', at: clock.now(), deviceId: 'lamp-3', severity: 'critical' });
    let maxInFlight = 0;
    sync.outbox.on('published', () => {
      const lanes = Object.values(sync.outbox.status());
      maxInFlight = Math.max(maxInFlight, lanes.reduce((sum, l) => sum + l.inFlight, 0));
    });
    sync.start();
    const report = await receiver.until((r) => drained('gw-order', 'readings', 5_000)(r) && drained('gw-order', 'events', 2)(r));
    expect(published[0]).toMatchObject({ lane: 'alarms', firstSeq: 2, lastSeq: 2 });
    expect(report.streams['gw-order/readings']).toMatchObject({ released: 5_000, duplicates: 0, gaps: [] });
    expect(report.streams['gw-order/events']).toMatchObject({ released: 2, duplicates: 1, early: 1 });
    expect(maxInFlight).toBeLessThanOrEqual(3);
    await cursorReaches(sync.outbox, 'readings', 5_000);
    expect(store.getCursor('readings:sync')).toBe(5_000);
    expect(store.getCursor('sync.alarms')).toBe(2);
    await sync.stop();
    store.close();
  });

  it('broker killed -9 and restarted three times mid-stream: every reading once, in order, no resend storm', async () => {
    const gw = 'gw-kill';
    const maxInFlight = 4;
    const { clock, store, sync, published } = setup(gw, { maxBatchRecords: 200, maxInFlight });
    const total = 20_000;
    appendReadings(store, total, clock.now());
    // Resends caused by a reconnect (not by a receiver's replay request) are bounded by the window.
    let highest = 0;
    let replaying = false;
    let reconnectResends = 0;
    sync.outbox.on('replay', () => (replaying = true));
    sync.outbox.on('published', (_lane, _first, last) => {
      if (last <= highest && !replaying) reconnectResends++;
      if (last >= highest) replaying = false;
      highest = Math.max(highest, last);
    });
    sync.start();
    for (let kill = 1; kill <= 3; kill++) {
      await cursorReaches(sync.outbox, 'readings', kill * 4_000);
      const down = once(sync.link, 'down');
      await broker.kill();
      await down;
      await broker.restart();
      const up = once(sync.link, 'up');
      clock.advance(sync.link.status().retryInMs!);
      await up;
    }
    const report = await receiver.until(drained(gw, 'readings', total));
    expect(report.streams[`${gw}/readings`]).toMatchObject({ watermark: total, released: total, gaps: [], malformed: 0 });
    expect(reconnectResends).toBeLessThanOrEqual(3 * maxInFlight);
    expect(published.filter((p) => p.lane === 'readings').length).toBeGreaterThanOrEqual(total / 200);
    await cursorReaches(sync.outbox, 'readings', total);
    await sync.stop();
    store.close();
  });

  it('bandwidth cap: bytes published never exceed burst + rate × simulated time, and the backlog still drains', async () => {
    const gw = 'gw-capped';
    const rate = 20_000;
    const { clock, store, sync } = setup(gw, { maxBatchRecords: 200, maxBatchBytes: 8_192, bandwidthBytesPerSecond: rate });
    const total = 3_000;
    appendReadings(store, total, clock.now());
    const t0 = clock.monotonic();
    let bytes = 0;
    let worst = -Infinity;
    sync.outbox.on('published', (_lane, _f, _l, size) => {
      bytes += size;
      worst = Math.max(worst, bytes - (rate + (rate * (clock.monotonic() - t0)) / 1000));
    });
    sync.start();
    await once(sync.link, 'up');
    while (sync.outbox.status().readings.cursor < total) {
      if (sync.outbox.status().readings.inFlight > 0) await once(sync.outbox, 'acked');
      else clock.advance(100);
    }
    expect(worst).toBeLessThanOrEqual(0);
    const elapsed = clock.monotonic() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(((bytes - rate) / rate) * 1000 - 100);
    await receiver.until(drained(gw, 'readings', total));
    await sync.stop();
    store.close();
  });

  it('a record the envelope refuses does not block the stream: sent as an empty range, alarm raised', async () => {
    const gw = 'gw-poison';
    const clock = new SimulatedClock();
    const store = openTestStore(join(tmp.dir, 'poison.db'), clock);
    appendReadings(store, 10, clock.now());
    // Fault injection: the real encoder, made to refuse reading seq 3 (a poison row).
    const encode = (batch: Parameters<typeof encodeBatch>[0]): Uint8Array => {
      if (batch.stream === 'readings' && batch.readings.some((r) => r.seq === 3)) throw new Error('value out of envelope range');
      return encodeBatch(batch);
    };
    const link = new MqttLink({ url: broker.url, gatewayId: gw }, { clock });
    const outbox = new OutboxClass(store, link, encode, { gatewayId: gw }, { clock });
    outbox.start();
    link.start();
    const report = await receiver.until((r) => drained(gw, 'readings', 10)(r) && drained(gw, 'events', 1)(r));
    expect(report.streams[`${gw}/readings`]).toMatchObject({ watermark: 10, released: 9, gaps: [] });
    expect(store.eventsAfter(0, 10)).toMatchObject([{ kind: 'alarm', type: 'sync.record_unencodable', data: { stream: 'readings', seq: 3 } }]);
    outbox.stop();
    await link.stop();
    store.close();
  });
});
