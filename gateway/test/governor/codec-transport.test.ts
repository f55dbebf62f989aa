import { asAsyncCodec, getCodec } from '@ardoise/codecs';
import { describe, expect, it } from 'vitest';
import { CodecCommandTransport, type DownlinkQueue } from '../../src/governor';

/** Stands in for NetworkServer.enqueueDownlink (its own tests cover the LoRaWAN side). */
function queue() {
  const items: { deviceId: string; fPort: number; hex: string }[] = [];
  const q: DownlinkQueue = { enqueueDownlink: (deviceId, d) => items.push({ deviceId, fPort: d.fPort, hex: Buffer.from(d.bytes).toString('hex') }) };
  return { items, q };
}

const codecs: Record<string, string> = { 'lamp-1': 'ardoise-streetlight', 'valve-1': 'ardoise-valve', 'probe-1': 'ardoise-soil-probe' };
const codecFor = (id: string) => (codecs[id] ? asAsyncCodec(getCodec(codecs[id])!) : undefined);

describe('CodecCommandTransport (real first-party codecs)', () => {
  it('encodes lamp and valve commands with the device codec and queues them', async () => {
    const { items, q } = queue();
    const t = new CodecCommandTransport(codecFor, q);
    await t.send('lamp-1', { command: 'set_level', level: 50 });
    await t.send('lamp-1', { command: 'override', level: 100, durationMin: 30 });
    await t.send('valve-1', { command: 'open', durationMin: 45, maxVolumeL: 900 });
    await t.send('valve-1', { command: 'close' });
    expect(items).toEqual([
      { deviceId: 'lamp-1', fPort: 2, hex: '1132' },
      { deviceId: 'lamp-1', fPort: 2, hex: '1264001e' },
      { deviceId: 'valve-1', fPort: 2, hex: '11002d00000384' },
      { deviceId: 'valve-1', fPort: 2, hex: '12' },
    ]);
  });

  it('rejects with the codec, command and reason when it cannot encode; unknown devices too', async () => {
    const { items, q } = queue();
    const t = new CodecCommandTransport(codecFor, q);
    await expect(t.send('probe-1', { command: 'close' })).rejects.toThrow(/codec ardoise-soil-probe cannot encode close for probe-1/);
    await expect(t.send('nope', { command: 'close' })).rejects.toThrow('no codec configured for device "nope"');
    expect(items).toEqual([]);
  });
});

describe('lorawanDutyCycle', () => {
  it('defers LoRaWAN downlinks the network server cannot fit, until it says; other transports pass', async () => {
    const { lorawanDutyCycle } = await import('../../src/governor');
    const ns = { downlinkBudget: (id: string) => (id === 'lamp-busy' ? { ok: false as const, reason: 'EU868 g1 1 % used', retryAfterMs: 90_000 } : id === 'lamp-new' ? { ok: false as const, reason: 'no LoRaWAN session for device "lamp-new"' } : { ok: true as const }) };
    const check = lorawanDutyCycle(ns, (id) => id.startsWith('lamp'));
    expect(check.canSend('lamp-ok', 0)).toEqual({ ok: true });
    expect(check.canSend('lamp-busy', 1000)).toEqual({ ok: false, retryAt: 91_000, detail: 'EU868 g1 1 % used' });
    expect(check.canSend('lamp-new', 0)).toEqual({ ok: false, retryAt: 60_000, detail: 'no LoRaWAN session for device "lamp-new"' });
    expect(check.canSend('valve-serial', 0)).toEqual({ ok: true });
  });
});
