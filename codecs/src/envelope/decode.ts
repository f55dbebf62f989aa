/** decodeBatch: envelope bytes → a sync batch, validated strictly against envelope.cddl. */
import { ENVELOPE_VERSION, type EnvelopeLimits, type SyncBatch } from './batch';
import { EnvelopeError, describe } from './errors';
import { resolveLimits } from './encode';
import { unpackHeader, type Header } from './header';
import { PartReader } from './reader';
import { unpackReadings } from './readings';
import { unpackEvents } from './events';
import { unpackCommands } from './commands';
import { ENVELOPE_LENGTH, cborDecoder } from './wire';

/**
 * Decodes and checks one envelope. Anything wrong (oversize, truncated or malformed CBOR,
 * unknown version, wrong shape, seq out of order or outside [first_seq, last_seq], a limit
 * exceeded) throws an EnvelopeError with the path of the problem; nothing else is thrown.
 */
export function decodeBatch(bytes: Uint8Array, limits?: Partial<EnvelopeLimits>): SyncBatch {
  const lim = resolveLimits(limits);
  if (!(bytes instanceof Uint8Array)) throw new EnvelopeError('envelope', `must be a Uint8Array, got ${describe(bytes)}`);
  if (bytes.length === 0) throw new EnvelopeError('envelope', 'is empty');
  if (bytes.length > lim.maxBytes) {
    throw new EnvelopeError('envelope', `is ${bytes.length} bytes, over limits.maxBytes ${lim.maxBytes}`);
  }
  const top = new PartReader('envelope', []).array(parseCbor(bytes), undefined, ENVELOPE_LENGTH, ENVELOPE_LENGTH);
  if (top[0] !== ENVELOPE_VERSION) {
    throw new EnvelopeError('version', `unsupported envelope version ${describe(top[0])}; this decoder reads version ${ENVELOPE_VERSION}`);
  }
  const header = unpackHeader(top[1], lim);
  const strings = unpackStrings(top[2], lim);
  return unpackRecords(header, top[3], strings, lim);
}

function parseCbor(bytes: Uint8Array): unknown {
  try {
    return cborDecoder.decode(bytes);
  } catch (error) {
    const incomplete = (error as { incomplete?: boolean } | null)?.incomplete === true;
    const detail = error instanceof Error ? error.message : String(error);
    throw new EnvelopeError('envelope', incomplete ? `truncated: the CBOR data ends early (${bytes.length} bytes)` : `malformed CBOR: ${detail}`);
  }
}

function unpackStrings(value: unknown, lim: EnvelopeLimits): string[] {
  const r: PartReader = new PartReader('strings', []);
  const list = r.array(value, undefined, 0, lim.maxStrings);
  const seen = new Set<string>();
  for (let i = 0; i < list.length; i++) {
    r.index = i;
    const s = list[i];
    if (typeof s !== 'string' || s.length === 0 || s.length > lim.maxStringLength) {
      r.fail(undefined, `must be a string of 1 to ${lim.maxStringLength} characters, got ${describe(s)}`);
    }
    if (seen.has(s)) r.fail(undefined, `${describe(s)} appears twice in the dictionary`);
    seen.add(s);
  }
  return list as string[];
}

function unpackRecords(h: Header, value: unknown, strings: string[], lim: EnvelopeLimits): SyncBatch {
  const r = new PartReader(h.stream, strings, h.firstSeq, h.lastSeq, h.createdAt);
  const list = r.array(value, undefined, 0, lim.maxRecords);
  const base = { gatewayId: h.gatewayId, firstSeq: h.firstSeq, lastSeq: h.lastSeq, createdAt: h.createdAt };
  switch (h.stream) {
    case 'readings':
      return { ...base, stream: 'readings', readings: unpackReadings(list, r, lim.maxMeasurements) };
    case 'events':
      return { ...base, stream: 'events', events: unpackEvents(list, r, lim.maxDepth) };
    case 'commands':
      return { ...base, stream: 'commands', commands: unpackCommands(list, r, lim.maxDepth, lim.maxDetailLength) };
  }
}
