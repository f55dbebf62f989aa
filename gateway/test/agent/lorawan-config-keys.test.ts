import { createSocket } from 'node:dgram';
import { ConcentratorSimulator, RealClock } from '@ardoise/device-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgent } from '../../src/agent/agent';
import { silentLogger } from '../../src/logging/index';
import { testConfig } from '../helpers/core';
import { tempDir } from '../helpers/tmp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('inputs.semtech_udp keys reach the LoRaWAN stack', () => {
  it('forward_to relays the raw GWMP traffic to an operator network server; allowed_gateways refuses other concentrators', async () => {
    const operator = createSocket('udp4'); // stands in for the operator's network server (GWMP port)
    await new Promise<void>((resolve) => operator.bind(0, '127.0.0.1', resolve));
    const relayed: Buffer[] = [];
    const heardFromAllowed = new Promise<void>((resolve) => operator.on('message', (m) => {
      relayed.push(m);
      resolve();
    }));
    const config = testConfig(tmp.dir, {
      storage: { path: 'keys.db' }, api: { port: 0 },
      inputs: { semtech_udp: { enabled: true, bind: '127.0.0.1', port: 0, forward_to: [{ host: '127.0.0.1', port: operator.address().port }], allowed_gateways: ['AA555A0000000001'] } },
    });
    const clock = new RealClock();
    const agent = await startAgent({ config, log: silentLogger(), clock, baseDir: tmp.dir, env: {} });
    const intruder = new ConcentratorSimulator({ gatewayEui: 'bb555a0000000009', clock, serverPort: agent.lorawanPort! });
    const allowed = new ConcentratorSimulator({ gatewayEui: 'aa555a0000000001', clock, serverPort: agent.lorawanPort! });
    try {
      await intruder.start(); // its PULL_DATA is refused: not relayed, not a known link
      await allowed.start();
      await heardFromAllowed;
      const euis = relayed.map((m) => m.subarray(4, 12).toString('hex'));
      expect(euis).toEqual(['aa555a0000000001']);
      const { concentrators } = agent.core.health.check().checks;
      expect(concentrators.links.map((l) => l.gateway_eui)).toEqual(['aa555a0000000001']);
    } finally {
      await intruder.stop();
      await allowed.stop();
      await agent.stop();
      operator.close();
    }
  });
});
