/**
 * Gateway LoRaWAN input end to end: simulated concentrator (real UDP) → Semtech UDP server →
 * edge network server → pipeline (first-party codec) → SQLite. Only verified frames become readings.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConcentratorSimulator, RadioMedium, VirtualLorawanDevice } from '@ardoise/device-sdk';
import { afterEach, expect, it } from 'vitest';
import { startLorawanInput } from '../../src/lorawan/lorawan-input';
import { StoreSessionStorage } from '../../src/lorawan/store-session-storage';
import { silentLogger } from '../../src/logging/index';
import { readSecret, validateConfig } from '../../src/config/index';
import { testCore } from '../helpers/core';
import { until } from '../../../device-sdk/test/semtech-udp/udp-helpers';

const keys = { nwk_s_key: { env: 'NWK' }, app_s_key: { env: 'APP' } };
const NWK = '44024241ed4ce9a68c6a8bc055233fd3';
const APP = 'ec925802ae430ca77fd3dd73cb2cc588';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('commits decoded readings for verified frames only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ardoise-lw-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const env = { NWK, APP };
  const result = validateConfig({
    site: { id: 'test', latitude: 47.4784, longitude: -0.5632 },
    storage: { path: 'ardoise.db', commit_interval_ms: 5 },
    devices: [{ id: 'soil-1', type: 'soil_probe', codec: 'ardoise-soil-probe', transport: 'lorawan', lorawan: { dev_eui: '70b3d57ed0000011', activation: 'ABP', dev_addr: '26011bda', ...keys } }],
  }, { baseDir: dir, env });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const config = result.config;
  const { core, clock } = testCore(config);
  cleanups.push(() => core.close());
  const input = await startLorawanInput({
    config, clock, pipeline: core.pipeline, storage: new StoreSessionStorage(core.store), isClockTrusted: () => true,
    readKey: (ref) => readSecret(ref, dir, env), log: silentLogger(), udp: { host: '127.0.0.1', port: 0 }, metrics: core.metrics,
  });
  cleanups.push(() => input.stop());
  const gw = new ConcentratorSimulator({ gatewayEui: 'aa555a0000000001', clock, serverPort: input.port });
  await gw.start();
  cleanups.push(() => gw.stop());
  const medium = new RadioMedium([gw]);
  const probe = new VirtualLorawanDevice({ devEui: '70b3d57ed0000011', abp: { devAddr: '26011bda', nwkSKey: NWK, appSKey: APP } });
  medium.place(probe, { aa555a0000000001: 400 });

  const reading = Buffer.from([0x11, 0x00, 0xea, 0x01, 0x5e, 0x00, 0x7d, 0x51]);
  const good = probe.uplink({ fPort: 1, payload: reading });
  medium.transmit(probe, good);
  const forged = Buffer.from(probe.uplink({ fPort: 1, payload: reading }));
  forged[10]! ^= 1; // payload bit flip: MIC no longer matches
  medium.transmit(probe, forged);
  await until(() => input.udp.metrics().rxpk === 2, 'two uplinks at the server');
  for (let i = 0; i < 200 && input.counters.ingested < 1; i++) await clock.advanceAsync(10);
  await clock.advanceAsync(100);
  medium.transmit(probe, good); // the same frame again after the dedup window: not stored twice
  await until(() => input.udp.metrics().rxpk === 3, 'replay at the server');
  await clock.advanceAsync(300);

  const rows = core.store.readingsAfter(0, 10);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ deviceId: 'soil-1', source: 'lorawan:1', measurements: { soil_moisture_vwc: 23.4, soil_tension: 35, soil_temperature: 12.5, battery: 81 } });
  expect(input.ns.metrics()).toMatchObject({ rejected: { 'bad-mic': 1 }, retransmissions: 1 });
  expect(core.store.getState('lorawan.session.70b3d57ed0000011')).toMatchObject({ fCntUp: 0 });
  const text = core.metrics.render();
  expect(text).toContain('ardoise_lorawan_rejected_total{cause="bad-mic"} 1');
  expect(text).toContain('ardoise_lorawan_frames_total 1');
  expect(text).toContain('ardoise_lorawan_class_a_decisions_total{result="ready"} 1');
  expect(text).toContain('ardoise_concentrator_up{gateway_eui="aa555a0000000001"} 1');
});
