/** Each vendor API style, called the way The Things Network (or ChirpStack) calls it. */
import { afterAll, describe, expect, it } from 'vitest';
import { loadVendorCodec, type VendorCodec } from '../../src/sandbox';
import { loadFixture } from './fixtures';

const open: VendorCodec[] = [];
afterAll(async () => { await Promise.all(open.map((c) => c.close())); });
async function track(p: Promise<VendorCodec>): Promise<VendorCodec> {
  const codec = await p;
  open.push(codec);
  return codec;
}
const inline = (source: string, id: string) => track(loadVendorCodec(source, { id }));

describe('ChirpStack v3 Decode(fPort, bytes, variables) / Encode(fPort, obj, variables)', () => {
  it('receives the device variables', async () => {
    const codec = await track(loadFixture('chirpstack-v3-valve.js'));
    expect(codec.entryPoints).toEqual(['Decode', 'Encode']);
    const out = await codec.decodeUplink({ fPort: 5, bytes: [0x01, 0x00, 0x7d, 0, 0, 0, 1, 50], variables: { flow_factor: '2', site: 'parc-nord' } });
    expect(out.data).toMatchObject({ flow_rate: 25, site: 'parc-nord' });
    expect(await codec.encodeDownlink({ fPort: 6, data: { command: 'open' }, variables: { default_minutes: '45' } })).toEqual({ bytes: [1, 0, 45], fPort: 6 });
  });

  it('an Encode that throws gives an errors entry', async () => {
    const codec = await track(loadFixture('chirpstack-v3-valve.js'));
    const out = await codec.encodeDownlink({ fPort: 6, data: { command: 'explode' } });
    expect(out.errors).toEqual([expect.stringMatching(/^codec chirpstack-v3-valve: encodeDownlink threw Error: unknown command explode \(chirpstack-v3-valve\.js:\d+:\d+\)$/)]);
  });
});

describe('ChirpStack v4 decodeUplink({bytes, fPort, variables})', () => {
  it('receives the device variables (an empty object when there are none)', async () => {
    const codec = await track(loadFixture('chirpstack-v4-soil.js'));
    const bytes = [0x01, 0x5e, 0x00, 0x23, 0x00, 0x7d, 0x64];
    expect((await codec.decodeUplink({ fPort: 2, bytes, variables: { vwc_offset: '-2.5', depth_cm: '30' } })).data).toMatchObject({ soil_moisture_vwc: 32.5, depth_cm: 30 });
    expect((await codec.decodeUplink({ fPort: 2, bytes })).data).toMatchObject({ soil_moisture_vwc: 35 });
  });
});

