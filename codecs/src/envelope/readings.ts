/**
 * Wire form of a reading (envelope.cddl `reading`):
 *   [seq_delta, device, observed_delta, received_delta, source, measurements, ?quality]
 * observed_delta is relative to the previous reading's observed time (the first: to created_at),
 * received_delta to the same reading's observed time; measurements is a flat list
 * [quantity, value, quantity, value, ...] with quantities as dictionary indexes.
 * `priority` is local retention metadata and is not carried (see envelope.md).
 */
import type { MeasurementValue } from '../types';
import type { StoredReading } from './records';
import { wireInt, type Packer } from './packer';
import type { PartReader } from './reader';
import { describe } from './errors';
import { READING_MAX, READING_MIN } from './wire';

export function packReadings(list: readonly StoredReading[], p: Packer): unknown[] {
  return p.each(list, (r) => {
    const seqDelta = p.seqDelta(r.seq);
    const observedDelta = p.timeDelta(r.observedAt, 'observedAt');
    const received = p.time(r.receivedAt, 'receivedAt');
    const record: unknown[] = [
      seqDelta,
      p.ref(r.deviceId, 'deviceId'),
      observedDelta,
      wireInt(received - r.observedAt),
      p.ref(r.source, 'source'),
      packMeasurements(r.measurements, p),
    ];
    const quality = r.quality ?? 0;
    if (typeof quality !== 'number' || !Number.isSafeInteger(quality) || quality < 0) {
      p.fail('quality', `must be a flag set (integer >= 0), got ${describe(quality)}`);
    }
    if (quality !== 0) record.push(quality);
    return record;
  });
}

function packMeasurements(measurements: unknown, p: Packer): unknown[] {
  if (typeof measurements !== 'object' || measurements === null || Array.isArray(measurements)) {
    p.fail('measurements', `must be an object {quantity: value}, got ${describe(measurements)}`);
  }
  const flat: unknown[] = [];
  for (const quantity in measurements) {
    if (!Object.hasOwn(measurements, quantity)) continue;
    const value = (measurements as Record<string, unknown>)[quantity];
    if (typeof value !== 'boolean' && (typeof value !== 'number' || !Number.isFinite(value))) {
      p.fail(`measurements.${quantity}`, `must be a finite number or a boolean, got ${describe(value)}`);
    }
    if (quantity === '__proto__') p.fail('measurements', 'quantity "__proto__" is not allowed');
    flat.push(p.ref(quantity, `measurements.${quantity}`), value);
  }
  if (flat.length > 2 * p.limits.maxMeasurements) {
    p.fail('measurements', `has ${flat.length / 2} quantities, limits.maxMeasurements is ${p.limits.maxMeasurements}`);
  }
  return flat;
}

export function unpackReadings(list: unknown[], r: PartReader, maxMeasurements: number): StoredReading[] {
  return r.each(list, READING_MIN, READING_MAX, (w) => {
    const seq = r.nextSeq(w[0]);
    const observedAt = r.nextTime(w[2], 'observed');
    return {
      seq,
      deviceId: r.string(w[1], 'device'),
      observedAt,
      receivedAt: r.time(w[3], observedAt, 'received'),
      source: r.string(w[4], 'source'),
      measurements: unpackMeasurements(w[5], r, maxMeasurements),
      quality: w.length > 6 ? r.int(w[6], 'quality', 0) : 0,
    };
  });
}

function unpackMeasurements(value: unknown, r: PartReader, max: number): Record<string, MeasurementValue> {
  const flat = r.array(value, 'measurements', 0, 2 * max);
  if (flat.length % 2 !== 0) r.fail('measurements', 'must be a flat list of (quantity, value) pairs: odd length');
  const out: Record<string, MeasurementValue> = {};
  for (let j = 0; j < flat.length; j += 2) {
    const quantity = r.string(flat[j], `measurements[${j}]`);
    const v = flat[j + 1];
    if (typeof v !== 'boolean' && (typeof v !== 'number' || !Number.isFinite(v))) {
      r.fail(`measurements[${j + 1}]`, `value of ${quantity} must be a finite number or a boolean, got ${describe(v)}`);
    }
    if (quantity === '__proto__') r.fail(`measurements[${j}]`, 'quantity "__proto__" is not allowed');
    if (Object.hasOwn(out, quantity)) r.fail(`measurements[${j}]`, `quantity ${quantity} appears twice`);
    out[quantity] = v;
  }
  return out;
}
