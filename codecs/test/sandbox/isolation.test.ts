/** Each codec runs in its own context: prototype patches, hijacked built-ins and globals stay home. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VendorCodec } from '../../src/sandbox';
import { loadFixture } from './fixtures';

let patcher: VendorCodec;
let probe: VendorCodec;
beforeAll(async () => {
  patcher = await loadFixture('killers/patcher.js');
  probe = await loadFixture('killers/probe.js');
});
afterAll(async () => { await Promise.all([patcher.close(), probe.close()]); });

describe('two codecs side by side', () => {
  it('the patching codec sees its own patches, applied to the input it is given', async () => {
    const out = await patcher.decodeUplink({ fPort: 1, bytes: [1, 2, 3] });
    expect(out).toEqual({ data: { sum: 6, round: 42, calls: 1 } });
  });

  it('the other codec sees none of them, and gets a genuine Array of its own realm', async () => {
    expect(await probe.decodeUplink({ fPort: 1, bytes: [1] })).toEqual({
      data: { sum: 'undefined', tag: 'undefined', stringify: '{"a":1}', round: 2, counter: 'undefined', bytesIsArray: true },
    });
  });

  it('the host is untouched too, and results carry no inherited vendor properties', async () => {
    const out = await patcher.decodeUplink({ fPort: 1, bytes: [4] });
    expect(JSON.stringify(out)).toBe('{"data":{"sum":4,"round":42,"calls":2}}');
    expect(Math.round(1.5)).toBe(2);
    expect(Object.keys(out.data ?? {})).toEqual(['sum', 'round', 'calls']);
  });

  it('a hijacked JSON.stringify inside the codec does not break encoding its inputs', async () => {
    const out = await patcher.encodeDownlink({ data: { a: 1 } });
    expect(out.errors).toEqual(['codec patcher has no encodeDownlink (nor legacy Encoder or Encode)']);
  });
});
