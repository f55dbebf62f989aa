/**
 * Every event appended to the store reaches the bus, whoever appended it: the pipeline and health
 * (EventRecorder), the rules and the governor (`store.appendEvent`), and the store itself
 * (`storage.full`, `storage.eviction`, written inside its own write paths). One mechanism: a tail
 * that reads committed events by `seq` after the last one it published and emits them in order.
 * It is drained right after each `appendEvent` (so a caller's event is on the bus when the call
 * returns), after each group commit (the store's own events are written there), and every
 * `intervalMs` as a catch-all (retention/cap maintenance). Rows are read back, so only committed
 * events are published, each exactly once.
 */
import type { Clock, TimerHandle } from '@ardoise/device-sdk';
import type { Store, StoredEvent } from '../store/types';
import type { EventBus } from './bus';

const PAGE = 500;
/** Bounded work per drain; the next drain continues where this one stopped. */
const MAX_PAGES = 20;

export class EventTail {
  private cursor: number;
  private timer: TimerHandle | undefined;
  private clock: Clock | undefined;
  private draining = false;

  constructor(
    private readonly store: Pick<Store, 'eventsAfter'>,
    private readonly bus: EventBus,
  ) {
    this.cursor = lastEventSeq(store);
  }

  start(clock: Clock, intervalMs = 1000): void {
    this.clock = clock;
    this.timer = clock.setInterval(() => this.drain(), intervalMs);
  }

  stop(): void {
    this.clock?.clearInterval(this.timer);
  }

  /** Publishes every event committed after the last one published. Re-entrant calls are no-ops. */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const events = this.store.eventsAfter(this.cursor, PAGE);
        for (const e of events) {
          this.cursor = e.seq;
          this.bus.emit('event', e);
        }
        if (events.length === 0) break; // (not `< PAGE`: a subscriber may append while we emit)
      }
    } finally {
      this.draining = false;
    }
  }
}

/** Makes `store.appendEvent` publish (through the tail) once the event is committed. */
export function publishAppendedEvents<S extends Pick<Store, 'appendEvent'>>(store: S, tail: EventTail): S {
  const append = store.appendEvent.bind(store);
  store.appendEvent = (event) => {
    const stored: StoredEvent = append(event);
    tail.drain();
    return stored;
  };
  return store;
}

/** Highest event seq in the store (0 when none), in O(log n) one-row queries. */
export function lastEventSeq(store: Pick<Store, 'eventsAfter'>): number {
  const exists = (seq: number) => store.eventsAfter(seq - 1, 1).length > 0; // some event has a seq >= seq
  if (!exists(1)) return 0;
  let low = 1;
  let high = 2;
  while (exists(high)) {
    low = high;
    high *= 2;
  }
  // invariant: some event has a seq >= low, none has a seq >= high; ends with high = low + 1
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (exists(mid)) low = mid;
    else high = mid;
  }
  return low;
}
