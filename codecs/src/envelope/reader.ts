/**
 * Checked access to decoded CBOR values for one part of an envelope. Every failure throws an
 * EnvelopeError whose path is built only when something is wrong (the happy path stays fast).
 */
import { EnvelopeError, describe } from './errors';

export class PartReader {
  /** Index of the record being read, or -1 for a part that is not a list (header). */
  index = -1;

  constructor(
    /** Path of the part: `header`, `readings`, ... */
    readonly part: string,
    /** The batch's string dictionary. */
    readonly strings: readonly string[],
    readonly firstSeq = 0,
    readonly lastSeq = 0,
    createdAt = 0,
  ) {
    this.prevSeq = firstSeq - 1;
    this.timeBase = createdAt;
  }

  private prevSeq: number;
  private timeBase: number;

  /** Unpacks every record of the part in order (seq and time deltas chain from one to the next). */
  each<T>(list: unknown[], min: number, max: number, unpack: (w: unknown[]) => T): T[] {
    const out = new Array<T>(list.length);
    for (let i = 0; i < list.length; i++) {
      this.index = i;
      out[i] = unpack(this.array(list[i], undefined, min, max));
    }
    return out;
  }

  /** The record's seq from its delta to the previous one. */
  nextSeq(delta: unknown): number {
    this.prevSeq = this.seq(delta, this.prevSeq);
    return this.prevSeq;
  }

  /** The record's main time from its delta to the previous record's (the first: to created_at). */
  nextTime(delta: unknown, field: string): number {
    this.timeBase = this.time(delta, this.timeBase, field);
    return this.timeBase;
  }

  path(field?: string): string {
    const at = this.index >= 0 ? `${this.part}[${this.index}]` : this.part;
    return field === undefined ? at : `${at}.${field}`;
  }

  fail(field: string | undefined, problem: string): never {
    throw new EnvelopeError(this.path(field), problem);
  }

  array(value: unknown, field: string | undefined, min: number, max: number): unknown[] {
    if (!Array.isArray(value)) this.fail(field, `must be an array, got ${describe(value)}`);
    if (value.length < min || value.length > max) {
      const allowed = min === max ? `${min}` : `${min} to ${max}`;
      this.fail(field, `must have ${allowed} elements, got ${value.length}`);
    }
    return value;
  }

  /** A safe integer >= min. */
  int(value: unknown, field: string, min = Number.MIN_SAFE_INTEGER): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      const allowed = min === Number.MIN_SAFE_INTEGER ? 'an integer' : `an integer >= ${min}`;
      this.fail(field, `must be ${allowed}, got ${describe(value)}`);
    }
    return value;
  }

  /** A record's seq from its wire delta (>= 1 from the previous seq; the first from first_seq - 1). */
  seq(delta: unknown, previous: number): number {
    if (typeof delta !== 'number' || !Number.isSafeInteger(delta)) this.fail('seq', `must be an integer delta, got ${describe(delta)}`);
    if (delta < 1) this.fail('seq', `out of order: delta ${delta} to the previous seq must be >= 1`);
    const seq = previous + delta;
    if (seq > this.lastSeq) {
      this.fail('seq', `${seq} is outside the batch range [first_seq ${this.firstSeq}, last_seq ${this.lastSeq}]`);
    }
    return seq;
  }

  /** A time from its wire delta to `base`; the result must stay a time in ms since epoch. */
  time(delta: unknown, base: number, field: string): number {
    const t = base + this.int(delta, field);
    if (t < 0 || !Number.isSafeInteger(t)) this.fail(field, `delta ${delta as number} gives ${t}, not a time in ms since epoch`);
    return t;
  }

  /** Index into an enumeration list (wire.ts). */
  choice<T>(value: unknown, field: string, names: readonly T[]): T {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < names.length) {
      return names[value] as T;
    }
    return this.fail(field, `must be one of 0..${names.length - 1} (${names.join(', ')}), got ${describe(value)}`);
  }

  /** A string taken from the dictionary by index. */
  string(value: unknown, field: string): string {
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < this.strings.length) {
      return this.strings[value] as string;
    }
    return this.fail(field, `must index the string dictionary (0..${this.strings.length - 1}), got ${describe(value)}`);
  }
}
