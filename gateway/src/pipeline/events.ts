import type { EventInput, Store, StoredEvent } from '../store/types';

/**
 * Events are journaled in the store first, then published (write before act). The store given
 * here publishes what it appends (`publishAppendedEvents`, event-tail.ts), so an event recorded
 * here and one the rules or the store append directly reach the bus the same way, once.
 */
export class EventRecorder {
  constructor(private readonly store: Pick<Store, 'appendEvent'>) {}

  record(event: EventInput): StoredEvent {
    return this.store.appendEvent(event);
  }
}
