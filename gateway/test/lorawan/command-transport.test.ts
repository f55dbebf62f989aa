/** Governor ports on the real edge network server (memory session storage; no radio needed to queue). */
import { asAsyncCodec, getCodec } from '@ardoise/codecs';
import { DeviceRegistry, EdgeNetworkServer, EU868, MemorySessionStorage, SimulatedClock } from '@ardoise/device-sdk';
import { describe, expect, it } from 'vitest';
import { LorawanCommandTransport, LorawanDutyCycle } from '../../src/lorawan/command-transport';

const abp = { mode: 'abp' as const, devAddr: '26011bda', nwkSKey: '00'.repeat(16), appSKey: '11'.repeat(16) };

function setup(region = EU868) {
  const storage = new MemorySessionStorage();
  const ns = new EdgeNetworkServer({
    clock: new SimulatedClock(), storage, region,
    registry: new DeviceRegistry([
      { id: 'lamp-1', devEui: '0000000000000001', deviceClass: 'A', activation: abp },
      { id: 'valve-1', devEui: '0000000000000002', deviceClass: 'A', activation: { ...abp, devAddr: '26011bdb' } },
    ]),
    transmit: () => Promise.reject(new Error('not used: class A items wait for an uplink')),
    onFrame: () => {},
    isClockTrusted: () => true,
  });
  const codecs: Record<string, string> = { 'lamp-1': 'ardoise-streetlight', 'valve-1': 'ardoise-valve' };
  const transport = new LorawanCommandTransport(ns, (id) => (codecs[id] ? asAsyncCodec(getCodec(codecs[id]!)!) : undefined));
  return { storage, ns, transport };
}

describe('LorawanCommandTransport', () => {
  it('encodes with the device codec and queues the downlink', async () => {
    const { storage, transport } = setup();
    await transport.send('lamp-1', { command: 'set_level', level: 50 });
    await transport.send('valve-1', { command: 'open', durationMin: 45, maxVolumeL: 900 });
    expect(storage.pendingDownlinks('0000000000000001')).toMatchObject([{ fPort: 2, payloadHex: '1132', confirmed: false }]);
    expect(storage.pendingDownlinks('0000000000000002')).toMatchObject([{ fPort: 2, payloadHex: '11002d00000384' }]);
  });

  it('rejects with the codec errors when the action cannot be encoded, queuing nothing', async () => {
    const { storage, transport } = setup();
    await expect(transport.send('lamp-1', { command: 'set_level', level: 250 })).rejects.toThrow(/codec ardoise-streetlight cannot encode "set_level" for lamp-1: .*level/);
    await expect(transport.send('nobody', { command: 'close' })).rejects.toThrow('device nobody has no codec');
    expect(storage.pendingDownlinks('0000000000000001')).toEqual([]);
  });
});

describe('LorawanDutyCycle', () => {
  it('says ok within budget and gives a retry time with the reason when exhausted', () => {
    expect(new LorawanDutyCycle(setup().ns).canSend('lamp-1', 1000)).toEqual({ ok: true });
    const none = { ...EU868, subBands: EU868.subBands.map((b) => ({ ...b, dutyCycle: 0.000001 })) };
    const r = new LorawanDutyCycle(setup(none).ns).canSend('lamp-1', 1000);
    expect(r).toMatchObject({ ok: false, retryAt: 1000 + 3_600_000, detail: expect.stringContaining('exceeds the whole') });
    expect(new LorawanDutyCycle(setup().ns).canSend('ghost', 0)).toMatchObject({ ok: false, detail: 'no LoRaWAN session for device "ghost"' });
  });
});
