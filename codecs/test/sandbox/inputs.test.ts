/** Bad inputs from the agent are refused per call, before the sandbox, and lose nothing else. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadVendorCodec, type VendorCodec } from '../../src/sandbox';

let codec: VendorCodec;
beforeAll(async () => {
  codec = await loadVendorCodec('function decodeUplink(i){ return {data:{n:i.bytes.length}} } function encodeDownlink(i){ return {bytes:[1]} }', { id: 'echo', maxInputBytes: 16, maxQueue: 100 });
});
afterAll(async () => { await codec.close(); });

describe('inputs', () => {
  it('each bad item gets its own error naming what was wrong and what is allowed; good ones in the same batch decode', async () => {
    const outs = await codec.decodeUplinkBatch([
      { fPort: 1, bytes: [1, 2] },
      { fPort: 1, bytes: [1, 300] },
      { fPort: 256, bytes: [] },
      { fPort: 1, bytes: new Array(17).fill(0) },
      { fPort: 1, bytes: 'AQI=' as unknown as number[] },
      { fPort: 1, bytes: [], variables: { k: 5 as unknown as string } },
      { fPort: 1, bytes: [], recvTime: new Date('nope') },
      { fPort: 1, bytes: [9] },
    ]);
    expect(outs).toEqual([
      { data: { n: 2 } },
      { errors: ['codec echo: decodeUplink input rejected: bytes[1] = 300 is not an integer 0..255'] },
      { errors: ['codec echo: decodeUplink input rejected: fPort = 256 is not an integer 0..255'] },
      { errors: ['codec echo: decodeUplink input rejected: bytes has 17 bytes, more than the 16 allowed'] },
      { errors: ['codec echo: decodeUplink input rejected: bytes must be an array of integers 0..255 or a Uint8Array, got string'] },
      { errors: ['codec echo: decodeUplink input rejected: variables.k must be a string of at most 1024 characters'] },
      { errors: ['codec echo: decodeUplink input rejected: recvTime must be a valid Date, got Invalid Date'] },
      { data: { n: 1 } },
    ]);
  });

  it('downlink data must be a JSON object', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect((await codec.encodeDownlink({ data: cyclic })).errors?.[0]).toMatch(/^codec echo: encodeDownlink input rejected: data is not JSON-serializable: /);
    expect(await codec.encodeDownlink({ data: [1] as unknown as Record<string, unknown> })).toEqual({ errors: ['codec echo: encodeDownlink input rejected: data must be an object, got an array'] });
    expect(await codec.encodeDownlink({ data: {}, fPort: 0 })).toEqual({ errors: ['codec echo: encodeDownlink input rejected: fPort = 0 is not an integer 1..223'] });
  });

  it('the queue is bounded: calls beyond maxQueue are refused at once, the others decode', async () => {
    const outs = await Promise.all(Array.from({ length: 150 }, () => codec.decodeUplink({ fPort: 1, bytes: [] })));
    expect(outs.filter((o) => o.data).length).toBe(100);
    expect(outs[149]).toEqual({ errors: ['codec echo: decodeUplink refused: more than 100 calls are waiting for the sandbox'] });
    expect(codec.stats()).toMatchObject({ refused: 50, queued: 0 });
  });

  it('single calls made together leave in one batch, in order', async () => {
    const outs = await Promise.all([3, 1, 2].map((n) => codec.decodeUplink({ fPort: 1, bytes: new Array(n).fill(0) })));
    expect(outs.map((o) => o.data?.n)).toEqual([3, 1, 2]);
  });
});
