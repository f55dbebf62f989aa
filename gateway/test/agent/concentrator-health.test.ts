import { getCodec } from '@ardoise/codecs';
import { ConcentratorSimulator, SimulatedClock, VirtualLorawanDevice } from '@ardoise/device-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgent } from '../../src/agent/agent';
import { LAST_GOOD_TIME_KEY } from '../../src/health/clock-trust';
import { silentLogger } from '../../src/logging/index';
import { openStore, type StoredReading } from '../../src/store/index';
import { settle, testConfig } from '../helpers/core';
import { tempDir } from '../helpers/tmp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const KEYS = { devAddr: '26011234', nwkSKey: '2b7e151628aed2a6abf7158809cf4f3c', appSKey: '000102030405060708090a0b0c0d0e0f' };
const EUI = 'aa555a0000000001';

describe('health ← LoRaWAN input: concentrator link and GPS time', () => {
  it('an allowlisted concentrator is watched (concentrator_lost until it talks, again when silent) and its GPS time makes an untrusted clock trusted', async () => {
    const t0 = Date.UTC(2026, 10, 23, 12);
    const clock = new SimulatedClock(t0);
    const config = testConfig(tmp.dir, {
      storage: { path: 'concentrator.db', commit_interval_ms: 5 },
      devices: [{
        id: 'soil-9', type: 'soil_probe', codec: 'ardoise-soil-probe', transport: 'lorawan', report_interval_s: 3600,
        lorawan: { dev_eui: '70b3d57ed0000009', activation: 'ABP', dev_addr: KEYS.devAddr, nwk_s_key: { env: 'NWK' }, app_s_key: { env: 'APP' } },
      }],
      inputs: { semtech_udp: { enabled: true, bind: '127.0.0.1', port: 0, allowed_gateways: [EUI.toUpperCase()] } },
      api: { port: 0 },
    }, { NWK: KEYS.nwkSKey, APP: KEYS.appSKey });
    // A board without RTC: the last good time persisted in the store is a day ahead of the system clock.
    const store = openStore({ path: config.storage.path, clock, maxBytes: config.storage.max_size, retentionDays: 30, synchronous: 'NORMAL' });
    store.setState(LAST_GOOD_TIME_KEY, t0 + 86_400_000);
    store.close();

    const agent = await startAgent({ config, log: silentLogger(), clock, baseDir: tmp.dir, env: { NWK: KEYS.nwkSKey, APP: KEYS.appSKey } });
    const gw = new ConcentratorSimulator({ gatewayEui: EUI, clock, serverPort: agent.lorawanPort!, gpsTime: true });
    const types = () => agent.core.store.eventsAfter(0, 1000).map((e) => e.type);
    try {
      expect(agent.core.health.check()).toMatchObject({ mode: 'clock_untrusted', active: ['clock_untrusted', 'concentrator_lost'], checks: { concentrators: { configured: true, lost: [EUI] } } });
      expect(types()).toContain('health.concentrator_lost');

      await gw.start();
      const device = new VirtualLorawanDevice({ devEui: '70b3d57ed0000009', abp: KEYS });
      const encoded = getCodec('ardoise-soil-probe')!.encodeUplink({ frame: 'reading', soil_moisture_vwc: 27.5, soil_tension: 18, soil_temperature: 12.5, battery: 77 });
      const heard = new Promise<StoredReading>((resolve) => agent.core.bus.on('reading', resolve));
      gw.receive(device.uplink({ fPort: encoded.fPort!, payload: Uint8Array.from(encoded.bytes!) }), { freq: 868.1, datr: 'SF7BW125', rssi: -80, lsnr: 7 });
      await settle(clock, heard);

      expect(agent.core.clockTrust.isTrusted()).toBe(true);
      expect(agent.core.store.eventsAfter(0, 1000).find((e) => e.type === 'health.clock_trusted')?.data).toEqual({ source: `gps:${EUI}` });
      expect(agent.core.health.check()).toMatchObject({ mode: 'online', checks: { concentrators: { lost: [], links: [{ gateway_eui: EUI, up: true }] } } });
      expect(types()).toContain('health.concentrator_recovered');

      await gw.stop(); // the packet forwarder dies: no more PULL_DATA keepalives
      await clock.advanceAsync(31_000);
      expect(agent.core.health.check().mode).toBe('concentrator_lost');
      const base = `http://127.0.0.1:${agent.address.port}`;
      expect(await (await fetch(`${base}/healthz`)).json()).toMatchObject({ mode: 'concentrator_lost', checks: { concentrators: { lost: [EUI], links: [{ gateway_eui: EUI, up: false }] } } });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('ardoise_health_mode{mode="concentrator_lost"} 1');
      expect(metrics).toContain(`ardoise_concentrator_up{gateway_eui="${EUI}"} 0`);
      const modes = agent.core.store.eventsAfter(0, 1000).filter((e) => e.type === 'health.mode').map((e) => e.data?.to);
      expect(modes.at(-1)).toBe('concentrator_lost');
    } finally {
      await gw.stop();
      await agent.stop();
    }
  });
});
