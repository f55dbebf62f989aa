import { afterEach, describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../src/clock/simulated-clock';
import { PacketType } from '../../src/semtech-udp/gwmp';
import type { GatewayStat, RxPacket } from '../../src/semtech-udp/rxpk';
import { SemtechUdpServer, UnknownConcentratorError } from '../../src/semtech-udp/server';
import type { TxPacket } from '../../src/semtech-udp/tx';
import { gwmp, rawClient, type RawClient, until } from './udp-helpers';

const EUI_A = 'aa555a0000000001';
const EUI_B = 'aa555a0000000002';
const frame = Buffer.from('40F17DBE4900020001954378762B11FF0D', 'hex');
const rxpk = (extra: object = {}) => ({
  tmst: 3512348611, chan: 2, rfch: 0, freq: 868.5, stat: 1, modu: 'LORA', datr: 'SF7BW125', codr: '4/5',
  rssi: -35, lsnr: 5.1, size: frame.length, data: frame.toString('base64'), ...extra,
});
const txpk: TxPacket = { imme: true, freq: 869.525, rfch: 0, powe: 14, modu: 'LORA', datr: 'SF9BW125', codr: '4/5', ipol: true, size: 4, data: 'AQIDBA==' };

let server: SemtechUdpServer;
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await server?.stop();
});

async function setup(opts: Partial<ConstructorParameters<typeof SemtechUdpServer>[0]> = {}) {
  const clock = new SimulatedClock();
  const uplinks: RxPacket[] = [];
  const stats: Array<[string, GatewayStat]> = [];
  const warnings: Array<{ obj: Record<string, unknown>; msg: string }> = [];
  server = new SemtechUdpServer({
    clock, host: '127.0.0.1', port: 0,
    onUplink: (r) => uplinks.push(r),
    onStat: (g, s) => stats.push([g, s]),
    logger: { warn: (obj, msg) => warnings.push({ obj: obj as Record<string, unknown>, msg }), info() {}, debug() {} },
    ...opts,
  });
  const { port } = await server.start();
  const client = async () => {
    const c = await rawClient(port);
    clients.push(c);
    return c;
  };
  return { clock, uplinks, stats, warnings, port, client };
}

