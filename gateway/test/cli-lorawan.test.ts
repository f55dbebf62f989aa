import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['lorawan', ...argv], { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

// Vectors: anthonykirby/lora-packet (data frame) and brocaar/lorawan (join frames), as in device-sdk tests.
const DATA = '40F17DBE4900020001954378762B11FF0D';
const NWK = '44024241ed4ce9a68c6a8bc055233fd3';
const APP = 'ec925802ae430ca77fd3dd73cb2cc588';

describe('ardoise lorawan decode', () => {
  it('decodes a data uplink, checks the MIC and decrypts the payload', async () => {
    const r = await run('decode', DATA, '--nwk-skey', NWK, '--app-skey', APP);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ mtype: 'unconfirmed-up', dev_addr: '49be7df1', fcnt: 2, fport: 1, mic_valid: true, payload_hex: Buffer.from('test').toString('hex') });
  });

  it('without keys reports mic_valid and payload_hex as null; a wrong key gives mic_valid false', async () => {
    expect(JSON.parse((await run('decode', DATA)).out)).toMatchObject({ mic_valid: null, payload_hex: null, frm_payload_hex: '95437876' });
    expect(JSON.parse((await run('decode', DATA, '--nwk-skey', APP)).out).mic_valid).toBe(false);
  });

  it('accepts spaced hex and base64', async () => {
    const spaced = DATA.match(/../g)!.join(' ');
    expect(JSON.parse((await run('decode', spaced)).out).dev_addr).toBe('49be7df1');
    expect(JSON.parse((await run('decode', Buffer.from(DATA, 'hex').toString('base64'))).out).dev_addr).toBe('49be7df1');
  });

  it('decodes a join-request and a join-accept', async () => {
    const jr = JSON.parse((await run('decode', '00040302010403020105040302050403022d106a990e12', '--app-key', '01'.repeat(16))).out);
    expect(jr).toEqual({ mtype: 'join-request', join_eui: '0102030401020304', dev_eui: '0203040502030405', dev_nonce: 4141, mic: '6a990e12', mic_valid: true });
    const ja = JSON.parse((await run('decode', '20493eeb51fba2116f810edb3742975142', '--app-key', '00112233445566778899aabbccddeeff')).out);
    expect(ja).toMatchObject({ mtype: 'join-accept', mic_valid: true, dev_addr: '02031980', net_id: '221101', app_nonce: 5704647 });
  });

  it('bad input exits 1 with a message naming what is wrong, never echoing keys', async () => {
    const bad = await run('decode', '40zz');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('character "z" at position 3 is not a hex digit');
    const odd = await run('decode', '40f');
    expect(odd.err).toContain('odd number (3) of hex digits');
    const key = await run('decode', DATA, '--nwk-skey', 'deadbeefsecret');
    expect(key.code).toBe(1);
    expect(key.err).toContain('--nwk-skey must be 32 hex digits (a 16-byte AES key); got 14 characters');
    expect(key.err).not.toContain('deadbeef');
    const short = await run('decode', '4001020304');
    expect(short.code).toBe(1);
    expect(short.err).toContain('malformed frame: data frame is 5 bytes; at least 12');
  });

  it('--help prints usage and exits 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('ardoise lorawan <subcommand>');
  });
});

describe('ardoise lorawan encode', () => {
  it('builds a data frame that decode reads back', async () => {
    const e = await run('encode', '--mtype', 'confirmed-up', '--dev-addr', '26011bda', '--fcnt', '70000', '--fport', '10', '--payload', '0102', '--nwk-skey', NWK, '--app-skey', APP);
    expect(e.code).toBe(0);
    const { hex } = JSON.parse(e.out);
    const d = JSON.parse((await run('decode', hex, '--nwk-skey', NWK, '--app-skey', APP, '--fcnt', '70000')).out);
    expect(d).toMatchObject({ mtype: 'confirmed-up', dev_addr: '26011bda', fcnt: 70000, fport: 10, mic_valid: true, payload_hex: '0102' });
  });

  it('decode names MAC commands, with the contents of answers on downlinks', async () => {
    const e = await run('encode', '--mtype', 'unconfirmed-down', '--dev-addr', '26011bda', '--fcnt', '3', '--fopts', '020a030d00e0cf5100', '--nwk-skey', NWK, '--app-skey', APP);
    const d = JSON.parse((await run('decode', JSON.parse(e.out).hex, '--nwk-skey', NWK)).out);
    expect(d.mac_commands).toEqual(['LinkCheckAns(margin=10 dB, gateways=3)', expect.stringMatching(/^DeviceTimeAns\(20\d\d-/)]);
    const up = await run('encode', '--mtype', 'unconfirmed-up', '--dev-addr', '26011bda', '--fcnt', '3', '--fopts', '020d', '--nwk-skey', NWK, '--app-skey', APP);
    expect(JSON.parse((await run('decode', JSON.parse(up.out).hex)).out).mac_commands).toEqual(['LinkCheckReq', 'DeviceTimeReq']);
  });

  it('builds the published join-request vector', async () => {
    const e = await run('encode', '--mtype', 'join-request', '--join-eui', '0101010101010101', '--dev-eui', '0202020202020202', '--dev-nonce', '771', '--app-key', '0102030405060708090a0b0c0d0e0f10');
    expect(JSON.parse(e.out).base64).toBe('AAEBAQEBAQEBAgICAgICAgIDAwm5ezI=');
  });

  it('rejects an unknown mtype and missing options with exit 1', async () => {
    expect((await run('encode', '--mtype', 'beacon')).err).toContain('--mtype must be one of');
    const r = await run('encode', '--mtype', 'unconfirmed-up', '--dev-addr', '26011bda', '--fcnt', '1', '--nwk-skey', NWK);
    expect(r.code).toBe(1);
    expect(r.err).toContain('--app-skey is required');
  });
});

describe('ardoise lorawan forwarder-config', () => {
  it('prints a lora_pkt_fwd global_conf.json for this gateway', async () => {
    const r = await run('forwarder-config', '--gateway-eui', 'aa555a0000000001', '--port', '1700');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).gateway_conf).toMatchObject({ gateway_ID: 'AA555A0000000001', serv_port_up: 1700, serv_port_down: 1700 });
    expect((await run('forwarder-config', '--gateway-eui', 'nope')).err).toContain('--gateway-eui must be 16 hex digits');
  });
});
