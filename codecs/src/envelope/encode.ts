/** encodeBatch: a sync batch → envelope bytes (envelope.cddl), checking the batch on the way. */
import { DEFAULT_LIMITS, ENVELOPE_VERSION, type EnvelopeLimits, type SyncBatch } from './batch';
import { EnvelopeError, describe } from './errors';
import { packHeader } from './header';
import { Packer, StringTable } from './packer';
import { packReadings } from './readings';
import { packEvents } from './events';
import { packCommands } from './commands';
import { cborEncoder } from './wire';

/**
 * Encodes one batch. Throws EnvelopeError naming the offending field (e.g. `readings[3].seq`)
 * when the batch breaks a rule of the format or a limit; what this emits, decodeBatch accepts
 * under the same limits.
 */
export function encodeBatch(batch: SyncBatch, limits?: Partial<EnvelopeLimits>): Uint8Array {
  const lim = resolveLimits(limits);
  const header = packHeader(batch, lim);
  const table = new StringTable();
  const records = packRecords(batch, lim, table);
  if (table.list.length > lim.maxStrings) {
    throw new EnvelopeError('strings', `the batch uses ${table.list.length} distinct strings, limits.maxStrings is ${lim.maxStrings}`);
  }
  const bytes = cborEncoder.encode([ENVELOPE_VERSION, header, table.list, records]);
  if (bytes.length > lim.maxBytes) {
    throw new EnvelopeError('envelope', `encodes to ${bytes.length} bytes, over limits.maxBytes ${lim.maxBytes}: send fewer records per batch`);
  }
  return bytes;
}

function packRecords(batch: SyncBatch, lim: EnvelopeLimits, table: StringTable): unknown[] {
  const list = recordsOf(batch);
  if (!Array.isArray(list)) throw new EnvelopeError(batch.stream, `must be an array of records, got ${describe(list)}`);
  if (list.length > lim.maxRecords) {
    throw new EnvelopeError(batch.stream, `has ${list.length} records, limits.maxRecords is ${lim.maxRecords}`);
  }
  const p = new Packer(batch.stream, table, lim, batch.firstSeq, batch.lastSeq, batch.createdAt);
  switch (batch.stream) {
    case 'readings':
      return packReadings(batch.readings, p);
    case 'events':
      return packEvents(batch.events, p);
    case 'commands':
      return packCommands(batch.commands, p);
  }
}

function recordsOf(batch: SyncBatch): unknown {
  switch (batch.stream) {
    case 'readings':
      return batch.readings;
    case 'events':
      return batch.events;
    case 'commands':
      return batch.commands;
  }
}

export function resolveLimits(limits?: Partial<EnvelopeLimits>): EnvelopeLimits {
  return limits ? { ...DEFAULT_LIMITS, ...limits } : DEFAULT_LIMITS;
}
