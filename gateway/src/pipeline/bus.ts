import type { Logger } from '../logging/index';
import type { StoredEvent, StoredReading } from '../store/types';

/** What subscribers (rules, sync, API, health) hear: only things already committed to the store. */
export interface BusTopics {
  reading: StoredReading;
  event: StoredEvent;
}

export type Listener<T> = (payload: T) => void | Promise<void>;

/**
 * In-process publish/subscribe for committed readings and events. A subscriber that throws or
 * rejects is logged and never disturbs the pipeline or the other subscribers.
 */
export class EventBus {
  private readonly listeners: { [K in keyof BusTopics]: Set<Listener<BusTopics[K]>> } = { reading: new Set(), event: new Set() };

  constructor(private readonly log: Logger) {}

  /** Returns the function that unsubscribes. */
  on<K extends keyof BusTopics>(topic: K, listener: Listener<BusTopics[K]>): () => void {
    this.listeners[topic].add(listener);
    return () => this.listeners[topic].delete(listener);
  }

  emit<K extends keyof BusTopics>(topic: K, payload: BusTopics[K]): void {
    for (const listener of this.listeners[topic]) {
      try {
        const result = listener(payload);
        if (result && typeof (result as Promise<void>).catch === 'function') {
          (result as Promise<void>).catch((error: unknown) => this.failed(topic, error));
        }
      } catch (error) {
        this.failed(topic, error);
      }
    }
  }

  listenerCount(topic: keyof BusTopics): number {
    return this.listeners[topic].size;
  }

  private failed(topic: string, error: unknown): void {
    this.log.error({ topic, err: error }, 'bus subscriber failed');
  }
}