describe('SemtechUdpServer', () => {
  it('acks PUSH_DATA (v1 and v2) with the same token and delivers rxpk with radio metadata incl. sx1302 fields', async () => {
    const { uplinks, client } = await setup();
    const c = await client();
    await c.send(gwmp(2, 0x1234, PacketType.PUSH_DATA, EUI_A, { rxpk: [rxpk({ rssis: -37, foff: -120, ftime: 12345, tmms: 1_300_000_000_000 })] }));
    expect([...(await c.next())]).toEqual([2, 0x12, 0x34, PacketType.PUSH_ACK]);
    await c.send(gwmp(1, 0x0042, PacketType.PUSH_DATA, EUI_A, { rxpk: [rxpk()] }));
    expect([...(await c.next())]).toEqual([1, 0x00, 0x42, PacketType.PUSH_ACK]);
    await until(() => uplinks.length === 2, 'two uplinks');
    expect(uplinks[0]).toMatchObject({ gatewayEui: EUI_A, tmst: 3512348611, freq: 868.5, datr: 'SF7BW125', rssi: -35, lsnr: 5.1, rssis: -37, foff: -120, ftime: 12345 });
    expect(uplinks[0]!.data).toEqual(frame);
  });

  it('answers PULL_DATA, records the link, parses stat (incl. sx1302 temp) and routes PULL_RESP/TX_ACK by token', async () => {
    const { clock, stats, client } = await setup();
    const c = await client();
    await c.send(gwmp(2, 7, PacketType.PULL_DATA, EUI_B));
    expect([...(await c.next())]).toEqual([2, 0, 7, PacketType.PULL_ACK]);
    await c.send(gwmp(2, 8, PacketType.PUSH_DATA, EUI_B, { stat: { time: '2026-01-01 00:00:00 GMT', rxnb: 3, rxok: 2, rxfw: 2, ackr: 100, dwnb: 0, txnb: 0, temp: 41.5 } }));
    await c.next();
    await until(() => stats.length === 1, 'stat');
    expect(stats[0]).toEqual([EUI_B, expect.objectContaining({ rxnb: 3, temp: 41.5 })]);
    const link = server.linkState().find((l) => l.gatewayEui === EUI_B)!;
    expect(link).toMatchObject({ up: true, protocolVersion: 2, stat: { ackr: 100 } });

    const pending = server.sendDownlink(EUI_B, txpk);
    const resp = await c.next();
    expect(resp[0]).toBe(2);
    expect(resp[3]).toBe(PacketType.PULL_RESP);
    expect(JSON.parse(resp.subarray(4).toString())).toEqual({ txpk });
    await c.send(gwmp(2, resp.readUInt16BE(1), PacketType.TX_ACK, EUI_B, { txpk_ack: { error: 'TOO_LATE' } }));
    expect(await pending).toEqual({ status: 'error', error: 'TOO_LATE' });

    const p2 = server.sendDownlink(EUI_B, txpk);
    const r2 = await c.next();
    await c.send(gwmp(2, r2.readUInt16BE(1), PacketType.TX_ACK, EUI_B)); // no JSON: success
    expect(await p2).toEqual({ status: 'ok' });

    const p3 = server.sendDownlink(EUI_B, txpk);
    const r3 = await c.next();
    await c.send(gwmp(2, r3.readUInt16BE(1), PacketType.TX_ACK, EUI_B, { txpk_ack: { warn: 'TX_POWER', value: 12 } }));
    expect(await p3).toEqual({ status: 'ok', warn: { code: 'TX_POWER', value: 12 } });

    const p4 = server.sendDownlink(EUI_B, txpk);
    await c.next();
    clock.advance(2000);
    expect(await p4).toEqual({ status: 'timeout' });

    clock.advance(31_000);
    expect(server.linkState()[0]!.up).toBe(false);
  });

  it.each(['TOO_EARLY', 'COLLISION_PACKET', 'COLLISION_BEACON', 'TX_FREQ', 'TX_POWER', 'GPS_UNLOCKED'])('reports TX_ACK error %s', async (code) => {
    const { client } = await setup();
    const c = await client();
    await c.send(gwmp(2, 1, PacketType.PULL_DATA, EUI_A));
    await c.next();
    const p = server.sendDownlink(EUI_A, txpk);
    const r = await c.next();
    await c.send(gwmp(2, r.readUInt16BE(1), PacketType.TX_ACK, EUI_A, `{"txpk_ack":{"error":"${code}"}}\0`));
    expect(await p).toEqual({ status: 'error', error: code });
  });

  it('v1 concentrators get PULL_RESP with a zero token and no TX_ACK is awaited', async () => {
    const { client } = await setup();
    const c = await client();
    await c.send(gwmp(1, 9, PacketType.PULL_DATA, EUI_A));
    await c.next();
    expect(await server.sendDownlink(EUI_A, txpk)).toEqual({ status: 'sent-unacknowledged' });
    const r = await c.next();
    expect([...r.subarray(0, 4)]).toEqual([1, 0, 0, PacketType.PULL_RESP]);
  });

  it('refuses a downlink to a concentrator that never pulled', async () => {
    await setup();
    await expect(server.sendDownlink(EUI_A, txpk)).rejects.toBeInstanceOf(UnknownConcentratorError);
  });

  it('serves several concentrators and rejects EUIs outside the allowlist without answering', async () => {
    const { uplinks, client } = await setup({ allowedGateways: [EUI_A.toUpperCase()] });
    const a = await client();
    const b = await client();
    await b.send(gwmp(2, 1, PacketType.PUSH_DATA, EUI_B, { rxpk: [rxpk()] }));
    await a.send(gwmp(2, 2, PacketType.PUSH_DATA, EUI_A, { rxpk: [rxpk()] }));
    await a.next();
    await until(() => server.metrics().datagrams === 2, 'both datagrams');
    expect(uplinks.map((u) => u.gatewayEui)).toEqual([EUI_A]);
    expect(b.received).toHaveLength(0);
    expect(server.metrics().rejected).toEqual({ 'unknown-gateway': 1 });
  });

  it('counts each kind of bad input by cause, logs once per cause per interval, keeps valid siblings', async () => {
    const { uplinks, warnings, clock, client } = await setup();
    const c = await client();
    const bad: Buffer[] = [
      Buffer.from([2, 0]), // truncated header
      Buffer.from([3, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8]), // unknown version
      gwmp(2, 1, 0x09, EUI_A), // unknown type
      gwmp(2, 1, PacketType.PUSH_ACK, EUI_A), // server-side type
      Buffer.from([2, 0, 1, 0, 1, 2]), // PUSH_DATA without EUI
      gwmp(2, 1, PacketType.PUSH_DATA, EUI_A, '{"rxpk":[{'), // invalid JSON
      gwmp(2, 1, PacketType.PUSH_DATA, EUI_A, { rxpk: [rxpk({ data: '@@not base64!' }), rxpk()] }), // invalid base64 + valid sibling
      gwmp(2, 1, PacketType.PUSH_DATA, EUI_A, { rxpk: [rxpk({ size: 3 })] }), // size mismatch
      gwmp(2, 1, PacketType.PUSH_DATA, EUI_A, { rxpk: [rxpk({ stat: -1 })] }), // CRC error
      gwmp(2, 1, PacketType.PUSH_DATA, EUI_A, { stat: { rxnb: 'many' } }),
      gwmp(2, 1, PacketType.TX_ACK, EUI_A, 'garbage'),
      gwmp(2, 1, PacketType.TX_ACK, EUI_A, '{"txpk_ack":{}}'), // no pending downlink with that token
      Buffer.alloc(64 * 1024 - 100, 2), // ~64 KB datagram
    ];
    for (let round = 0; round < 2; round++) for (const b of bad) await c.send(b);
    await until(() => server.metrics().datagrams === bad.length * 2, 'all bad datagrams');
    expect(server.metrics().rejected).toEqual({
      'too-short': 4, 'unknown-version': 2, 'unknown-type': 2, 'unexpected-type': 2, 'invalid-json': 2, 'invalid-base64': 2,
      'invalid-rxpk': 2, 'crc-error': 2, 'invalid-stat': 2, 'invalid-tx-ack': 2, 'unmatched-tx-ack': 2, 'too-large': 2,
    });
    expect(uplinks).toHaveLength(2); // the valid siblings
    const causes = warnings.map((w) => w.obj.cause);
    expect(new Set(causes).size).toBe(causes.length); // one line per cause in the interval
    expect(warnings.find((w) => w.obj.cause === 'invalid-base64')!.msg).toMatch(/rxpk\[0\]: "data" must be base64/);
    clock.advance(60_000);
    await c.send(Buffer.from([2, 0]));
    await until(() => warnings.length === causes.length + 1, 'next interval log');
    expect(warnings.at(-1)!.obj).toMatchObject({ cause: 'too-short', suppressed: 3 });
  });
});
