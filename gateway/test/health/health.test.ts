import { SimulatedClock } from '@ardoise/device-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { LAST_GOOD_TIME_KEY } from '../../src/health/index';
import { Quality } from '../../src/store/index';
import { settle, testConfig, testCore } from '../helpers/core';
import { tempDir } from '../helpers/tmp';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(extra: Parameters<typeof testConfig>[1] = {}, clock?: SimulatedClock) {
  const tmp = tempDir();
  const config = testConfig(tmp.dir, extra);
  const { core } = testCore(config, clock);
  cleanups.push(tmp.cleanup, () => core.close());
  return { core, config, tmp };
}

const modeEvents = (core: ReturnType<typeof setup>['core']) =>
  core.store.eventsAfter(0, 100).filter((e) => e.type === 'health.mode').map((e) => `${e.data!.from}→${e.data!.to}`);

describe('health state machine', () => {
  it('goes sensor_stale when a device misses stale_factor × its interval, back online on its next report', async () => {
    const clock = new SimulatedClock(Date.UTC(2026, 5, 21, 12));
    const { core } = setup({}, clock);
    expect(core.health.mode).toBe('online');
    // soil-1 reports every 1800 s; lamp-1 every 900 s → lamp-1 is stale after 2250 s.
    clock.advance(1800_000);
    await settle(clock, core.pipeline.ingestDecoded({ deviceId: 'soil-1', measurements: { soil_moisture_vwc: 20 }, source: 'test' }));
    clock.advance(600_000);
    expect(core.health.mode).toBe('sensor_stale');
    expect(core.health.snapshot().checks.sensors.stale).toEqual(['lamp-1']);
    await settle(clock, core.pipeline.ingestDecoded({ deviceId: 'lamp-1', measurements: { dim_level: 100 }, source: 'test' }));
    expect(core.health.mode).toBe('online');
    expect(modeEvents(core)).toEqual(['online→sensor_stale', 'sensor_stale→online']);
    const types = core.store.eventsAfter(0, 100).map((e) => e.type);
    expect(types).toContain('health.sensor_stale');
    expect(types).toContain('health.sensor_recovered');
  });

  it('reports upstream_lost only when sync is configured (until it connects), and recovers', () => {
    expect(setup().core.health.snapshot().checks.upstream).toMatchObject({ configured: false });
    const { core } = setup({ sync: { enabled: true, mqtt_url: 'mqtt://127.0.0.1:1' } });
    expect(core.health.mode).toBe('upstream_lost'); // not connected yet
    core.health.setUpstream(true);
    expect(core.health.mode).toBe('online');
    core.health.setUpstream(false, 'connection refused');
    expect(core.health.mode).toBe('upstream_lost');
    expect(core.health.snapshot().checks.upstream).toMatchObject({ configured: true, connected: false, detail: 'connection refused' });
    core.health.setUpstream(true);
    expect(modeEvents(core)).toEqual(['online→upstream_lost', 'upstream_lost→online', 'online→upstream_lost', 'upstream_lost→online']);
  });

  it('raises storage_pressure when the database reaches the configured share of max_size', () => {
    const { core } = setup({ storage: { path: 'a.db', max_size: '4MB' }, health: { storage_pressure_ratio: 0.2 } });
    expect(core.health.check().mode).toBe('online');
    let seq = 0;
    while (core.store.stats().sizeBytes < 0.25 * 4_000_000) {
      core.store.appendReadings(Array.from({ length: 2000 }, () => ({
        deviceId: 'lamp-1', observedAt: Date.UTC(2026, 5, 21, 12) + seq, receivedAt: Date.UTC(2026, 5, 21, 12) + seq++, source: 'test',
        measurements: { dim_level: seq % 100, active_power: seq / 7, voltage: 230.1, current: 0.2 },
      })));
    }
    expect(core.health.check().mode).toBe('storage_pressure');
    expect(modeEvents(core)).toEqual(['online→storage_pressure']);
  });

  it('boots clock_untrusted when the system clock is earlier than the persisted last good time', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.cleanup);
    const config = testConfig(tmp.dir);
    const goodTime = Date.UTC(2026, 5, 21, 12);
    const first = testCore(config, new SimulatedClock(goodTime));
    first.clock.advance(120_000); // persisted periodically (every 60 s) and at close
    await first.core.close();

    // Reboot without RTC: the system clock says 1970 + a bit.
    const clock = new SimulatedClock(86_400_000);
    const { core } = testCore(config, clock);
    cleanups.push(() => core.close());
    expect(core.health.mode).toBe('clock_untrusted');
    expect(core.store.getState(LAST_GOOD_TIME_KEY)).toBe(goodTime + 120_000);

    clock.advance(5000);
    const r = await settle(clock, core.pipeline.ingestDecoded({ deviceId: 'lamp-1', measurements: { dim_level: 100 }, source: 'test' }));
    if (r.status !== 'committed') throw new Error(r.reason);
    expect(r.reading.quality & Quality.CLOCK_UNTRUSTED).toBe(Quality.CLOCK_UNTRUSTED);
    // Estimated from last good time + monotonic elapsed, not the 1970 system clock.
    expect(r.reading.receivedAt).toBeGreaterThanOrEqual(goodTime + 120_000 + 5000);
    clock.advance(120_000);
    // While untrusted the persisted good time is not overwritten by the wrong clock.
    expect(core.store.getState(LAST_GOOD_TIME_KEY)).toBe(goodTime + 120_000);

    clock.setWallTime(goodTime + 3_600_000); // NTP stepped the clock
    core.health.confirmTime('ntp');
    expect(core.health.mode).toBe('online');
    const r2 = await settle(clock, core.pipeline.ingestDecoded({ deviceId: 'lamp-1', measurements: { dim_level: 90 }, source: 'test' }));
    if (r2.status !== 'committed') throw new Error(r2.reason);
    expect(r2.reading.quality).toBe(Quality.OK);
    expect(r2.reading.receivedAt).toBeGreaterThan(r.reading.receivedAt);
    const types = core.store.eventsAfter(0, 100).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['health.clock_untrusted', 'health.clock_trusted', 'health.mode']));
    expect(modeEvents(core)).toEqual(['online→clock_untrusted', 'clock_untrusted→online']);
  });
});
