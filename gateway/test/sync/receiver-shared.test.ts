import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '@ardoise/device-sdk';
import { MosquittoBroker } from '@ardoise/test-bench/broker';
import { ReferenceReceiver, type ReleasedRecord, type StreamCoverage } from '@ardoise/test-bench/receiver';
import { SyncService } from '../../src/sync/sync-service';
import { appendReadings, openTestStore, tempDir } from './helpers';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let broker: MosquittoBroker;

beforeAll(async () => {
  tmp = await tempDir('ardoise-shared-');
  broker = await MosquittoBroker.start({ dir: join(tmp.dir, 'broker') });
});

afterAll(async () => {
  await broker?.stop();
  await tmp?.cleanup();
});

describe('reference receiver scale-out', () => {
  it('two receivers in one shared-subscription group split the batches and, sharing the dedup state, release every reading once in order', async () => {
    const total = 5_000;
    const coverage = new Map<string, StreamCoverage<ReleasedRecord>>();
    const seqs: number[] = [];
    let done!: () => void;
    const all = new Promise<void>((resolve) => (done = resolve));
    const onRecords = (_gw: string, stream: string, records: ReleasedRecord[]): void => {
      if (stream !== 'readings') return;
      seqs.push(...records.map((r) => r.seq));
      if (seqs.length >= total) done();
    };
    const a = await ReferenceReceiver.start({ url: broker.url, group: 'pool', clientId: 'rx-a', coverage, onRecords });
    const b = await ReferenceReceiver.start({ url: broker.url, group: 'pool', clientId: 'rx-b', coverage, onRecords });
    const clock = new SimulatedClock();
    const store = openTestStore(join(tmp.dir, 'shared.db'), clock);
    appendReadings(store, total, clock.now());
    const sync = new SyncService({ store, clock, link: { url: broker.url, gatewayId: 'gw-shared' }, outbox: { maxBatchRecords: 100 } });
    sync.start();
    await all;
    expect(seqs).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(a.report().batches).toBeGreaterThan(0);
    expect(b.report().batches).toBeGreaterThan(0);
    expect(a.report().batches + b.report().batches).toBeGreaterThanOrEqual(total / 100);
    await sync.stop();
    store.close();
    await a.stop();
    await b.stop();
  });
});
