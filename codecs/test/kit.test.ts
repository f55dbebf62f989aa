import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter, CodecError, bits, bitsOf, clockTime, defineCodec, flag, i16, list, u8, u16, u24 } from '../src/index';

describe('ByteReader', () => {
  it('reads big-endian unsigned and signed integers of 1..4 bytes', () => {
    const r = new ByteReader([0x12, 0x34, 0xff, 0xfe, 0x80, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff]);
    expect(r.u16('a')).toBe(0x1234);
    expect(r.int('b', 2)).toBe(-2);
    expect(r.int('c', 3)).toBe(-0x800000);
    expect(r.uint('d', 4)).toBe(0xffffffff);
    expect(r.remaining()).toBe(0);
  });

  it('names the field, offset, expected size and payload length when bytes run out', () => {
    const r = new ByteReader([1, 2, 3]);
    r.u8('first');
    const error = (() => {
      try {
        r.uint('energy', 4);
      } catch (e) {
        return e as CodecError;
      }
    })();
    expect(error).toBeInstanceOf(CodecError);
    expect(error?.message).toBe('field "energy" at offset 1: needs 4 bytes (uint32), only 2 left in a 3-byte payload');
    expect([error?.field, error?.offset]).toEqual(['energy', 1]);
  });
});

describe('ByteWriter', () => {
  it('writes two’s complement big-endian and refuses to grow past its limit', () => {
    const w = new ByteWriter(4);
    w.int('t', 2, -2);
    w.uint('n', 2, 0xbeef);
    expect(w.bytes).toEqual([0xff, 0xfe, 0xbe, 0xef]);
    expect(() => w.uint('more', 1, 1)).toThrow('field "more" at offset 4: the frame would exceed 4 bytes');
  });
});

describe('declarative fields', () => {
  const codec = defineCodec({
    id: 'test-kit',
    name: 'kit',
    description: 'kit test',
    uplinks: [
      {
        type: 1,
        name: 'm',
        fPort: 1,
        description: '',
        fields: [
          u16('voltage', { div: 10, quantity: 'voltage' }),
          i16('soil_temperature', { div: 10, absent: -0x8000, quantity: 'soil_temperature' }),
          bits('flags', 1, { leak: flag(0, 'leak'), mode: bitsOf(1, 2, ['a', 'b', 'c']), level: bitsOf(4, 4) }),
          list('steps', [clockTime('at'), u8('level', { max: 100 })], { min: 1, max: 3 }),
        ],
        extensions: { 0x05: u24('extra') },
      },
    ],
    downlinks: [],
  });
  const frame = { frame: 'm', voltage: 230.1, soil_temperature: -4.5, leak: true, mode: 'c', level: 9, steps: [{ at: '23:30', level: 40 }] };

  it('round-trips scaled, signed, packed and list fields', () => {
    const { bytes, fPort, errors } = codec.encodeUplink(frame);
    expect(errors).toBeUndefined();
    expect(bytes).toEqual([0x11, 0x08, 0xfd, 0xff, 0xd3, 0x95, 0x01, 0x05, 0x82, 40]);
    expect(codec.decodeUplink({ bytes: bytes!, fPort: fPort! })).toEqual({ data: frame });
  });

  it('omits an absent sentinel and decodes known TLV extensions', () => {
    const bytes = [0x11, 0x08, 0xfd, 0x80, 0x00, 0x00, 0x01, 0x00, 0x00, 10, 0x05, 0x03, 0x01, 0x02, 0x03];
    const { data } = codec.decodeUplink({ bytes, fPort: 1 });
    expect(data).not.toHaveProperty('soil_temperature');
    expect(data?.extra).toBe(0x010203);
  });

  it('warns (never fails) on unknown enum values, unknown extensions and trailing garbage', () => {
    const bytes = [0x11, 0x08, 0xfd, 0x00, 0x00, 0x06, 0x01, 0x00, 0x00, 10, 0x09, 0x01, 0xaa, 0x07];
    const out = codec.decodeUplink({ bytes, fPort: 1 });
    expect(out.data?.mode).toBe('unknown_3');
    expect(out.warnings).toEqual([
      'field "mode": unknown value 3 (known: 0=a, 1=b, 2=c)',
      'ignored extension 0x09 at offset 10 (unknown tag)',
      'ignored 1 trailing byte(s) at offset 13: not a complete extension (tag, length, value)',
    ]);
  });

  it('warns when a measured value is outside the vocabulary range', () => {
    const out = codec.decodeUplink({ bytes: [0x11, 0xff, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 1], fPort: 1 });
    expect(out.warnings).toEqual(['voltage 6528 V is outside the plausible range 0..500 V']);
    expect(codec.measurements(out, 1)).toContainEqual({ quantity: 'voltage', value: 6528, unit: 'V' });
  });

  it('refuses bad values on encode, naming the field and what is allowed', () => {
    expect(codec.encodeUplink({ ...frame, voltage: -1 }).errors).toEqual(['m: field "voltage": expected a number in 0..6553.5 (resolution 0.1), got -1']);
    expect(codec.encodeUplink({ ...frame, mode: 'z' }).errors).toEqual(['m: field "mode": expected one of a, b, c, got "z"']);
    expect(codec.encodeUplink({ ...frame, steps: [] }).errors).toEqual(['m: field "steps": expected a list of 1..3 items, got an array of 0']);
    expect(codec.encodeUplink({ ...frame, steps: [{ at: '7h', level: 1 }] }).errors?.[0]).toContain('field "steps[0].at"');
  });

  it('rejects malformed TS013 input without throwing', () => {
    expect(codec.decodeUplink({ bytes: [256], fPort: 1 }).errors).toEqual(['bytes[0] must be an integer 0..255, got 256']);
    expect(codec.decodeUplink({ bytes: [0x11], fPort: 0 }).errors).toEqual(['fPort must be an integer 1..255, got 0']);
    expect(codec.decodeUplink(null as never).errors).toEqual(['input must be an object {bytes, fPort}']);
    expect(codec.encodeDownlink({ data: 'x' } as never).errors?.[0]).toMatch(/^data must be an object/);
  });

  it('refuses a codec whose field names an unknown quantity', () => {
    const bad = { type: 1, name: 'x', fPort: 1, description: '', fields: [u8('x', { quantity: 'bogus' })] };
    expect(() => defineCodec({ id: 'bad', name: '', description: '', uplinks: [bad], downlinks: [] })).toThrow('unknown quantity bogus');
  });
});
