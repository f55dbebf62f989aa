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
