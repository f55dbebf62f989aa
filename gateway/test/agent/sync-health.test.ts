import { join } from 'node:path';
import { decodeBatch } from '@ardoise/codecs';
import { MosquittoBroker } from '@ardoise/test-bench/broker';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgent } from '../../src/agent/agent';
import { silentLogger } from '../../src/logging/index';
import { testConfig } from '../helpers/core';
import { tempDir } from '../helpers/tmp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('agent sync wiring: real health mode upstream, outbox keys from YAML', () => {
  it('the retained state carries the health mode and follows every transition; sync.batch_max_records bounds batches', async () => {
    const broker = await MosquittoBroker.start({ dir: join(tmp.dir, 'broker') });
    const config = testConfig(tmp.dir, {
      storage: { path: 'sync-health.db', commit_interval_ms: 5 },
      devices: [{ id: 'soil-1', type: 'soil_probe', report_interval_s: 1 }],
      health: { stale_factor: 1, check_interval_s: 1 },
      api: { port: 0 },
      sync: { enabled: true, mqtt_url: broker.url, batch_max_records: 1 },
    });
    const watcher = await mqtt.connectAsync(broker.url, { protocolVersion: 5 });
    const states: { health?: string }[] = [];
    const readingBatches: [number, number][] = [];
    const staleSeen = new Promise<void>((resolve) => watcher.on('message', (topic, payload) => {
      if (topic.endsWith('/state')) {
        states.push(JSON.parse(payload.toString()) as { health?: string });
        if (states.at(-1)?.health === 'sensor_stale') resolve();
      } else if (topic.endsWith('/up/readings')) {
        const b = decodeBatch(payload);
        readingBatches.push([b.firstSeq, b.lastSeq]);
      }
    }));
    await watcher.subscribeAsync('ardoise/v1/test/#', { qos: 1 });
    const agent = await startAgent({ config, log: silentLogger(), baseDir: tmp.dir, env: {} });
    try {
      await staleSeen; // soil-1 never reports: sensor_stale after 1 s
      expect(states[0]).toMatchObject({ state: 'online', health: 'online' });
      const threeBatches = new Promise<void>((resolve) => watcher.on('message', () => readingBatches.length >= 3 && resolve()));
      const recovered = new Promise<void>((resolve) => watcher.on('message', (topic, p) => topic.endsWith('/state') && JSON.parse(p.toString()).health === 'online' && resolve()));
      for (let i = 0; i < 3; i++) await agent.core.pipeline.ingestDecoded({ deviceId: 'soil-1', measurements: { soil_tension: 20 + i }, source: 'test' });
      await Promise.all([threeBatches, recovered]); // a reading clears sensor_stale: the state says online again
      expect(readingBatches.every(([first, last]) => last - first === 0)).toBe(true);
    } finally {
      await agent.stop();
      await watcher.endAsync();
      await broker.stop();
    }
  });
});
