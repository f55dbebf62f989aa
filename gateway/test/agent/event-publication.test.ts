import { get, type IncomingMessage } from 'node:http';
import { SimulatedClock } from '@ardoise/device-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgent } from '../../src/agent/agent';
import { silentLogger } from '../../src/logging/index';
import { lastEventSeq } from '../../src/pipeline/event-tail';
import type { StoredEvent } from '../../src/store/index';
import { testConfig, testCore } from '../helpers/core';
import { tempDir } from '../helpers/tmp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('every event appended to the store is published on the bus, once, after commit', () => {
  it('the store\'s own storage.eviction (retention) and a rule-style alarm appended with store.appendEvent reach bus subscribers in seq order', async () => {
    const config = testConfig(tmp.dir, { storage: { path: 'bus.db', retention_days: 1 } });
    const { core, clock } = testCore(config);
    const heard: StoredEvent[] = [];
    core.bus.on('event', (e) => void heard.push(e));
    try {
      core.store.appendReadings([{ deviceId: 'soil-1', observedAt: clock.now() - 3 * 86_400_000, receivedAt: clock.now() - 3 * 86_400_000, source: 'test', measurements: { soil_tension: 21 } }]);
      const report = core.store.enforceLimits(clock.now()); // written by the store itself, not through appendEvent
      expect(report.reason).toBe('retention');
      core.store.appendEvent({ kind: 'alarm', type: 'lighting.lamp_failure', at: clock.now(), deviceId: 'lamp-1', severity: 'warning' });
      expect(heard.map((e) => e.type)).toEqual(['storage.eviction', 'lighting.lamp_failure']);
      const stored = core.store.eventsAfter(0, 100);
      expect(heard.map((e) => e.seq)).toEqual(stored.slice(-2).map((e) => e.seq));
      const seqs = heard.map((e) => e.seq);
      expect(new Set(seqs).size).toBe(seqs.length); // each once
    } finally {
      await core.close();
    }
  });

  it('a rule-style alarm reaches an SSE client at once (pushed on commit, not at the next poll)', async () => {
    const clock = new SimulatedClock(Date.UTC(2026, 10, 23, 12)); // never advanced: the stream's poll timer never fires
    const config = testConfig(tmp.dir, { storage: { path: 'sse.db' }, api: { port: 0, tokens: [{ name: 'nodered', token: { env: 'TOKEN' } }] } }, { TOKEN: 'secret-token' });
    const agent = await startAgent({ config, log: silentLogger(), clock, baseDir: tmp.dir, env: { TOKEN: 'secret-token' } });
    try {
      const res = await new Promise<IncomingMessage>((resolve) => get(`http://127.0.0.1:${agent.address.port}/api/v1/stream`, { headers: { authorization: 'Bearer secret-token' } }, resolve));
      res.setEncoding('utf8');
      let text = '';
      const until = (pattern: RegExp) => new Promise<void>((resolve) => {
        const check = () => pattern.test(text) && resolve();
        res.on('data', (chunk: string) => { text += chunk; check(); });
        check();
      });
      await until(/ardoise stream/);
      agent.core.store.appendEvent({ kind: 'alarm', type: 'irrigation.leak', at: clock.now(), deviceId: 'soil-1', severity: 'critical' });
      await until(/event: alarm\ndata: .*irrigation\.leak/);
      res.destroy();
    } finally {
      await agent.stop();
    }
  });

  it('lastEventSeq finds the highest event seq in O(log n) queries', () => {
    const config = testConfig(tmp.dir, { storage: { path: 'seq.db' } });
    const { core, clock } = testCore(config);
    const base = lastEventSeq(core.store);
    for (let i = 0; i < 37; i++) core.store.appendEvent({ kind: 'event', type: 'test.tick', at: clock.now() });
    expect(lastEventSeq(core.store)).toBe(base + 37);
    void core.close();
  });
});
