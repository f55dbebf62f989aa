import { getCodec } from '@ardoise/codecs';
import { SimulatedClock } from '@ardoise/device-sdk';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../src/agent/core';
import type { Core } from '../../src/agent/core';
import { MAX_IN_FLIGHT } from '../../src/pipeline/pipeline';
import { Quality, type StoredReading } from '../../src/store/index';
import { testConfig, testCore, settle } from '../helpers/core';
import { tempDir } from '../helpers/tmp';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup() {
  const tmp = tempDir();
  const { core, clock } = testCore(testConfig(tmp.dir));
  cleanups.push(tmp.cleanup, () => core.close());
  return { core, clock };
}

const soilBytes = () => {
  const out = getCodec('ardoise-soil-probe')!.encodeUplink({ frame: 'reading', soil_moisture_vwc: 23.5, soil_tension: 31.2, soil_temperature: 14.1, battery: 88 });
  return { bytes: Uint8Array.from(out.bytes!), fPort: out.fPort! };
};

describe('pipeline: input → decode → commit → notify', () => {
  it('decodes a frame with the device codec and commits its normalized measurements', async () => {
    const { core, clock } = setup();
    const { bytes, fPort } = soilBytes();
    const result = await settle(clock, core.pipeline.ingestFrame({ deviceId: 'soil-1', bytes, fPort, source: 'lorawan' }));
    expect(result.status).toBe('committed');
    const [stored] = core.store.readingsAfter(0, 10);
    expect(stored).toMatchObject({ deviceId: 'soil-1', source: `lorawan:${fPort}`, measurements: { soil_moisture_vwc: 23.5, soil_tension: 31.2, battery: 88 } });
  });

  it('publishes a reading only after it is committed (a subscriber can read it back from the store)', async () => {
    const { core, clock } = setup();
    const seen: { reading: StoredReading; inStore: boolean }[] = [];
    core.bus.on('reading', (reading) => {
      seen.push({ reading, inStore: core.store.readingsAfter(reading.seq - 1, 1)[0]?.seq === reading.seq });
    });
    const pending = core.pipeline.ingestDecoded({ deviceId: 'lamp-1', measurements: { dim_level: 50 }, source: 'demo' });
    expect(seen).toEqual([]); // not yet committed: nobody heard of it
    const result = await settle(clock, pending);
    expect(result.status).toBe('committed');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ inStore: true, reading: { deviceId: 'lamp-1', measurements: { dim_level: 50 } } });
  });

  it('a codec error becomes a codec.error event with the device, the codec message and the payload', async () => {
    const { core, clock } = setup();
    const heard: string[] = [];
    core.bus.on('event', (e) => void heard.push(e.type));
    const result = await settle(clock, core.pipeline.ingestFrame({ deviceId: 'soil-1', bytes: Uint8Array.of(0xee, 1), fPort: 2, source: 'lorawan' }));
    expect(result.status).toBe('rejected');
    const [event] = core.store.eventsAfter(0, 10);
    expect(event).toMatchObject({ type: 'codec.error', deviceId: 'soil-1', data: { codec: 'ardoise-soil-probe', payload_hex: 'ee01', f_port: 2 } });
    expect((event!.data!.errors as string[])[0]).toMatch(/./);
    expect(heard).toEqual(['codec.error']);
    expect(core.store.readingsAfter(0, 10)).toEqual([]);
  });

  it('unknown devices and invalid measurements are refused with an event, never silently', async () => {
    const { core, clock } = setup();
    const r1 = await settle(clock, core.pipeline.ingestFrame({ deviceId: 'ghost', bytes: [1, 2], fPort: 2, source: 'lorawan' }));
    const r2 = await settle(clock, core.pipeline.ingestDecoded({ deviceId: 'lamp-1', measurements: { 'Bad Name': 1 }, source: 'demo' }));
    const r3 = await settle(clock, core.pipeline.ingestDecoded({ deviceId: 'lamp-1', measurements: { dim_level: Number.NaN }, source: 'demo' }));
    expect([r1.status, r2.status, r3.status]).toEqual(['rejected', 'rejected', 'rejected']);
    expect(core.store.eventsAfter(0, 10).map((e) => e.type)).toEqual(['pipeline.unknown_device', 'pipeline.invalid_input', 'pipeline.invalid_input']);
    expect(core.metrics.render()).toMatch(/ardoise_readings_rejected_total\{reason="unknown_device"\} 1/);
  });

  it('bounds readings waiting for commit: a producer that does not await gets overload beyond MAX_IN_FLIGHT, counted', async () => {
    const { core, clock } = setup();
    const flood = Array.from({ length: MAX_IN_FLIGHT + 3 }, (_, k) =>
      core.pipeline.ingestDecoded({ deviceId: 'lamp-1', measurements: { dim_level: k % 101 }, source: 'demo' }));
    const results = await settle(clock, Promise.all(flood));
    expect(results.filter((r) => r.status === 'committed')).toHaveLength(MAX_IN_FLIGHT);
    expect(results.slice(MAX_IN_FLIGHT).map((r) => r.status === 'rejected' && r.reason)).toEqual(Array(3).fill(`overload: more than ${MAX_IN_FLIGHT} readings waiting for commit`));
    expect(core.store.stats().readings).toBe(MAX_IN_FLIGHT);
    expect(core.metrics.render()).toMatch(/ardoise_readings_rejected_total\{reason="overload"\} 3/);
    expect(core.pipeline.pending).toBe(0);
  });

  it('logs refusals at most once per reason per minute, with the count suppressed meanwhile (no log flood)', async () => {
    const tmp = tempDir();
    const lines: Record<string, unknown>[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const clock = new SimulatedClock(Date.UTC(2026, 5, 21, 12));
    const core = openCore({ config: testConfig(tmp.dir), clock, log });
    cleanups.push(tmp.cleanup, () => core.close());
    const refused = () => lines.filter((l) => l.msg === 'input refused');
    const { bytes, fPort } = soilBytes();
    const stranger = () => core.pipeline.ingestFrame({ deviceId: 'nobody', bytes, fPort, source: 'lorawan' });
    for (let k = 0; k < 200; k++) expect((await stranger()).status).toBe('rejected');
    expect(refused()).toHaveLength(1);
    expect(refused()[0]).toMatchObject({ cause: 'unknown_device', suppressed: 0, deviceId: 'nobody' });
    expect(core.metrics.render()).toMatch(/ardoise_readings_rejected_total\{reason="unknown_device"\} 200/);
    clock.advance(60_000);
    await stranger();
    expect(refused()).toHaveLength(2);
    expect(refused()[1]).toMatchObject({ cause: 'unknown_device', suppressed: 199 });
  });

  it('a throwing subscriber does not disturb the pipeline or other subscribers', async () => {
    const { core, clock } = setup();
    let other = 0;
    core.bus.on('reading', () => {
      throw new Error('boom');
    });
    core.bus.on('reading', () => void (other += 1));
    const result = await settle(clock, core.pipeline.ingestDecoded({ deviceId: 'lamp-1', measurements: { dim_level: 10 }, source: 'demo' }));
    expect(result.status).toBe('committed');
    expect(other).toBe(1);
  });

  it('keeps received time monotonic when the wall clock steps back', async () => {
    const { core, clock } = setup();
    const first = await settle(clock, core.pipeline.ingestDecoded({ deviceId: 'lamp-1', measurements: { dim_level: 1 }, source: 'demo' }));
    clock.setWallTime(clock.now() - 60_000);
    const second = await settle(clock, core.pipeline.ingestDecoded({ deviceId: 'lamp-1', measurements: { dim_level: 2 }, source: 'demo' }));
    if (first.status !== 'committed' || second.status !== 'committed') throw new Error('not committed');
    expect(second.reading.receivedAt).toBeGreaterThanOrEqual(first.reading.receivedAt);
    expect(second.reading.quality).toBe(Quality.OK);
  });
});
