import type { DecodeUplinkInput, DecodeUplinkOutput, EncodeDownlinkOutput, Measurement } from '../types';
import { checkValue, getQuantity } from '../vocabulary';
import { CodecError } from './errors';
import type { Data, DecodeContext, QuantityRef } from './fields';
import { type FrameSpec, LAYOUT_VERSION, decodeFields, encodeFields, frameKeys, frameQuantities, hex } from './frame';
import { checkInput, isPlainObject } from './input';
import { ByteReader } from './reader';
import { ByteWriter } from './writer';
import { lookup, table, valuesOf } from './plain';

interface RangeCheck {
  key: string;
  quantity: string;
  boolean: boolean;
  unit: string;
  min: number;
  max: number;
}

interface CompiledFrame {
  spec: FrameSpec;
  /** Data keys the frame knows (a table key → true). */
  keys: Record<string, true>;
  quantities: QuantityRef[];
  /** Numeric quantities with their vocabulary range, checked on every decode. */
  ranges: RangeCheck[];
  /**
   * Every key in order, all undefined: decoding starts from a copy, so each field stores into an
   * existing property (fast) instead of growing the object. Only for frames whose keys are always
   * present (no absent sentinel).
   */
  template: Data | undefined;
}

function templateOf(key: string, spec: FrameSpec): Data | undefined {
  if (spec.fields.some((f) => f.optional)) return undefined;
  const template: Data = {};
  template[key] = spec.name;
  for (const field of spec.fields) for (const k of field.keys) template[k] = undefined;
  return template;
}

/** Frames of one direction, found by (fPort, type) when decoding and by name when encoding. */
export class Direction {
  /** By fPort * 16 + frame type. Plain tables, not Map: this code is exported to ES5 engines. */
  private readonly byPortType = table<CompiledFrame>();
  private readonly byName = table<CompiledFrame>();

  constructor(
    readonly codecId: string,
    readonly key: 'frame' | 'command',
    frames: readonly FrameSpec[],
  ) {
    for (const spec of frames) {
      const slot = spec.fPort * 16 + spec.type;
      if (spec.type < 0 || spec.type > 15) throw new Error(`${codecId}: frame ${spec.name} type must be 0..15`);
      if (lookup(this.byPortType, String(slot)) || lookup(this.byName, spec.name)) throw new Error(`${codecId}: duplicate frame ${spec.name}`);
      const quantities = frameQuantities(spec);
      for (const q of quantities) {
        if (!getQuantity(q.quantity)) throw new Error(`${codecId}: ${spec.name}.${q.key} uses unknown quantity ${q.quantity}`);
      }
      const ranges = quantities.map(({ key, quantity }) => {
        const def = getQuantity(quantity)!;
        return { key, quantity, boolean: def.kind === 'boolean', unit: def.unit, min: def.min ?? -Infinity, max: def.max ?? Infinity };
      });
      const compiled = { spec, keys: frameKeys(spec), quantities, ranges, template: templateOf(key, spec) };
      this.byPortType[slot] = compiled;
      this.byName[spec.name] = compiled;
    }
  }

  decode(input: DecodeUplinkInput): DecodeUplinkOutput {
    const problem = checkInput(input);
    if (problem) return { errors: [problem] };
    const { bytes, fPort } = input;
    if (bytes.length === 0) return { errors: ['empty payload: expected at least the header byte (layout version, frame type)'] };
    const head = bytes[0]!;
    if (head >> 4 !== LAYOUT_VERSION) {
      return { errors: [`header 0x${hex(head)}: layout version ${head >> 4} is not supported (this codec reads version ${LAYOUT_VERSION})`] };
    }
    const frame = this.byPortType[fPort * 16 + (head & 15)];
    if (!frame) return { errors: [this.unknownFrame(head & 15, fPort)] };
    let data: Data;
    if (frame.template) data = { ...frame.template };
    else {
      data = {};
      data[this.key] = frame.spec.name;
    }
    const ctx: DecodeContext = {};
    try {
      const reader = new ByteReader(bytes);
      reader.offset = 1;
      decodeFields(frame.spec, reader, data, ctx);
    } catch (error) {
      return { errors: [`${frame.spec.name}: ${error instanceof CodecError ? error.message : `decoder failure: ${String(error)}`}`] };
    }
    const ranges = frame.ranges;
    for (let i = 0; i < ranges.length; i++) {
      const q = ranges[i]!;
      const value = data[q.key];
      if (q.boolean ? typeof value === 'boolean' : typeof value === 'number' && value >= q.min && value <= q.max) continue;
      const problem = value === undefined ? undefined : checkValue(q.quantity, value as number | boolean);
      if (problem) (ctx.warnings ??= []).push(problem);
    }
    return ctx.warnings ? { data, warnings: ctx.warnings } : { data };
  }

  encode(data: unknown): EncodeDownlinkOutput {
    if (!isPlainObject(data)) return { errors: [`data must be an object with "${this.key}" naming one of: ${this.names()}`] };
    const name = data[this.key];
    const frame = typeof name === 'string' ? lookup(this.byName, name) : undefined;
    if (!frame) return { errors: [`data.${this.key} must be one of: ${this.names()}; got ${JSON.stringify(name) ?? 'nothing'}`] };
    const writer = new ByteWriter();
    try {
      encodeFields(frame.spec, writer, data);
    } catch (error) {
      return { errors: [`${frame.spec.name}: ${error instanceof CodecError ? error.message : `encoder failure: ${String(error)}`}`] };
    }
    const unknown = Object.keys(data).filter((k) => k !== this.key && lookup(frame.keys, k) === undefined);
    const out: EncodeDownlinkOutput = { bytes: writer.bytes, fPort: frame.spec.fPort };
    if (unknown.length > 0) out.warnings = [`${frame.spec.name}: ignored unknown key(s) ${unknown.join(', ')}`];
    return out;
  }

  measurements(decoded: DecodeUplinkOutput): Measurement[] {
    const name = decoded.data?.[this.key];
    const frame = typeof name === 'string' ? lookup(this.byName, name) : undefined;
    if (!frame || !decoded.data) return [];
    const out: Measurement[] = [];
    for (let i = 0; i < frame.ranges.length; i++) {
      const q = frame.ranges[i]!;
      const value = decoded.data[q.key];
      if (typeof value === 'number' || typeof value === 'boolean') out.push({ quantity: q.quantity, value, unit: q.unit });
    }
    return out;
  }

  private names(): string {
    return Object.keys(this.byName).join(', ');
  }

  private unknownFrame(type: number, fPort: number): string {
    const known = valuesOf(this.byName).map((f) => `fPort ${f.spec.fPort} type 0x${f.spec.type.toString(16)} ${f.spec.name}`);
    return `no ${this.key} of type 0x${type.toString(16)} on fPort ${fPort} (known: ${known.join(', ')})`;
  }
}
