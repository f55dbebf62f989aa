import { join } from 'node:path';
import { MosquittoBroker } from '@ardoise/test-bench/broker';
import { ReferenceReceiver, type ReleasedRecord } from '@ardoise/test-bench/receiver';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgent } from '../../src/agent/agent';
import { silentLogger } from '../../src/logging/index';
import { testConfig } from '../helpers/core';
import { tempDir } from '../helpers/tmp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('command journal outcome changes reach upstream', () => {
  it('sent → confirmed and sent → failed arrive at the reference receiver as command.outcome events after the command itself', async () => {
    const broker = await MosquittoBroker.start({ dir: join(tmp.dir, 'broker') });
    const config = testConfig(tmp.dir, { storage: { path: 'outcomes.db' }, api: { port: 0 }, sync: { enabled: true, mqtt_url: broker.url } });
    const records: { stream: string; record: ReleasedRecord }[] = [];
    const receiver = await ReferenceReceiver.start({ url: broker.url, clientId: 'rx-outcomes', onRecords: (_gw, stream, list) => { for (const record of list) records.push({ stream, record }); } });
    const agent = await startAgent({ config, log: silentLogger(), baseDir: tmp.dir, env: {} });
    try {
      const { store } = agent.core;
      const now = Date.now();
      const dim = store.journalCommand({ deviceId: 'lamp-1', command: 'set_level', params: { level: 40 }, reason: 'program', source: 'rule:lighting', at: now });
      const valve = store.journalCommand({ deviceId: 'soil-1', command: 'open_valve', params: { duration_min: 10 }, reason: 'sensor', source: 'rule:irrigation', at: now });
      store.setCommandOutcome(dim.seq, 'sent', now + 1);
      store.setCommandOutcome(dim.seq, 'confirmed', now + 2, 'device reported level 40');
      store.setCommandOutcome(valve.seq, 'failed', now + 3, 'TX_ACK COLLISION_PACKET after 3 attempts');
      const outcomes = () => records.filter((r) => r.stream === 'events' && (r.record as { type?: string }).type === 'command.outcome').map((r) => (r.record as { data?: Record<string, unknown> }).data);
      await receiver.until(() => outcomes().length >= 3);
      expect(outcomes()).toEqual([
        { command_seq: dim.seq, command: 'set_level', outcome: 'sent' },
        { command_seq: dim.seq, command: 'set_level', outcome: 'confirmed', detail: 'device reported level 40' },
        { command_seq: valve.seq, command: 'open_valve', outcome: 'failed', detail: 'TX_ACK COLLISION_PACKET after 3 attempts' },
      ]);
      await receiver.until(() => records.filter((r) => r.stream === 'commands').length >= 2);
      expect(records.filter((r) => r.stream === 'commands').map((r) => r.record.seq)).toEqual([dim.seq, valve.seq]);
    } finally {
      await agent.stop();
      await receiver.stop();
      await broker.stop();
    }
  });
});
