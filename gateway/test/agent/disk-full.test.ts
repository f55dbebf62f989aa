import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src/agent/core';
import { silentLogger } from '../../src/logging/index';
import { SimulatedClock } from '@ardoise/device-sdk';
import { settle, testConfig } from '../helpers/core';
import { tempDir } from '../helpers/tmp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('database full (SQLite max_page_count as a size-capped disk)', () => {
  it('the pipeline keeps running, a storage alarm is raised, health goes storage_pressure, old data is evicted, the database stays intact', async () => {
    const config = testConfig(tmp.dir, { storage: { path: 'full.db', max_size: '64MB', commit_max_rows: 200 } });
    const clock = new SimulatedClock(Date.UTC(2026, 5, 21, 12));
    const core = openCore({ config, clock, log: silentLogger(), maxPageCount: 40 }); // 160 KiB "disk"
    let committed = 0;
    let refused = 0;
    const heard: string[] = [];
    core.bus.on('event', (e) => void heard.push(e.type));
    try {
      for (let round = 0; round < 40; round++) {
        const batch = Array.from({ length: 200 }, (_, i) => core.pipeline.ingestDecoded({
          deviceId: 'lamp-1', source: 'test', measurements: { dim_level: i % 100, active_power: round + i / 10, voltage: 230 + i / 100, current: 0.2 },
        }));
        for (const r of await settle(clock, Promise.all(batch))) r.status === 'committed' ? committed++ : refused++;
      }
      const alarms = core.store.eventsAfter(0, 1000, { kind: 'alarm' }).map((e) => e.type);
      expect(alarms).toContain('storage.full');
      expect(committed).toBeGreaterThan(0);
      expect(committed + refused).toBe(8000);
      expect(core.store.stats().evictedTotal).toBeGreaterThan(0);
      expect(core.health.check().mode).toBe('storage_pressure');
      expect(heard).toContain('health.mode');
      // Still alive after the pressure: a new reading commits.
      const after = await settle(clock, core.pipeline.ingestDecoded({ deviceId: 'lamp-1', source: 'test', measurements: { dim_level: 1 } }));
      expect(after.status).toBe('committed');
    } finally {
      await core.close();
    }
    const db = new Database(config.storage.path, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
