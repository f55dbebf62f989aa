/** Bad envelopes and bad batches: each gives an EnvelopeError naming where and what. */
import { encode as cborgEncode } from 'cborg';
import { Encoder } from 'cbor-x';
import { describe, expect, it } from 'vitest';
import { decodeBatch, encodeBatch, EnvelopeError, type SyncBatch } from '../../src/envelope/index';
import { eventsBatch, readingsBatch } from './fixtures';

function rejects(run: () => unknown, path: string, problem: RegExp): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(EnvelopeError);
  expect((caught as EnvelopeError).path).toBe(path);
  expect((caught as EnvelopeError).problem).toMatch(problem);
}

const header = ['gw', 0, 10, 20, 1000];
const strings = ['dev', 'src', 'voltage'];
const reading = (seqDelta: number, extra: Partial<Record<number, unknown>> = {}) => {
  const r: unknown[] = [seqDelta, 0, 5, 1, 1, [2, 230.5]];
  for (const [k, v] of Object.entries(extra)) r[Number(k)] = v;
  return r;
};
/** Hand-built wire structures, encoded by the independent CBOR implementation. */
const wire = (records: unknown[], h: unknown = header, s: unknown = strings, version: unknown = 1) =>
  cborgEncode([version, h, s, records]);

describe('decodeBatch rejects', () => {
  it('an envelope over limits.maxBytes, before parsing it', () => {
    const bytes = encodeBatch(readingsBatch(50));
    rejects(() => decodeBatch(bytes, { maxBytes: 100 }), 'envelope', /is \d+ bytes, over limits.maxBytes 100/);
  });

  it('truncated, malformed and trailing data', () => {
    const bytes = encodeBatch(readingsBatch(20));
    rejects(() => decodeBatch(bytes.subarray(0, bytes.length - 3)), 'envelope', /truncated/);
    rejects(() => decodeBatch(new Uint8Array([0xff, 0x00])), 'envelope', /malformed CBOR/);
    rejects(() => decodeBatch(new Uint8Array([...bytes, 0x00])), 'envelope', /malformed CBOR/);
    rejects(() => decodeBatch(new Uint8Array()), 'envelope', /empty/);
    rejects(() => decodeBatch('84' as unknown as Uint8Array), 'envelope', /must be a Uint8Array/);
  });

  it('an unknown version', () => {
    rejects(() => decodeBatch(wire([], header, strings, 2)), 'version', /unsupported envelope version 2; this decoder reads version 1/);
  });

  it('a wrong shape, naming the part', () => {
    rejects(() => decodeBatch(cborgEncode({ version: 1 })), 'envelope', /must be an array, got a map/);
    rejects(() => decodeBatch(wire([], ['gw', 0, 10])), 'header', /must have 5 elements, got 3/);
    rejects(() => decodeBatch(wire([], ['gw', 3, 10, 20, 1000])), 'header.stream', /must be one of 0..2 \(readings, events, commands\)/);
    rejects(() => decodeBatch(wire([], ['gw', 0, 30, 20, 1000])), 'header.last_seq', /below first_seq 30/);
    rejects(() => decodeBatch(wire([], header, ['a', 7])), 'strings[1]', /must be a string/);
    rejects(() => decodeBatch(wire([], header, ['a', 'a'])), 'strings[1]', /appears twice/);
    rejects(() => decodeBatch(wire([reading(1), reading(1), reading(1), reading(1, { 5: { voltage: 1 } })])), 'readings[3].measurements', /must be an array/);
    rejects(() => decodeBatch(wire([reading(1, { 5: [2] })])), 'readings[0].measurements', /odd length/);
    rejects(() => decodeBatch(wire([reading(1, { 5: [2, 'high'] })])), 'readings[0].measurements[1]', /value of voltage must be a finite number or a boolean, got "high"/);
    rejects(() => decodeBatch(wire([reading(1, { 5: [2, 1, 2, 2] })])), 'readings[0].measurements[2]', /voltage appears twice/);
    rejects(() => decodeBatch(wire([reading(1, { 1: 9 })])), 'readings[0].device', /must index the string dictionary \(0..2\), got 9/);
    rejects(() => decodeBatch(wire([[1, 0, 5]])), 'readings[0]', /must have 6 to 7 elements, got 3/);
    rejects(() => decodeBatch(wire([reading(1, { 2: 1.5 })])), 'readings[0].observed', /must be an integer, got 1.5/);
  });

  it('seqs out of order or outside [first_seq, last_seq]', () => {
    rejects(() => decodeBatch(wire([reading(1), reading(0)])), 'readings[1].seq', /out of order: delta 0/);
    rejects(() => decodeBatch(wire([reading(1), reading(-1)])), 'readings[1].seq', /out of order: delta -1/);
    rejects(() => decodeBatch(wire([reading(5), reading(7)])), 'readings[1].seq', /21 is outside the batch range \[first_seq 10, last_seq 20\]/);
  });

  it('free-form data that is not JSON-compatible or nests too deep', () => {
    const withData = (data: unknown) => cborgEncode([1, ['gw', 1, 1, 1, 0], ['t'], [[1, 0, 0, 0, null, 0, data]]]);
    const tagged = new Encoder({ useRecords: false }).encode([1, ['gw', 1, 1, 1, 0], ['t'], [[1, 0, 0, 0, null, 0, { when: new Date(0) }]]]);
    rejects(() => decodeBatch(tagged), 'events[0].data.when', /must be null, a boolean, a finite number, a string, an array or a map, got a Date/);
    rejects(() => decodeBatch(withData([1, 2])), 'events[0].data', /must be a map with string keys/);
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = { d: deep };
    rejects(() => decodeBatch(withData(deep), { maxDepth: 16 }), 'events[0].data.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d.d', /nests too deep/);
  });

  it('more records than limits.maxRecords', () => {
    rejects(() => decodeBatch(encodeBatch(readingsBatch(11)), { maxRecords: 10 }), 'readings', /must have 0 to 10 elements, got 11/);
  });
});

