import { CodecError } from './errors';
import { type Data, type DecodeContext, type Field, type QuantityRef, warn } from './fields';
import type { ByteReader } from './reader';
import type { ByteWriter } from './writer';
import { entriesOf, flatMap, hex2, table, valuesOf } from './plain';

/**
 * One frame of a first-party layout. Every frame starts with a header byte: the high nibble is the
 * layout version (1), the low nibble the frame type. Then come the fixed `fields`, then optional
 * extensions as TLV (tag uint8, length uint8, value): known tags fill `extensions` keys, unknown
 * tags and incomplete trailing bytes are skipped with a warning, so older decoders read newer frames.
 */
export interface FrameSpec {
  type: number;
  name: string;
  fPort: number;
  description: string;
  fields: readonly Field[];
  extensions?: Readonly<Record<number, Field>>;
  /** Values computed from the decoded fields (e.g. rainfall from tips), with their quantities. */
  derive?: (data: Data) => void;
  derived?: readonly QuantityRef[];
}

export const LAYOUT_VERSION = 1;

export function header(type: number): number {
  return LAYOUT_VERSION * 16 + type;
}

export function decodeFields(frame: FrameSpec, r: ByteReader, data: Data, ctx: DecodeContext): void {
  for (const field of frame.fields) field.decode(r, data, ctx);
  if (r.remaining() > 0) decodeExtensions(frame, r, data, ctx);
  frame.derive?.(data);
}

function decodeExtensions(frame: FrameSpec, r: ByteReader, data: Data, ctx: DecodeContext): void {
  while (r.remaining() > 0) {
    const at = r.offset;
    if (r.remaining() < 2 || r.bytes[at + 1]! > r.remaining() - 2) {
      warn(ctx, `ignored ${r.remaining()} trailing byte(s) at offset ${at}: not a complete extension (tag, length, value)`);
      return;
    }
    const tag = r.u8('extension.tag');
    const length = r.u8('extension.length');
    const field = frame.extensions?.[tag];
    if (!field || field.size !== length) {
      const why = field ? `has ${length} bytes, expected ${field.size}` : 'unknown tag';
      warn(ctx, `ignored extension 0x${hex(tag)} at offset ${at} (${why})`);
      r.offset += length;
      continue;
    }
    field.decode(r, data, ctx);
  }
}

export function encodeFields(frame: FrameSpec, w: ByteWriter, data: Data): void {
  w.uint('header', 1, header(frame.type));
  for (const field of frame.fields) field.encode(w, data);
  for (const [tag, field] of entriesOf(frame.extensions ?? {})) {
    if (!field.keys.some((k) => data[k] !== undefined)) continue;
    if (field.size === undefined) throw new CodecError(`extension ${field.keys.join('+')} must have a fixed size`);
    w.uint('extension.tag', 1, Number(tag));
    w.uint('extension.length', 1, field.size);
    field.encode(w, data);
  }
}

/** Every data key a frame knows (as a table key → true), for reporting keys a caller passed that the frame ignores. */
export function frameKeys(frame: FrameSpec): Record<string, true> {
  const keys = flatMap(frame.fields, (f) => f.keys);
  for (const f of valuesOf(frame.extensions ?? {})) keys.push(...f.keys);
  for (const d of frame.derived ?? []) keys.push(d.key);
  const known = table<true>();
  for (const key of keys) known[key] = true;
  return known;
}

export function frameQuantities(frame: FrameSpec): QuantityRef[] {
  const refs = flatMap(frame.fields, (f) => f.quantities);
  for (const f of valuesOf(frame.extensions ?? {})) refs.push(...f.quantities);
  return refs.concat(frame.derived ?? []);
}

export const hex = hex2;
