/**
 * Wire form of the batch header (envelope.cddl `header`):
 *   [gateway_id, stream, first_seq, last_seq, created_at]
 */
import type { BatchHeader, EnvelopeLimits, SyncStream } from './batch';
import { EnvelopeError, describe } from './errors';
import { wireInt } from './packer';
import { PartReader } from './reader';
import { HEADER_LENGTH, STREAMS } from './wire';

export interface Header extends BatchHeader {
  stream: SyncStream;
}

export function packHeader(h: Header, limits: EnvelopeLimits): unknown[] {
  const fail = (field: string, problem: string): never => {
    throw new EnvelopeError(`header.${field}`, problem);
  };
  if (typeof h.gatewayId !== 'string' || h.gatewayId.length === 0 || h.gatewayId.length > limits.maxStringLength) {
    fail('gatewayId', `must be a string of 1 to ${limits.maxStringLength} characters, got ${describe(h.gatewayId)}`);
  }
  const stream = STREAMS.indexOf(h.stream);
  if (stream < 0) fail('stream', `must be one of ${STREAMS.join(', ')}, got ${describe(h.stream)}`);
  for (const field of ['firstSeq', 'lastSeq', 'createdAt'] as const) {
    const v = h[field];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(field, `must be an integer >= 0, got ${describe(v)}`);
  }
  if (h.lastSeq < h.firstSeq) fail('lastSeq', `${h.lastSeq} is below firstSeq ${h.firstSeq}`);
  return [h.gatewayId, stream, wireInt(h.firstSeq), wireInt(h.lastSeq), wireInt(h.createdAt)];
}

export function unpackHeader(value: unknown, limits: EnvelopeLimits): Header {
  const r: PartReader = new PartReader('header', []);
  const w = r.array(value, undefined, HEADER_LENGTH, HEADER_LENGTH);
  const gatewayId = w[0];
  if (typeof gatewayId !== 'string' || gatewayId.length === 0 || gatewayId.length > limits.maxStringLength) {
    r.fail('gateway_id', `must be a string of 1 to ${limits.maxStringLength} characters, got ${describe(gatewayId)}`);
  }
  const header: Header = {
    gatewayId,
    stream: r.choice(w[1], 'stream', STREAMS),
    firstSeq: r.int(w[2], 'first_seq', 0),
    lastSeq: r.int(w[3], 'last_seq', 0),
    createdAt: r.int(w[4], 'created_at', 0),
  };
  if (header.lastSeq < header.firstSeq) r.fail('last_seq', `${header.lastSeq} is below first_seq ${header.firstSeq}`);
  return header;
}
