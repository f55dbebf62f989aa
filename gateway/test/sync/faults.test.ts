import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '@ardoise/device-sdk';
import { MosquittoBroker } from '@ardoise/test-bench/broker';
import { ReferenceReceiver, type ReceiverReport } from '@ardoise/test-bench/receiver';
import { SyncService } from '../../src/sync/sync-service';
import { appendReadings, openTestStore, tempDir } from './helpers';

let tmp: Awaited<ReturnType<typeof tempDir>>;
let broker: MosquittoBroker;
let receiver: ReferenceReceiver;

beforeAll(async () => {
  tmp = await tempDir('ardoise-faults-');
  broker = await MosquittoBroker.start({ dir: join(tmp.dir, 'broker') });
  receiver = await ReferenceReceiver.start({ url: broker.url, clientId: 'receiver-faults' });
});

afterAll(async () => {
  await receiver?.stop();
  await broker?.stop();
  await tmp?.cleanup();
});

const watermark = (r: ReceiverReport, key: string): number => r.streams[key]?.watermark ?? 0;

function startAgent(db: string, gatewayId: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'agent-child.ts'), db, broker.url, gatewayId], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return child;
}

describe('sync faults', () => {
  it('agent process killed -9 during a drain: the restarted agent resumes from the persisted cursor, nothing lost', async () => {
    const gw = 'gw-crash';
    const db = join(tmp.dir, 'crash.db');
    const seed = openTestStore(db);
    const total = 30_000;
    appendReadings(seed, total, Date.UTC(2026, 0, 1));
    seed.close();

    const first = startAgent(db, gw);
    await receiver.until((r) => watermark(r, `${gw}/readings`) >= 3_000);
    const watcher = await mqtt.connectAsync(broker.url, { protocolVersion: 5 });
    const states: Array<Record<string, unknown>> = [];
    const lastWill = new Promise<void>((resolve) =>
      watcher.on('message', (_t, payload) => {
        states.push(JSON.parse(payload.toString()) as Record<string, unknown>);
        if (states.at(-1)?.state === 'offline') resolve();
      }),
    );
    await watcher.subscribeAsync(`ardoise/v1/${gw}/state`, { qos: 1 });
    const exited = once(first, 'exit');
    first.kill('SIGKILL');
    const [, signal] = await exited;
    expect(signal).toBe('SIGKILL');
    await lastWill;
    expect(states[0]).toMatchObject({ state: 'online', health: 'online' });
    expect(states.at(-1)).toMatchObject({ state: 'offline', reason: 'lost' });
    await watcher.endAsync();
    const atKill = watermark(receiver.report(), `${gw}/readings`);
    expect(atKill).toBeLessThan(total);

    const second = startAgent(db, gw);
    const report = await receiver.until((r) => watermark(r, `${gw}/readings`) >= total);
    second.kill('SIGTERM');
    await once(second, 'exit');
    expect(report.streams[`${gw}/readings`]).toMatchObject({ watermark: total, released: total, gaps: [], malformed: 0 });
  });

  it('a six-hour outage under load on the simulated clock: bounded backoff, then every reading once, in order', async () => {
    const gw = 'gw-outage';
    const clock = new SimulatedClock();
    const store = openTestStore(join(tmp.dir, 'outage.db'), clock);
    const sync = new SyncService({ store, clock, link: { url: broker.url, gatewayId: gw }, outbox: { maxBatchRecords: 500 } });
    appendReadings(store, 1_000, clock.now());
    sync.start();
    await receiver.until((r) => watermark(r, `${gw}/readings`) >= 1_000);

    const down = once(sync.link, 'down');
    await broker.stop(); // SIGTERM: the receiver's session survives, as with a maintained cloud broker
    await down;
    let attempts = 0;
    let maxDelay = 0;
    for (let minute = 0; minute < 6 * 60; minute++) {
      appendReadings(store, 100, clock.now());
      clock.advance(60_000);
      if (sync.link.status().state === 'connecting') {
        attempts++;
        await once(sync.link, 'down');
      }
      maxDelay = Math.max(maxDelay, sync.link.status().retryInMs ?? 0);
    }
    expect(attempts).toBeGreaterThan(100);
    expect(maxDelay).toBeLessThanOrEqual(60_000);
    expect(maxDelay).toBeGreaterThanOrEqual(30_000);
    expect(sync.outbox.status().readings.cursor).toBe(1_000);

    await broker.restart();
    await receiver.whenSubscribed();
    const up = once(sync.link, 'up');
    clock.advance(sync.link.status().retryInMs!);
    await up;
    const total = 1_000 + 6 * 60 * 100;
    const report = await receiver.until((r) => watermark(r, `${gw}/readings`) >= total);
    expect(report.streams[`${gw}/readings`]).toMatchObject({ watermark: total, released: total, gaps: [], malformed: 0 });
    await sync.stop();
    store.close();
  });
});
