/**
 * A second, independent CBOR implementation (cborg) reads what we encode, and a reader written
 * here from envelope.cddl alone (no code shared with src/envelope) rebuilds the same records.
 * cborg is given no tag decoders, so any CBOR tag in our output would make it throw.
 */
import { decode } from 'cborg';
import { describe, expect, it } from 'vitest';
import { encodeBatch, type SyncBatch } from '../../src/envelope/index';
import { commandsBatch, eventsBatch, readingsBatch } from './fixtures';

type W = unknown[];
const num = (v: unknown) => (typeof v === 'bigint' ? Number(v) : (v as number));

function readPerCddl(bytes: Uint8Array): SyncBatch {
  const [version, header, strings, records] = decode(bytes, { strict: true, rejectDuplicateMapKeys: true }) as [number, W, string[], W[]];
  expect(version).toBe(1);
  const [gatewayId, stream, first, last, created] = header as [string, number, unknown, unknown, unknown];
  const base = { gatewayId, firstSeq: num(first), lastSeq: num(last), createdAt: num(created) };
  let seq = base.firstSeq - 1;
  let t = base.createdAt;
  const s = (i: unknown) => strings[i as number]!;
  if (stream === 0) {
    const readings = records.map((r) => {
      seq += num(r[0]);
      t += num(r[2]);
      const flat = r[5] as W;
      const measurements: Record<string, unknown> = {};
      for (let j = 0; j < flat.length; j += 2) measurements[s(flat[j])] = flat[j + 1];
      return { seq, deviceId: s(r[1]), observedAt: t, receivedAt: t + num(r[3]), source: s(r[4]), measurements, quality: r.length > 6 ? r[6] : 0 };
    });
    return { ...base, stream: 'readings', readings } as SyncBatch;
  }
  if (stream === 1) {
    const events = records.map((r) => {
      seq += num(r[0]);
      t += num(r[3]);
      const e: Record<string, unknown> = { seq, kind: ['event', 'alarm'][r[1] as number], type: s(r[2]), at: t, severity: ['info', 'warning', 'critical'][r[5] as number] };
      if (r[4] !== null) e.deviceId = s(r[4]);
      if (r.length > 6) e.data = r[6];
      return e;
    });
    return { ...base, stream: 'events', events } as unknown as SyncBatch;
  }
  const commands = records.map((r) => {
    seq += num(r[0]);
    t += num(r[6]);
    const c: Record<string, unknown> = {
      seq, deviceId: s(r[1]), command: s(r[2]), params: r[3],
      reason: ['default', 'program', 'sensor', 'override'][r[4] as number], source: s(r[5]), at: t,
      outcome: ['pending', 'sent', 'confirmed', 'failed', 'refused'][r[7] as number],
    };
    if (r.length > 8 && r[8] !== null) c.outcomeAt = t + num(r[8]);
    if (r.length > 9) c.detail = r[9];
    return c;
  });
  return { ...base, stream: 'commands', commands } as unknown as SyncBatch;
}

describe('envelope read by an independent CBOR implementation (cborg)', () => {
  it('readings', () => {
    const batch = readingsBatch(300, 11);
    expect(readPerCddl(encodeBatch(batch))).toEqual(batch);
  });

  it('events and alarms with free-form data', () => {
    const batch = eventsBatch();
    expect(readPerCddl(encodeBatch(batch))).toEqual(batch);
  });

  it('command journal with 64-bit seqs', () => {
    const batch = commandsBatch();
    expect(readPerCddl(encodeBatch(batch))).toEqual(batch);
  });

  it('encodes a known batch to the exact bytes the CDDL describes', () => {
    const bytes = encodeBatch({
      gatewayId: 'gw', stream: 'readings', firstSeq: 1, lastSeq: 2, createdAt: 1000,
      readings: [{ seq: 2, deviceId: 'd', observedAt: 990, receivedAt: 1000, source: 's', measurements: { on: true, t: 1.5 }, quality: 0 }],
    });
    // [1, ["gw", 0, 1, 2, 1000], ["d", "s", "on", "t"], [[2, 0, -10, 10, 1, [2, true, 3, 1.5]]]]
    const expected = '8401' + '85626777000102' + '1903e8' + '846164617362' + '6f6e' + '6174' + '8186' + '0200290a01' + '8402f503' + 'fb3ff8000000000000';
    expect(Buffer.from(bytes).toString('hex')).toBe(expected);
  });
});
