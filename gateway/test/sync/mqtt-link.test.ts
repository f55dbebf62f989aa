import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedClock } from '@ardoise/device-sdk';
import { generateTestPki, MosquittoBroker, type TestPki } from '@ardoise/test-bench/broker';
import { MqttLink } from '../../src/sync/mqtt-link';
import type { LinkConfig } from '../../src/sync/link-config';
import { startFakeBroker } from './fake-brokers';

let dir: string;
let pki: TestPki;
let broker: MosquittoBroker;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ardoise-link-'));
  pki = await generateTestPki(join(dir, 'pki'));
  broker = await MosquittoBroker.start({
    dir: join(dir, 'broker'),
    users: { gw1: 'right-password' },
    tls: { pki, requireClientCert: true },
  });
  await writeFile(join(dir, 'good.pw'), 'right-password\n');
  await writeFile(join(dir, 'bad.pw'), 'wrong-password\n');
});

afterAll(async () => {
  await broker?.stop();
  await rm(dir, { recursive: true, force: true });
});

function makeLink(config: Partial<LinkConfig>, clock = new SimulatedClock()): { link: MqttLink; clock: SimulatedClock } {
  const link = new MqttLink(
    { url: broker.url, gatewayId: 'gw1', username: 'gw1', passwordFile: join(dir, 'good.pw'), ...config },
    { clock, random: () => 0.5 },
  );
  return { link, clock };
}

async function retainedState(topic: string): Promise<Record<string, unknown>> {
  const watcher = await mqtt.connectAsync(broker.url, { username: 'gw1', password: 'right-password', protocolVersion: 5 });
  const got = new Promise<Buffer>((resolve) => watcher.once('message', (_topic, payload) => resolve(payload)));
  await watcher.subscribeAsync(topic, { qos: 1 });
  const payload = await got;
  await watcher.endAsync();
  return JSON.parse(payload.toString()) as Record<string, unknown>;
}

describe('MqttLink against a real Mosquitto', () => {
  it('publishes a retained birth with the health mode, survives kill -9 and reconnects on the backoff', async () => {
    const { link, clock } = makeLink({ clientId: 'link-birth' });
    link.setHealth('degraded:clock_untrusted');
    link.start();
    await once(link, 'up');
    expect(await retainedState(link.stateTopic)).toMatchObject({ state: 'online', health: 'degraded:clock_untrusted' });

    const down = once(link, 'down');
    await broker.kill();
    const [error] = await down;
    expect(error.kind).toBe('network');
    await expect(link.publish('ardoise/v1/gw1/up/readings', 'x')).rejects.toThrow(/down/);
    await broker.restart();
    const up = once(link, 'up');
    clock.advance(link.status().retryInMs!);
    await up;
    expect(link.status().connects).toBe(2);
    await link.publish('ardoise/v1/gw1/up/readings', 'after-restart');
    await link.stop();
    expect(await retainedState(link.stateTopic)).toMatchObject({ state: 'offline', reason: 'shutdown' });
  });

  it('wrong password: a clear auth error, retries with growing backoff, picks up a fixed password file', async () => {
    const pw = join(dir, 'rotating.pw');
    await writeFile(pw, 'wrong-password');
    const { link, clock } = makeLink({ passwordFile: pw });
    link.start();
    const [first] = await once(link, 'down');
    expect(first.kind).toBe('auth');
    expect(first.message).toMatch(/bad username or password|not authorized/);
    const firstDelay = link.status().retryInMs!;
    const second = once(link, 'down');
    clock.advance(firstDelay);
    await second;
    expect(link.status().retryInMs!).toBeGreaterThan(firstDelay);
    await writeFile(pw, 'right-password');
    const up = once(link, 'up');
    clock.advance(link.status().retryInMs!);
    await up;
    await link.stop();
  });

  it('TLS: unknown CA and expired client certificate are clear errors; a valid client certificate connects', async () => {
    const tls = { url: broker.tlsUrl, caFile: pki.otherCaCert, certFile: pki.clientCert, keyFile: pki.clientKey };
    const unknownCa = makeLink(tls).link;
    unknownCa.start();
    const [caError] = await once(unknownCa, 'down');
    expect(caError.kind).toBe('tls');
    expect(caError.message).toMatch(/not signed by the configured CA/);
    await unknownCa.stop();

    const expired = makeLink({ ...tls, caFile: pki.caCert, certFile: pki.expiredClientCert, keyFile: pki.expiredClientKey }).link;
    expired.start();
    const [expiredError] = await once(expired, 'down');
    expect(expiredError.kind).toBe('tls');
    expect(expiredError.message).toMatch(/expired/i);
    expect(expired.status().state).toBe('backoff');
    await expired.stop();

    const good = makeLink({ ...tls, caFile: pki.caCert }).link;
    good.start();
    await once(good, 'up');
    await good.publish('ardoise/v1/gw1/up/events', 'over-tls');
    await good.stop();
  });

  it('a broker that accepts TCP but never sends CONNACK is abandoned on the clock and retried', async () => {
    const fake = await startFakeBroker('silent');
    const { link, clock } = makeLink({ url: `mqtt://127.0.0.1:${fake.port}`, connectTimeoutMs: 5_000 });
    link.start();
    const socket = await fake.nextConnection();
    const closed = once(socket, 'close');
    const down = once(link, 'down');
    clock.advance(5_000);
    const [error] = await down;
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(error.message).toMatch(/no CONNACK/);
    await closed;
    const retry = fake.nextConnection();
    clock.advance(link.status().retryInMs!);
    await retry;
    await link.stop();
    await fake.close();
  });

  it('a broker that stops acknowledging PUBLISH: the publish fails and the connection is recycled', async () => {
    const fake = await startFakeBroker('connack-then-silent');
    const { link, clock } = makeLink({ url: `mqtt://127.0.0.1:${fake.port}`, ackTimeoutMs: 3_000 });
    link.start();
    const socket = await fake.nextConnection();
    await once(link, 'up');
    const closed = once(socket, 'close');
    const publish = link.publish('ardoise/v1/gw1/up/readings', 'never-acked');
    clock.advance(3_000);
    await expect(publish).rejects.toThrow(/did not acknowledge/);
    await closed;
    expect(link.status().state).toBe('backoff');
    await link.stop();
    await fake.close();
  });
});