describe('encodeBatch rejects a batch it would not accept back', () => {
  const base = readingsBatch(3, 1, 5, 100);
  const withReading = (i: number, patch: object): SyncBatch => ({
    ...base,
    readings: base.readings.map((r, j) => (j === i ? { ...r, ...patch } : r)),
  });

  it('seqs out of order or outside the header range', () => {
    rejects(() => encodeBatch(withReading(2, { seq: 100 })), 'readings[2].seq', /100 is out of order: seqs must strictly increase \(previous 101\)/);
    rejects(() => encodeBatch(withReading(0, { seq: 99 })), 'readings[0].seq', /outside the batch range \[firstSeq 100, lastSeq 102\]/);
  });

  it('bad times, measurements and enumerations', () => {
    rejects(() => encodeBatch(withReading(1, { observedAt: 1.5 })), 'readings[1].observedAt', /integer count of ms since epoch/);
    rejects(() => encodeBatch(withReading(1, { measurements: { voltage: Number.NaN } })), 'readings[1].measurements.voltage', /finite number or a boolean, got NaN/);
    rejects(() => encodeBatch(withReading(1, { deviceId: '' })), 'readings[1].deviceId', /string of 1 to 256 characters/);
    const events = eventsBatch();
    rejects(() => encodeBatch({ ...events, events: [{ ...events.events[0]!, severity: 'fatal' as 'info' }] }), 'events[0].severity', /must be one of info, warning, critical, got "fatal"/);
    rejects(() => encodeBatch({ ...events, events: [{ ...events.events[0]!, data: { at: new Date(0) } }] }), 'events[0].data.at', /got a Date/);
  });

  it('a bad header', () => {
    rejects(() => encodeBatch({ ...base, gatewayId: '' }), 'header.gatewayId', /string of 1 to 256/);
    rejects(() => encodeBatch({ ...base, lastSeq: 50 }), 'header.lastSeq', /below firstSeq 100/);
    rejects(() => encodeBatch({ ...base, stream: 'logs' } as unknown as SyncBatch), 'header.stream', /must be one of readings, events, commands/);
  });

  it('a batch that would encode over limits.maxBytes', () => {
    rejects(() => encodeBatch(readingsBatch(100), { maxBytes: 1000 }), 'envelope', /encodes to \d+ bytes, over limits.maxBytes 1000/);
  });
});
