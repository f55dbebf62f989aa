/** Loading: what cannot become a codec is refused at load with a clear error; options are checked. */
import { describe, expect, it } from 'vitest';
import { LoadError, loadVendorCodec } from '../../src/sandbox';

describe('loadVendorCodec refuses', () => {
  it('a file that does not compile, naming the file and line', async () => {
    await expect(loadVendorCodec('function decodeUplink(input) {\n  return {data: {}\n}', { fileName: 'broken.js' }))
      .rejects.toThrow(/^codec broken \(broken\.js\) failed to load: SyntaxError: .* \(broken\.js:3\)$/);
  });

  it('an ES module codec, saying that network servers run codecs as plain scripts', async () => {
    await expect(loadVendorCodec('export function decodeUplink(input) { return { data: {} }; }', { fileName: 'esm.js' }))
      .rejects.toThrow(/^codec esm \(esm\.js\) failed to load: SyntaxError: Unexpected token 'export' \(esm\.js:1\) \(a codec file is a plain script, .* without export or import\)$/);
  });

  it('a file whose top level throws', async () => {
    await expect(loadVendorCodec('var x = require("fs");\nfunction decodeUplink(){}', { id: 'top-throw' }))
      .rejects.toThrow(/^codec top-throw \(top-throw\.js\) failed to load: ReferenceError: require is not defined \(top-throw\.js:1(:\d+)?\) \(the sandbox gives codecs no Node\.js globals/);
  });

  it('a file whose top level never ends', async () => {
    const err = await loadVendorCodec('for (;;) {}\nfunction decodeUplink(){}', { id: 'top-loop', loadTimeoutMs: 50 }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(LoadError);
    expect((err as Error).message).toMatch(/^codec top-loop \(top-loop\.js\) failed to load: Error: Script execution timed out after 50ms/);
  });

  it('a file with no codec entry point', async () => {
    await expect(loadVendorCodec('function decode(bytes) { return {} }', { id: 'nameless' }))
      .rejects.toThrow('codec nameless (nameless.js) defines no codec entry point: expected one of decodeUplink, encodeDownlink, decodeDownlink (TS013, ChirpStack v4), Decoder/Encoder (TTN v2), Decode/Encode (ChirpStack v3)');
  });

  it('a source that is not a string or is too large', async () => {
    await expect(loadVendorCodec(42 as unknown as string, { id: 'num' })).rejects.toThrow('codec num: source must be a string of JavaScript, got number');
    await expect(loadVendorCodec('x'.repeat(2 * 1024 * 1024 + 1), { id: 'huge' })).rejects.toThrow(/^codec huge \(huge\.js\) is 2097153 characters, more than the 2097152 allowed$/);
  });

  it.each([
    [{ timeoutMs: 0 }, 'sandbox option timeoutMs = 0 is invalid: expected an integer 1..60000 (ms)'],
    [{ memoryMb: 1.5 }, 'sandbox option memoryMb = 1.5 is invalid: expected an integer 16..4096 (MB)'],
    [{ id: 'bad id with spaces' }, 'sandbox option id = "bad id with spaces" is invalid: expected 1-128 characters among letters, digits and . _ : / @ -'],
  ])('bad options %o', async (options, message) => {
    await expect(loadVendorCodec('function decodeUplink(){}', options)).rejects.toThrow(message);
  });
});

describe('a loaded codec', () => {
  it('accepts TypeScript-style lexical declarations as entry points (const / let / class files)', async () => {
    const codec = await loadVendorCodec('const decodeUplink = (input) => ({ data: { n: input.bytes.length } });', { id: 'arrow' });
    try {
      expect(await codec.decodeUplink({ fPort: 1, bytes: [1, 2] })).toEqual({ data: { n: 2 } });
    } finally {
      await codec.close();
    }
  });

  it('answers every call with an error once closed', async () => {
    const codec = await loadVendorCodec('function decodeUplink(){ return {data:{}} }', { id: 'closing' });
    await codec.close();
    expect(await codec.decodeUplink({ fPort: 1, bytes: [] })).toEqual({ errors: ['codec closing: decodeUplink is closed'] });
  });
});
