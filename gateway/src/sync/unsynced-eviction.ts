/**
 * Loss made explicit: when the store evicts rows the outbox has not sent yet (retention of a
 * backlog older than `storage.retention_days`, or the size cap under a long outage), the receiver
 * would only see a batch range with fewer rows than it covers, as after filtering. After every
 * `storage.eviction`, the rows between a stream's sync cursor and the first row still there are
 * known gone unsent: an alarm `sync.unsynced_evicted {stream, first_seq, last_seq, count}` is
 * appended (alarms go upstream first), once per range (the reported end is kept in store state).
 * Seq are dense per stream, so the range is exact for the unsent prefix of the backlog; rows a
 * priority tier removed deeper in the backlog are counted in `storage.eviction`, not listed here.
 */
import type { Store } from '../store/types';
import { LANES, laneCursor } from './lanes';

type EvictionStore = Pick<Store, 'getCursor' | 'getState' | 'setState' | 'appendEvent' | 'stats' | 'readingsAfter' | 'eventsAfter' | 'commandsAfter'>;

const REPORTED_KEY = (stream: string) => `sync.unsynced_evicted.${stream}`;

export function reportUnsyncedEvictions(store: EvictionStore, now: number): void {
  for (const lane of LANES) {
    if (lane.name === 'alarms') continue; // alarms are evicted last and ride the events stream
    const cursor = laneCursor(store, lane);
    const reported = store.getState<number>(REPORTED_KEY(lane.stream)) ?? 0;
    const from = Math.max(cursor, reported) + 1;
    const next = lane.read(store as Store, from - 1, 1)[0]?.seq;
    const last = next !== undefined ? next - 1 : lane.stream === 'readings' ? store.stats().lastReadingSeq : from - 1;
    if (last < from) continue;
    store.setState(REPORTED_KEY(lane.stream), last);
    store.appendEvent({
      kind: 'alarm', type: 'sync.unsynced_evicted', at: now, severity: 'critical',
      data: { stream: lane.stream, first_seq: from, last_seq: last, count: last - from + 1 },
    });
  }
}
