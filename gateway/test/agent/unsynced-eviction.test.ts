import { join } from 'node:path';
import { MosquittoBroker } from '@ardoise/test-bench/broker';
import { ReferenceReceiver, type ReleasedRecord } from '@ardoise/test-bench/receiver';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgent } from '../../src/agent/agent';
import { silentLogger } from '../../src/logging/index';
import { openStore, type StoredEvent } from '../../src/store/index';
import { testConfig } from '../helpers/core';
import { tempDir } from '../helpers/tmp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('rows evicted before they were synced: the loss is explicit upstream', () => {
  it('retention removes an unsent backlog: a sync.unsynced_evicted alarm with the exact seq range reaches the reference receiver, once', async () => {
    const broker = await MosquittoBroker.start({ dir: join(tmp.dir, 'broker') });
    const config = testConfig(tmp.dir, { storage: { path: 'evicted.db', retention_days: 1 }, api: { port: 0 }, sync: { enabled: true, mqtt_url: broker.url } });
    // A backlog written during an outage that outlived the retention: 3 days old, never sent.
    const old = Date.now() - 3 * 86_400_000;
    const seed = openStore({ path: config.storage.path, maxBytes: config.storage.max_size, retentionDays: 30, synchronous: 'NORMAL' });
    seed.appendReadings(Array.from({ length: 5 }, (_, i) => ({ deviceId: 'soil-1', observedAt: old + i, receivedAt: old + i, source: 'test', measurements: { soil_tension: 20 + i } })));
    seed.close();

    const alarms: Record<string, unknown>[] = [];
    const receiver = await ReferenceReceiver.start({ url: broker.url, clientId: 'rx-evicted', onRecords: (_gw, stream, list: ReleasedRecord[]) => {
      for (const r of list) if (stream === 'events' && (r as StoredEvent).type === 'sync.unsynced_evicted') alarms.push((r as StoredEvent).data!);
    } });
    const agent = await startAgent({ config, log: silentLogger(), baseDir: tmp.dir, env: {} });
    try {
      const report = agent.core.store.enforceLimits(Date.now()); // before the link is up: nothing was sent
      expect(report).toMatchObject({ reason: 'retention', evicted: { readings: 5 } });
      await receiver.until(() => alarms.length >= 1);
      expect(alarms).toEqual([{ stream: 'readings', first_seq: 1, last_seq: 5, count: 5 }]);
      agent.core.store.enforceLimits(Date.now()); // nothing new evicted: no second alarm
      const stored = agent.core.store.eventsAfter(0, 1000).filter((e) => e.type === 'sync.unsynced_evicted');
      expect(stored).toHaveLength(1);
    } finally {
      await agent.stop();
      await receiver.stop();
      await broker.stop();
    }
  });
});
