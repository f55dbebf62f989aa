import type { SyncBatch } from '@ardoise/codecs';
import type { Store, StoredCommand, StoredEvent, StoredReading } from '../store/types';
import type { UpStream } from './topics';

export type LaneName = 'alarms' | 'commands' | 'events' | 'readings';
type SyncRecord = StoredReading | StoredEvent | StoredCommand;

/**
 * One ordered stream of the outbox. Lanes are served in priority order (alarms first): the
 * alarm lane sends each not-yet-synced alarm alone, as a one-record batch [seq, seq], ahead of
 * the events backlog; the events lane later sends it again in order and the receiver drops
 * the duplicate by (gateway_id, stream, seq).
 */
export interface Lane {
  name: LaneName;
  stream: UpStream;
  /**
   * Persisted cursor. Named `<stream>:sync` so the store's eviction counts rows at or below it as
   * synced (store/types.ts getCursor); `legacyCursorName` is read once when it is not set yet.
   */
  cursorName: string;
  legacyCursorName?: string;
  /** Records after `after`, at most `limit`, oldest first. */
  read(store: Store, after: number, limit: number): SyncRecord[];
  /** Alarms travel alone so their batch range claims nothing it does not carry. */
  maxRecords?: number;
}

export const LANES: readonly Lane[] = [
  {
    name: 'alarms',
    stream: 'events',
    cursorName: 'sync.alarms',
    read: (store, after, limit) => store.eventsAfter(after, limit, { kind: 'alarm' }),
    maxRecords: 1,
  },
  { name: 'commands', stream: 'commands', cursorName: 'commands:sync', legacyCursorName: 'sync.commands', read: (store, after, limit) => store.commandsAfter(after, limit) },
  { name: 'events', stream: 'events', cursorName: 'events:sync', legacyCursorName: 'sync.events', read: (store, after, limit) => store.eventsAfter(after, limit) },
  { name: 'readings', stream: 'readings', cursorName: 'readings:sync', legacyCursorName: 'sync.readings', read: (store, after, limit) => store.readingsAfter(after, limit) },
];

/** The lane's persisted cursor (falling back to its pre-rename name). */
export function laneCursor(store: Pick<Store, 'getCursor'>, lane: Lane): number {
  return store.getCursor(lane.cursorName) || (lane.legacyCursorName ? store.getCursor(lane.legacyCursorName) : 0);
}

export function toBatch(
  stream: UpStream,
  header: { gatewayId: string; firstSeq: number; lastSeq: number; createdAt: number },
  records: SyncRecord[],
): SyncBatch {
  if (stream === 'readings') return { ...header, stream, readings: records as StoredReading[] };
  if (stream === 'events') return { ...header, stream, events: records as StoredEvent[] };
  return { ...header, stream, commands: records as StoredCommand[] };
}
