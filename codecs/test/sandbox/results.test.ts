/** Results are JSON-cloned; what JSON cannot carry becomes a clear `errors` entry, never a crash. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VendorCodec } from '../../src/sandbox';
import { loadFixture } from './fixtures';

let codec: VendorCodec;
beforeAll(async () => { codec = await loadFixture('killers/garbage.js', { maxOutputBytes: 64 * 1024 }); });
afterAll(async () => { await codec.close(); });

const decode = (fPort: number) => codec.decodeUplink({ fPort, bytes: [] });
const prefix = 'codec garbage: decodeUplink returned an invalid result: ';

describe('garbage results', () => {
  it.each([
    [1, 'data.fn is a function; results must be JSON (objects, arrays, strings, finite numbers, booleans, null)'],
    [2, 'data.self is a cycle (refers to one of its parents)'],
    [3, 'data.value is NaN, not a finite number'],
    [14, 'data.inf is Infinity, not a finite number'],
    [4, 'output exceeds 65536 bytes (at data.big)'],
    [5, 'the result must be an object {data, errors?, warnings?}, got string'],
    [6, 'data must be an object, got an array'],
    [8, 'data.map is a Map; results must be JSON'],
    [9, 'data.big is a bigint; results must be JSON (objects, arrays, strings, finite numbers, booleans, null)'],
    [10, 'errors must be an array of strings, got string'],
    [11, 'the result is a Promise: codecs must be synchronous'],
    [15, 'the value no'],
  ])('fPort %i: %s', async (fPort, message) => {
    expect(await decode(fPort)).toEqual({ errors: [prefix + message] });
  });

  it('a proxy that throws while being read is reported, not propagated', async () => {
    expect(await decode(16)).toEqual({ errors: [expect.stringMatching(/^codec garbage: decodeUplink returned an invalid result: RangeError: proxy says no \(garbage\.js:\d+:\d+\)$/)] });
  });

  it('a thrown error names the codec, the error and where in the file', async () => {
    expect(await decode(12)).toEqual({ errors: [expect.stringMatching(/^codec garbage: decodeUplink threw TypeError: bad frame \(garbage\.js:16:\d+\)$/)] });
    expect(await decode(13)).toEqual({ errors: ['codec garbage: decodeUplink threw the value a bare string'] });
  });
});

describe('JSON cloning', () => {
  it('turns Dates into ISO strings and typed arrays into arrays, and drops undefined members, as JSON does', async () => {
    expect(await decode(7)).toEqual({ data: { ok: true, when: '2026-01-02T03:04:05.000Z', raw: [1, 2] } });
  });

  it('returns fresh plain objects of this realm', async () => {
    const a = await decode(0);
    const b = await decode(0);
    expect(a).toEqual({ data: { ok: true } });
    expect(a.data).not.toBe(b.data);
    expect(Object.getPrototypeOf(a.data)).toBe(Object.prototype);
  });
});
