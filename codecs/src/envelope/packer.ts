/**
 * Encode-side context for one part of a batch: builds the per-batch string dictionary and checks
 * the in-memory records, naming the offending field with the caller's property names
 * (e.g. `readings[3].observedAt`).
 */
import { EnvelopeError, describe } from './errors';
import type { EnvelopeLimits } from './batch';

/** Integers beyond 32 bits travel as CBOR 64-bit integers rather than cbor-x's float64 default. */
export function wireInt(n: number): number | bigint {
  return n > 0xffffffff || n < -0xffffffff ? BigInt(n) : n;
}

export class StringTable {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();

  ref(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

export class Packer {
  index = -1;
  private prevSeq: number;
  private timeBase: number;

  constructor(
    readonly part: string,
    readonly table: StringTable,
    readonly limits: EnvelopeLimits,
    readonly firstSeq: number,
    readonly lastSeq: number,
    createdAt: number,
  ) {
    this.prevSeq = firstSeq - 1;
    this.timeBase = createdAt;
  }

  /** Packs every record of the part in order (seq and time deltas chain from one to the next). */
  each<T>(list: readonly T[], pack: (record: T) => unknown[]): unknown[] {
    const out = new Array<unknown>(list.length);
    for (let i = 0; i < list.length; i++) {
      this.index = i;
      out[i] = pack(this.record(list[i]) as T);
    }
    return out;
  }

  /** The record's seq as a delta to the previous one, checked against it and the header range. */
  seqDelta(value: unknown): number {
    const delta = this.seq(value, this.prevSeq) - this.prevSeq;
    this.prevSeq += delta;
    return delta;
  }

  /** The record's main time as a delta to the previous record's (the first: to created_at). */
  timeDelta(value: unknown, field: string): number | bigint {
    const t = this.time(value, field);
    const delta = t - this.timeBase;
    this.timeBase = t;
    return wireInt(delta);
  }

  fail(field: string | undefined, problem: string): never {
    const at = this.index >= 0 ? `${this.part}[${this.index}]` : this.part;
    throw new EnvelopeError(field === undefined ? at : `${at}.${field}`, problem);
  }

  record(value: unknown): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(undefined, `must be a record object, got ${describe(value)}`);
    }
    return value as Record<string, unknown>;
  }

  /** The record's seq, checked against the previous one and the header range. */
  seq(value: unknown, previous: number): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) this.fail('seq', `must be an integer, got ${describe(value)}`);
    if (value < this.firstSeq || value > this.lastSeq) {
      this.fail('seq', `${value} is outside the batch range [firstSeq ${this.firstSeq}, lastSeq ${this.lastSeq}]`);
    }
    if (value <= previous) this.fail('seq', `${value} is out of order: seqs must strictly increase (previous ${previous})`);
    return value;
  }

  /** A time in ms since epoch (integer). */
  time(value: unknown, field: string): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      this.fail(field, `must be an integer count of ms since epoch (>= 0), got ${describe(value)}`);
    }
    return value;
  }

  /** A non-empty bounded string, replaced by its dictionary index. */
  ref(value: unknown, field: string): number {
    if (typeof value !== 'string' || value.length === 0 || value.length > this.limits.maxStringLength) {
      this.fail(field, `must be a string of 1 to ${this.limits.maxStringLength} characters, got ${describe(value)}`);
    }
    return this.table.ref(value);
  }

  code<T>(value: unknown, field: string, names: readonly T[]): number {
    const i = names.indexOf(value as T);
    if (i < 0) this.fail(field, `must be one of ${names.join(', ')}, got ${describe(value)}`);
    return i;
  }
}
