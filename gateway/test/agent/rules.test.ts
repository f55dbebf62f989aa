import { SimulatedClock } from '@ardoise/device-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgent } from '../../src/agent/agent';
import { silentLogger } from '../../src/logging/index';
import { testConfig } from '../helpers/core';
import { tempDir } from '../helpers/tmp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('agent rules wiring', () => {
  it('starts the lighting rules from config; commands go through the governor journal (no downlink path → failed, named)', async () => {
    const config = testConfig(tmp.dir, {
      api: { port: 0 },
      devices: [{ id: 'lamp-1', type: 'lamp', codec: 'ardoise-streetlight', group: 'street' }],
      rules: { lighting: { enabled: true, profiles: { p: { on_level: 100 } }, groups: { street: { profile: 'p' } } } },
    });
    const clock = new SimulatedClock(Date.UTC(2026, 5, 21, 10)); // noon in Paris: lights off
    const agent = await startAgent({ config, log: silentLogger(), clock });
    try {
      await clock.advanceAsync(1000);
      const [command] = agent.core.store.commandsAfter(0, 10);
      expect(command).toMatchObject({ deviceId: 'lamp-1', command: 'set_level', params: { level: 0 }, reason: 'program', source: expect.stringMatching(/lighting/) });
      expect(command!.outcome).toBe('failed');
      expect(command!.detail).toMatch(/no downlink transport for lamp-1: enable inputs\.semtech_udp/);
    } finally {
      await agent.stop();
    }
  });
});

describe('hypervisor commands reach the rules and the safety governor', () => {
  it('POST /api/v1/commands override → lighting rules → governor journal with reason override', async () => {
    const config = testConfig(tmp.dir, {
      storage: { path: 'cmd.db' },
      api: { port: 0, tokens: [{ name: 'ops', token: { env: 'OPS_TOKEN' }, scope: 'command' }] },
      devices: [{ id: 'lamp-1', type: 'lamp', codec: 'ardoise-streetlight', group: 'street' }],
      rules: { lighting: { enabled: true, profiles: { p: { on_level: 100 } }, groups: { street: { profile: 'p' } } } },
    }, { OPS_TOKEN: 'ops-secret' });
    const clock = new SimulatedClock(Date.UTC(2026, 5, 21, 22)); // night in Paris: lights on
    const agent = await startAgent({ config, log: silentLogger(), clock, env: { OPS_TOKEN: 'ops-secret' } });
    try {
      const res = await fetch(`http://127.0.0.1:${agent.address.port}/api/v1/commands`, {
        method: 'POST',
        headers: { authorization: 'Bearer ops-secret', 'content-type': 'application/json' },
        body: JSON.stringify({ device_id: 'lamp-1', command: 'override', params: { level: 70, duration_min: 60 }, expires_at: clock.now() + 60_000 }),
      });
      expect(res.status, await res.clone().text()).toBe(202);
      await clock.advanceAsync(61_000); // next lighting evaluation
      const overrides = agent.core.store.commandsAfter(0, 50).filter((c) => c.reason === 'override');
      expect(overrides[0]).toMatchObject({ deviceId: 'lamp-1', command: 'override', params: { level: 70, duration_min: 60 }, source: 'rule:lighting' });
    } finally {
      await agent.stop();
    }
  });
});
