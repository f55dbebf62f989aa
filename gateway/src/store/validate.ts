/**
 * Input bounds for everything written to the store. Errors name the field, the bad value and what
 * is allowed; a batch is validated as a whole before anything is written (nothing half-stored).
 */
import type { CommandInput, EventInput, ReadingInput } from './types';

export const Limits = {
  nameLength: 128,
  /** Largest page a *After() query returns. */
  pageRows: 100_000,
  /** Largest batch appendReadings takes in one transaction. */
  batchRows: 10_000,
  measurementsPerReading: 64,
  jsonBytes: 16_384,
} as const;

export class StoreInputError extends RangeError {
  constructor(readonly where: string, readonly detail: string) {
    super(`${where}: ${detail}`);
    this.name = 'StoreInputError';
  }
}

/** Validates a batch; an error names the reading by index, e.g. "readings[3].measurements.voltage". */
export function validateBatch(batch: readonly ReadingInput[]): void {
  if (!Array.isArray(batch)) throw new StoreInputError('readings', 'expected an array of readings');
  if (batch.length > Limits.batchRows) {
    throw new StoreInputError('readings', `batch of ${batch.length} readings, at most ${Limits.batchRows} per transaction`);
  }
  for (let i = 0; i < batch.length; i++) {
    try {
      validateReading(batch[i]!, 'reading');
    } catch (err) {
      if (!(err instanceof StoreInputError)) throw err;
      throw new StoreInputError(err.where.replace(/^reading/, `readings[${i}]`), err.detail);
    }
  }
}

/** Validates one reading; `where` (e.g. "readings[3]") prefixes field paths, built only on error. */
export function validateReading(r: ReadingInput, where: string): void {
  checkName(r.deviceId, where, '.deviceId');
  checkName(r.source, where, '.source');
  checkTime(r.observedAt, where, '.observedAt');
  checkTime(r.receivedAt, where, '.receivedAt');
  if (r.quality !== undefined && !(Number.isInteger(r.quality) && r.quality >= 0 && r.quality < 2 ** 31)) {
    throw new StoreInputError(`${where}.quality`, `got ${String(r.quality)}, expected a non-negative integer bit set`);
  }
  if (r.priority !== undefined && r.priority !== 0 && r.priority !== 1 && r.priority !== 2 && r.priority !== 3) {
    throw new StoreInputError(`${where}.priority`, `got ${String(r.priority)}, expected 0 (debug), 1 (reading), 2 (aggregate) or 3 (alarm)`);
  }
  checkMeasurements(r.measurements, where);
}

function checkMeasurements(m: ReadingInput['measurements'], where: string): void {
  const path = () => `${where}.measurements`;
  if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new StoreInputError(path(), 'expected an object {quantity: value}');
  const keys = Object.keys(m);
  if (keys.length === 0) throw new StoreInputError(path(), 'is empty; a reading needs at least one measurement');
  if (keys.length > Limits.measurementsPerReading) {
    throw new StoreInputError(path(), `has ${keys.length} measurements, at most ${Limits.measurementsPerReading} allowed`);
  }
  for (const k of keys) {
    checkName(k, where, '.measurements key');
    const v = m[k];
    if (typeof v === 'boolean') continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new StoreInputError(`${path()}.${k}`, `got ${String(v)}, expected a finite number or a boolean`);
    }
  }
}

export function validateEvent(e: EventInput): void {
  if (e.kind !== 'event' && e.kind !== 'alarm') throw new StoreInputError('event.kind', `got ${String(e.kind)}, expected "event" or "alarm"`);
  checkName(e.type, 'event.type');
  checkTime(e.at, 'event.at');
  if (e.deviceId !== undefined) checkName(e.deviceId, 'event.deviceId');
  if (e.severity !== undefined && !['info', 'warning', 'critical'].includes(e.severity)) {
    throw new StoreInputError('event.severity', `got ${String(e.severity)}, expected info, warning or critical`);
  }
}

export function validateCommand(c: CommandInput): void {
  checkName(c.deviceId, 'command.deviceId');
  checkName(c.command, 'command.command');
  checkName(c.source, 'command.source');
  checkTime(c.at, 'command.at');
  if (!['default', 'program', 'sensor', 'override'].includes(c.reason)) {
    throw new StoreInputError('command.reason', `got ${String(c.reason)}, expected default, program, sensor or override`);
  }
}

/** JSON text of a value, bounded in size. */
export function boundedJson(value: unknown, where: string): string {
  const text = JSON.stringify(value ?? null);
  if (text === undefined) throw new StoreInputError(where, 'is not JSON-serializable');
  if (Buffer.byteLength(text) > Limits.jsonBytes) {
    throw new StoreInputError(where, `is ${Buffer.byteLength(text)} bytes of JSON, at most ${Limits.jsonBytes} allowed`);
  }
  return text;
}

export function checkName(s: unknown, where: string, field = ''): void {
  if (typeof s !== 'string' || s.length === 0 || s.length > Limits.nameLength) {
    throw new StoreInputError(`${where}${field}`, `got ${JSON.stringify(s)?.slice(0, 40)}, expected a non-empty string of at most ${Limits.nameLength} characters`);
  }
}

function checkTime(t: unknown, where: string, field = ''): void {
  if (typeof t !== 'number' || !Number.isSafeInteger(t) || t < 0) {
    throw new StoreInputError(`${where}${field}`, `got ${String(t)}, expected ms since epoch (non-negative integer)`);
  }
}

/** A page request: afterSeq a non-negative integer, limit 1..Limits.pageRows. */
export function checkPage(afterSeq: number, limit: number): void {
  if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) {
    throw new StoreInputError('afterSeq', `got ${String(afterSeq)}, expected a non-negative integer seq`);
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > Limits.pageRows) {
    throw new StoreInputError('limit', `got ${String(limit)}, expected an integer from 1 to ${Limits.pageRows}`);
  }
}
