import { generateKeyPairSync, sign } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '@ardoise/device-sdk';
import { MosquittoBroker } from '@ardoise/test-bench/broker';
import { canonicalJson } from '../../src/downstream/canonical-json';
import { JournalingCommandSink } from '../../src/downstream/command-sink';
import type { DownEnvelope } from '../../src/downstream/message';
import { DownstreamProcessor, type DownAck } from '../../src/downstream/processor';
import { startDownstream } from '../../src/downstream/start';
import { SignatureVerifier, signHmac } from '../../src/downstream/verifier';
import type { Store } from '../../src/store/types';
import { MqttLink } from '../../src/sync/mqtt-link';
import { openTestStore, tempDir } from './helpers';

const KEY = 'k'.repeat(40);
const GW = 'gw-down';
let tmp: Awaited<ReturnType<typeof tempDir>>;
let verifier: SignatureVerifier;
let edPrivate: ReturnType<typeof generateKeyPairSync>['privateKey'];
let store: Store;
let clock: SimulatedClock;
let processor: DownstreamProcessor;
let n = 0;

beforeAll(async () => {
  tmp = await tempDir('ardoise-down-');
  const pair = generateKeyPairSync('ed25519');
  edPrivate = pair.privateKey;
  await writeFile(join(tmp.dir, 'hmac.key'), `${KEY}\n`);
  await writeFile(join(tmp.dir, 'ed.pub'), pair.publicKey.export({ type: 'spki', format: 'pem' }));
  verifier = new SignatureVerifier({ hmacKeyFile: join(tmp.dir, 'hmac.key'), ed25519PublicKeyFile: join(tmp.dir, 'ed.pub') });
});

afterAll(() => tmp?.cleanup());

beforeEach(() => {
  clock = new SimulatedClock();
  store = openTestStore(join(tmp.dir, `down-${n++}.db`), clock);
  processor = new DownstreamProcessor({ store, sink: new JournalingCommandSink(store, clock), verifier, clock, gatewayId: GW });
});

function command(id: string, overrides: Partial<DownEnvelope> = {}): Omit<DownEnvelope, 'sig'> {
  return {
    id,
    gateway_id: GW,
    expires_at: clock.now() + 60_000,
    body: { group: 'centre', command: 'set_level', params: { level: 80, until: clock.now() + 3_600_000 } },
    ...overrides,
  };
}

const send = (message: unknown, kind: 'commands' | 'config' = 'commands'): Promise<DownAck> =>
  processor.process(kind, Buffer.from(typeof message === 'string' ? message : JSON.stringify(message)));

