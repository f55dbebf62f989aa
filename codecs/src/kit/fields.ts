import type { ByteReader } from './reader';
import type { ByteWriter } from './writer';

/** Decoded (or to-be-encoded) object of one frame. */
export type Data = Record<string, unknown>;

/** Per-call state a field may add warnings to (allocated lazily: most frames have none). */
export interface DecodeContext {
  warnings?: string[];
}

export function warn(ctx: DecodeContext, message: string): void {
  (ctx.warnings ??= []).push(message);
}

/** A data key of a field that is a measurement of the shared vocabulary. */
export interface QuantityRef {
  key: string;
  quantity: string;
}

/**
 * One piece of a frame layout. A field reads/writes one or more data keys; all reads and writes
 * are bounds-checked and every error names the field (see CodecError).
 */
export interface Field {
  /** Data keys this field produces on decode and consumes on encode. */
  readonly keys: readonly string[];
  readonly quantities: readonly QuantityRef[];
  /** Byte size, or undefined when variable (lists). */
  readonly size: number | undefined;
  /** One line for layout docs, e.g. `uint16, ÷10`. */
  readonly doc: string;
  /** Unit for layout docs (a quantity's unit comes from the vocabulary instead). */
  readonly unit?: string;
  /** True when decode may leave its key out (absent sentinel). */
  readonly optional?: boolean;
  decode(r: ByteReader, out: Data, ctx: DecodeContext): void;
  encode(w: ByteWriter, data: Data): void;
}
