/**
 * Sync envelope benchmark (issue 3 §7): size against JSON of the same batch, and encode+decode
 * throughput against JSON.stringify+JSON.parse of the same batch, measured in the same run.
 */
import { decodeBatch, encodeBatch, sampleReadingsBatch, type ReadingsBatch } from '@ardoise/codecs';
import type { BenchFigure, BenchOptions, BenchSuite } from './types';

const BATCH = 1000;

/** Runs `round` repeatedly for about `ms` of wall time; returns rounds per second. */
function rate(round: () => void, ms: number): number {
  round(); // warm-up
  let rounds = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    round();
    rounds++;
    elapsed = performance.now() - start;
  }
  return (rounds * 1000) / elapsed;
}

function sizeFigures(batch: ReadingsBatch): BenchFigure[] {
  const json = new TextEncoder().encode(JSON.stringify(batch)).length;
  const cbor = encodeBatch(batch).length;
  const ratio = cbor / json;
  return [
    { name: 'envelope bytes per reading', value: cbor / batch.readings.length, unit: 'B', ratio, baseline: `JSON ${(json / batch.readings.length).toFixed(1)} B/reading` },
    { name: 'envelope size vs JSON', value: Math.round(ratio * 1000) / 10, unit: '%', target: '<= 35', ok: ratio <= 0.35 },
  ];
}

export async function benchEnvelope(opts: BenchOptions): Promise<BenchFigure[]> {
  const batch = sampleReadingsBatch(BATCH, 42);
  const ms = opts.quick ? 150 : 1500;
  const json = rate(() => JSON.parse(JSON.stringify(batch)), ms) * BATCH;
  const envelope = rate(() => decodeBatch(encodeBatch(batch)), ms) * BATCH;
  const bytes = encodeBatch(batch);
  const encodeOnly = rate(() => encodeBatch(batch), ms) * BATCH;
  const decodeOnly = rate(() => decodeBatch(bytes), ms) * BATCH;
  opts.log(`envelope: ${BATCH}-reading batches, ${ms} ms per figure`);
  return [
    ...sizeFigures(batch),
    {
      name: 'envelope encode+decode',
      value: Math.round(envelope),
      unit: 'readings/s',
      ratio: envelope / json,
      baseline: 'JSON.stringify+parse of the same batch',
      target: '>= 500,000',
      ok: envelope >= 500_000,
    },
    { name: 'envelope encode', value: Math.round(encodeOnly), unit: 'readings/s' },
    { name: 'envelope decode (validated)', value: Math.round(decodeOnly), unit: 'readings/s' },
    { name: 'JSON stringify+parse (baseline)', value: Math.round(json), unit: 'readings/s' },
  ];
}

export const envelopeSuite: BenchSuite = async (opts) => ({ suite: 'codecs-envelope', figures: await benchEnvelope(opts) });
