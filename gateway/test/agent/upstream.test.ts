import { MosquittoBroker } from '@ardoise/test-bench/broker';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgent } from '../../src/agent/agent';
import { silentLogger } from '../../src/logging/index';
import type { StoredEvent } from '../../src/store/index';
import { testConfig } from '../helpers/core';
import { tempDir } from '../helpers/tmp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('agent upstream: pull API and MQTT sync wired from config', () => {
  it('mounts the pull API on the local port with tokens from secret references', async () => {
    const config = testConfig(tmp.dir, { storage: { path: 'api.db' }, api: { port: 0, tokens: [{ name: 'hypervisor', token: { env: 'HV_TOKEN' } }] } }, { HV_TOKEN: 'tok-123' });
    const agent = await startAgent({ config, log: silentLogger(), baseDir: tmp.dir, env: { HV_TOKEN: 'tok-123' } });
    try {
      const url = `http://127.0.0.1:${agent.address.port}/api/v1/status`;
      expect((await fetch(url)).status).toBe(401);
      const res = await fetch(url, { headers: { authorization: 'Bearer tok-123' } });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ gateway_id: 'test', health: { mode: 'online' } });
    } finally {
      await agent.stop();
    }
  });

  it('starts upstream_lost, goes online when the MQTT link to a real broker is up', async () => {
    const broker = await MosquittoBroker.start({ dir: tmp.dir });
    const config = testConfig(tmp.dir, { storage: { path: 'sync.db' }, api: { port: 0 }, sync: { enabled: true, mqtt_url: broker.url } });
    const agent = await startAgent({ config, log: silentLogger(), baseDir: tmp.dir, env: {} });
    try {
      const online = agent.core.health.mode === 'online'
        ? Promise.resolve()
        : new Promise<void>((resolve) => agent.core.bus.on('event', (e: StoredEvent) => {
          if (e.type === 'health.mode' && e.data?.to === 'online') resolve();
        }));
      await online;
      expect(agent.core.health.snapshot().checks.upstream).toMatchObject({ configured: true, connected: true });
      const modes = agent.core.store.eventsAfter(0, 100).filter((e) => e.type === 'health.mode').map((e) => e.data?.to);
      expect(modes).toEqual(['upstream_lost', 'online']);
    } finally {
      await agent.stop();
      await broker.stop();
    }
  });
});