describe('TTN conventions', () => {
  it('prefers decodeUplink over the legacy Decoder and Decode when a file defines all three', async () => {
    const codec = await inline('function decodeUplink(i){return {data:{via:"ts013"}}} function Decoder(){return {via:"v2"}} function Decode(){return {via:"cs3"}}', 'all-three');
    expect(await codec.decodeUplink({ fPort: 1, bytes: [] })).toEqual({ data: { via: 'ts013' } });
  });

  it('wraps a legacy Decoder result as {data}, and passes bytes as an Array and fPort as a number', async () => {
    const codec = await inline('function Decoder(bytes, port){ return { isArray: Array.isArray(bytes), len: bytes.length, port: port } }', 'legacy');
    expect(await codec.decodeUplink({ fPort: 7, bytes: new Uint8Array([1, 2, 3]) })).toEqual({ data: { isArray: true, len: 3, port: 7 } });
  });

  it('gives the legacy Encoder the downlink fPort, and defaults the fPort to 1 like TTN', async () => {
    const codec = await inline('function Encoder(obj, port){ return [obj.level, port === undefined ? 0 : port] }', 'legacy-enc');
    expect(await codec.encodeDownlink({ data: { level: 80 }, fPort: 12 })).toEqual({ bytes: [80, 12], fPort: 12 });
    expect(await codec.encodeDownlink({ data: { level: 80 } })).toEqual({ bytes: [80, 0], fPort: 1 });
  });

  it('passes recvTime as a Date of the codec realm', async () => {
    const codec = await inline('function decodeUplink(i){ return {data:{isDate: i.recvTime instanceof Date, iso: i.recvTime.toISOString()}} }', 'time');
    const out = await codec.decodeUplink({ fPort: 1, bytes: [], recvTime: new Date('2026-06-21T04:00:00Z') });
    expect(out).toEqual({ data: { isDate: true, iso: '2026-06-21T04:00:00.000Z' } });
  });

  it('rejects encoded bytes that are not 0..255 and fPorts outside 1..223', async () => {
    const codec = await inline('function encodeDownlink(i){ return i.data.bad === "byte" ? {bytes:[1, 256]} : {bytes:[1], fPort: 0} }', 'enc-bad');
    expect((await codec.encodeDownlink({ data: { bad: 'byte' } })).errors).toEqual(['codec enc-bad: encodeDownlink returned an invalid result: bytes[1] = 256 is not an integer 0..255']);
    expect((await codec.encodeDownlink({ data: { bad: 'port' } })).errors).toEqual(['codec enc-bad: encodeDownlink returned an invalid result: fPort 0 is not an integer 1..223']);
  });

  it('reports a missing operation as an error entry', async () => {
    const codec = await inline('function decodeUplink(i){ return {data:{}} }', 'uplink-only');
    expect(await codec.decodeDownlink({ fPort: 1, bytes: [] })).toEqual({ errors: ['codec uplink-only has no decodeDownlink'] });
    expect(await codec.measurements({ data: { x: 1 } }, 1)).toEqual([]);
  });
});

describe('the context', () => {
  it('looks like TTN\'s engine: ECMAScript only, nothing that runs code between calls, a silent console', async () => {
    const names = ['SharedArrayBuffer', 'Atomics', 'WebAssembly', 'FinalizationRegistry', 'WeakRef', 'queueMicrotask', 'structuredClone', 'setTimeout', 'fetch', 'process', 'require', 'Buffer', 'global'];
    const codec = await inline(`function decodeUplink(){ console.log("x"); return {data:{${names.map((n) => `${n}: typeof ${n}`).join(',')}, json: typeof JSON, date: typeof Date}} }`, 'globals');
    expect(await codec.decodeUplink({ fPort: 1, bytes: [] })).toEqual({ data: { ...Object.fromEntries(names.map((n) => [n, 'undefined'])), json: 'object', date: 'function' } });
  });
});

describe('normalizeUplink and measurements', () => {
  it('maps the normalized payload to our vocabulary where the names match', async () => {
    const codec = await track(loadFixture('normalize-airsense.js'));
    const decoded = await codec.decodeUplink({ fPort: 1, bytes: [0x00, 0xd7, 0x41, 0x00, 0x2a, 0x03] });
    expect(await codec.measurements(decoded, 1)).toEqual([
      { quantity: 'air_temperature', value: 21.5, unit: '°C' },
      { quantity: 'relative_humidity', value: 65, unit: '%' },
      { quantity: 'illuminance', value: 42, unit: 'lx' },
      { quantity: 'presence', value: true, unit: '' },
      { quantity: 'presence_count', value: 3, unit: 'count' },
    ]);
    expect(await codec.measurements({ data: decoded.data, errors: ['bad'] }, 1)).toEqual([]);
  });

  it('without normalizeUplink, reads already-normalized decoded data as TTN does', async () => {
    const codec = await inline('function decodeUplink(i){ return {data:{soil:{moisture: 31.5, temperature: 9}, vendor_field: 1}} }', 'pre-normalized');
    const decoded = await codec.decodeUplink({ fPort: 1, bytes: [] });
    expect(await codec.measurements(decoded, 1)).toEqual([
      { quantity: 'soil_moisture_vwc', value: 31.5, unit: '%' },
      { quantity: 'soil_temperature', value: 9, unit: '°C' },
    ]);
  });
});
