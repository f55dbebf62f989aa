import { getCodec } from '@ardoise/codecs';
import { ConcentratorSimulator, RealClock, VirtualLorawanDevice } from '@ardoise/device-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgent } from '../../src/agent/agent';
import { silentLogger } from '../../src/logging/index';
import type { StoredReading } from '../../src/store/index';
import { testConfig } from '../helpers/core';
import { tempDir } from '../helpers/tmp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const KEYS = { devAddr: '26011234', nwkSKey: '2b7e151628aed2a6abf7158809cf4f3c', appSKey: '000102030405060708090a0b0c0d0e0f' };

describe('agent inputs: Semtech UDP (LoRaWAN) enabled in config', () => {
  it('a real frame from a concentrator reaches the store, keys read from secret references', async () => {
    tmp.file('app_s_key', `${KEYS.appSKey}\n`, 0o600);
    const config = testConfig(tmp.dir, {
      devices: [{
        id: 'soil-9', type: 'soil_probe', codec: 'ardoise-soil-probe', transport: 'lorawan',
        lorawan: { dev_eui: '70b3d57ed0000009', activation: 'ABP', dev_addr: KEYS.devAddr, nwk_s_key: { env: 'SOIL9_NWK' }, app_s_key: { file: 'app_s_key' } },
      }],
      inputs: { semtech_udp: { enabled: true, bind: '127.0.0.1', port: 0 } },
      api: { port: 0 },
    }, { SOIL9_NWK: KEYS.nwkSKey });
    const clock = new RealClock();
    const agent = await startAgent({ config, log: silentLogger(), clock, baseDir: tmp.dir, env: { SOIL9_NWK: KEYS.nwkSKey } });
    const gw = new ConcentratorSimulator({ gatewayEui: 'aa555a0000000001', clock, serverPort: agent.lorawanPort! });
    try {
      await gw.start();
      const device = new VirtualLorawanDevice({ devEui: '70b3d57ed0000009', abp: KEYS });
      const encoded = getCodec('ardoise-soil-probe')!.encodeUplink({ frame: 'reading', soil_moisture_vwc: 27.5, soil_tension: 18, soil_temperature: 12.5, battery: 77 });
      const heard = new Promise<StoredReading>((resolve) => agent.core.bus.on('reading', resolve));
      gw.receive(device.uplink({ fPort: encoded.fPort!, payload: Uint8Array.from(encoded.bytes!) }), { freq: 868.1, datr: 'SF7BW125', rssi: -80, lsnr: 7 });
      const reading = await heard;
      expect(reading).toMatchObject({ deviceId: 'soil-9', source: `lorawan:${encoded.fPort}`, measurements: { soil_moisture_vwc: 27.5, battery: 77 } });
      expect(agent.core.store.readingsAfter(reading.seq - 1, 1)[0]?.seq).toBe(reading.seq);
    } finally {
      await gw.stop();
      await agent.stop();
    }
  });
});
