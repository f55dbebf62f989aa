import type { EventInput, Store, StoredEvent } from '../store/types';
import type { EventBus } from './bus';

/** Events are journaled in the store first, then published (write before act). */
export class EventRecorder {
  constructor(
    private readonly store: Pick<Store, 'appendEvent'>,
    private readonly bus: EventBus,
  ) {}

  record(event: EventInput): StoredEvent {
    const stored = this.store.appendEvent(event);
    this.bus.emit('event', stored);
    return stored;
  }
}