describe('downstream commands', () => {
  it('accepts an HMAC-signed override, journals it once and acknowledges with the journal seq', async () => {
    const ack = await send(signHmac(command('cmd-1'), KEY));
    expect(ack).toMatchObject({ id: 'cmd-1', status: 'accepted', journal_seq: 1 });
    expect(store.commandsAfter(0, 10)).toMatchObject([
      { deviceId: 'group:centre', command: 'set_level', reason: 'override', source: 'hypervisor', params: { level: 80, message_id: 'cmd-1' } },
    ]);
  });

  it('accepts an Ed25519-signed config update', async () => {
    const unsigned = { id: 'cfg-1', gateway_id: GW, expires_at: clock.now() + 60_000, body: { patch: { 'rules.irrigation.drought_level': 'alerte' } } };
    const value = sign(null, Buffer.from(canonicalJson(unsigned)), edPrivate).toString('base64');
    const ack = await send({ ...unsigned, sig: { alg: 'ed25519', value } }, 'config');
    expect(ack).toMatchObject({ id: 'cfg-1', status: 'accepted' });
    expect(store.commandsAfter(0, 10)[0]).toMatchObject({ deviceId: 'gateway', command: 'config_update' });
  });

  it.each([
    ['unsigned', () => command('c-unsigned'), 'unsigned'],
    ['tampered after signing', () => ({ ...signHmac(command('c-bad'), KEY), body: { group: 'centre', command: 'set_level', params: { level: 0 } } }), 'bad_signature'],
    ['signed with another key', () => signHmac(command('c-other'), 'x'.repeat(40)), 'bad_signature'],
    ['expired', () => signHmac(command('c-exp', { expires_at: clock.now() - 1 }), KEY), 'expired'],
    ['expiry too far ahead', () => signHmac(command('c-far', { expires_at: clock.now() + 30 * 86_400_000 }), KEY), 'expiry_too_far'],
    ['for another gateway', () => signHmac(command('c-gw', { gateway_id: 'gw-other' }), KEY), 'wrong_gateway'],
    ['not JSON', () => '{"id": "c-json", ', 'malformed'],
    ['missing expiry', () => ({ id: 'c-shape', gateway_id: GW, body: {} }), 'malformed'],
    ['bad body (both device and group)', () => signHmac(command('c-body', { body: { device_id: 'l1', group: 'g', command: 'set_level' } }), KEY), 'malformed'],
    ['oversize', () => signHmac(command('c-big', { body: { group: 'g', command: 'set_level', params: { pad: 'x'.repeat(20_000) } } }), KEY), 'oversize'],
  ])('rejects a message that is %s, with a reason, and actuates nothing', async (_name, make, reason) => {
    const ack = await send(make());
    expect(ack.status).toBe('rejected');
    expect(ack.reason).toBe(reason);
    expect(ack.detail).toBeTruthy();
    expect(store.commandsAfter(0, 10)).toEqual([]);
  });

  it('names the offending field of a malformed message', async () => {
    const ack = await send(signHmac(command('c-field', { body: { group: 'g', command: 'Set Level' } }), KEY));
    expect(ack.detail).toMatch(/body\.command: snake_case command name/);
  });

  it('refuses a replay, also after a restart, without journaling twice', async () => {
    const message = signHmac(command('cmd-replay'), KEY);
    expect((await send(message)).status).toBe('accepted');
    expect(await send(message)).toMatchObject({ status: 'duplicate', reason: 'replayed', detail: 'already processed: accepted' });
    const path = store.path;
    store.close();
    store = openTestStore(path, clock);
    processor = new DownstreamProcessor({ store, sink: new JournalingCommandSink(store, clock), verifier, clock, gatewayId: GW });
    expect((await send(message)).status).toBe('duplicate');
    expect(store.commandsAfter(0, 10)).toHaveLength(1);
  });

  it('reports a sink failure as failed, and a refusal by the governor as refused', async () => {
    const failing = new DownstreamProcessor({ store, sink: { submit: () => { throw new Error('radio busy'); } }, verifier, clock, gatewayId: GW });
    expect(await failing.process('commands', Buffer.from(JSON.stringify(signHmac(command('c-fail'), KEY))))).toMatchObject({ status: 'failed', detail: 'radio busy' });
    const refusing = new DownstreamProcessor({ store, sink: { submit: () => ({ status: 'refused', detail: 'never-off floor 30 %' }) }, verifier, clock, gatewayId: GW });
    expect(await refusing.process('commands', Buffer.from(JSON.stringify(signHmac(command('c-ref'), KEY))))).toMatchObject({ status: 'refused', detail: 'never-off floor 30 %' });
  });

  it('fuzz: 20,000 random and mutated payloads never throw, never actuate', async () => {
    let seed = 42;
    const rand = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const valid = Buffer.from(JSON.stringify(signHmac(command('fuzz-base'), KEY)));
    for (let i = 0; i < 20_000; i++) {
      let payload: Buffer;
      if (i % 2 === 0) {
        payload = Buffer.from(valid);
        for (let k = 1 + Math.floor(rand() * 4); k > 0; k--) payload[Math.floor(rand() * payload.length)] = Math.floor(rand() * 256);
      } else {
        payload = Buffer.from(Array.from({ length: Math.floor(rand() * 300) }, () => Math.floor(rand() * 256)));
      }
      const ack = await processor.process(i % 3 === 0 ? 'config' : 'commands', payload);
      expect(['rejected', 'duplicate', 'accepted']).toContain(ack.status);
    }
    // a mutation can only be accepted if it left the signed content intact (e.g. JSON whitespace)
    expect(store.commandsAfter(0, 100).every((c) => c.params.message_id === 'fuzz-base')).toBe(true);
  });

  it('over MQTT: commands on down/commands are acknowledged on down/acks', async () => {
    const broker = await MosquittoBroker.start({ dir: join(tmp.dir, 'broker') });
    const link = new MqttLink({ url: broker.url, gatewayId: GW }, { clock });
    const subscriber = startDownstream({ link, store, clock, gatewayId: GW, keys: { hmacKeyFile: join(tmp.dir, 'hmac.key') }, sink: new JournalingCommandSink(store, clock) });
    link.start();
    await new Promise<void>((resolve) => link.once('up', () => resolve()));
    const cloud = await mqtt.connectAsync(broker.url, { protocolVersion: 5 });
    const acks: DownAck[] = [];
    const twoAcks = new Promise<void>((resolve) =>
      cloud.on('message', (_t, payload) => {
        acks.push(JSON.parse(payload.toString()) as DownAck);
        if (acks.length === 2) resolve();
      }),
    );
    await cloud.subscribeAsync(`ardoise/v1/${GW}/down/acks`, { qos: 1 });
    await cloud.publishAsync(`ardoise/v1/${GW}/down/commands`, JSON.stringify(signHmac(command('mq-1'), KEY)), { qos: 1 });
    await cloud.publishAsync(`ardoise/v1/${GW}/down/commands`, JSON.stringify(command('mq-2')), { qos: 1 });
    await twoAcks;
    expect(acks).toMatchObject([
      { id: 'mq-1', status: 'accepted' },
      { id: 'mq-2', status: 'rejected', reason: 'unsigned' },
    ]);
    await cloud.endAsync();
    subscriber.stop();
    await link.stop();
    await broker.stop();
  });
});
