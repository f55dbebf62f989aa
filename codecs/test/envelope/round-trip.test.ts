import { describe, expect, it } from 'vitest';
import { decodeBatch, encodeBatch, type ReadingsBatch } from '../../src/envelope/index';
import { commandsBatch, eventsBatch, readingsBatch } from './fixtures';

describe('sync envelope round trip', () => {
  it('gives back every reading field for field', () => {
    const batch = readingsBatch(2000, 7);
    expect(decodeBatch(encodeBatch(batch))).toEqual(batch);
  });

  it('gives back events and alarms, with and without device and data', () => {
    const batch = eventsBatch();
    expect(decodeBatch(encodeBatch(batch))).toEqual(batch);
  });

  it('gives back command-journal entries, seqs beyond 32 bits and optional outcome fields', () => {
    const batch = commandsBatch();
    expect(decodeBatch(encodeBatch(batch))).toEqual(batch);
  });

  it('carries an empty batch that only advances the seq range', () => {
    const batch: ReadingsBatch = { gatewayId: 'gw', stream: 'readings', firstSeq: 5, lastSeq: 9, createdAt: 0, readings: [] };
    expect(decodeBatch(encodeBatch(batch))).toEqual(batch);
  });

  it('keeps observation times that go backwards and exotic strings', () => {
    const batch: ReadingsBatch = {
      gatewayId: 'passerelle-é-🌙',
      stream: 'readings',
      firstSeq: 1,
      lastSeq: 3,
      createdAt: 1_000_000,
      readings: [
        { seq: 1, deviceId: 'capteur-ü', observedAt: 999_000, receivedAt: 999_500, source: 'serial', measurements: { rainfall: 0.2 }, quality: 0 },
        { seq: 3, deviceId: 'capteur-ü', observedAt: 10, receivedAt: 999_600, source: 'serial', measurements: {}, quality: 7 },
      ],
    };
    expect(decodeBatch(encodeBatch(batch))).toEqual(batch);
  });

  it('does not carry the local retention priority', () => {
    const batch = readingsBatch(1);
    const withPriority = { ...batch, readings: [{ ...batch.readings[0]!, priority: 3 as const }] };
    expect(decodeBatch(encodeBatch(withPriority))).toEqual(batch);
  });

  it('is compact: a realistic batch takes at most 35 % of its JSON', () => {
    const batch = readingsBatch(500, 3);
    const json = new TextEncoder().encode(JSON.stringify(batch)).length;
    expect(encodeBatch(batch).length / json).toBeLessThanOrEqual(0.35);
  });
});
