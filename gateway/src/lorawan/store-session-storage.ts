/**
 * SessionStorage (device-sdk) backed by the gateway store's key-value state (SQLite, synchronous).
 * Keys: lorawan.session.<devEui>, lorawan.devnonces.<devEui>, lorawan.joinnonce.<devEui>,
 * lorawan.queue.<devEui>, lorawan.queue.next_id. Session keys sit in the database like the
 * device keys do in the config: protect the database file (0600) as the config is protected.
 */
import type { DeviceSession, QueuedDownlink, SessionStorage } from '@ardoise/device-sdk';
import type { Store } from '../store/types';

/** DevNonces kept per device: LoRaWAN 1.0.x nonces are 16-bit, so all of them at worst. */
const MAX_NONCES = 65_536;
/** Queued downlinks per device; enqueueing beyond refuses (bounded). */
export const MAX_QUEUED_DOWNLINKS = 64;

export class StoreSessionStorage implements SessionStorage {
  constructor(private readonly store: Pick<Store, 'getState' | 'setState'>) {}

  loadSession(devEui: string): DeviceSession | undefined {
    return this.store.getState<DeviceSession>(`lorawan.session.${devEui}`);
  }

  saveSession(session: DeviceSession): void {
    this.store.setState(`lorawan.session.${session.devEui}`, session);
  }

  useDevNonce(devEui: string, devNonce: number): boolean {
    const key = `lorawan.devnonces.${devEui}`;
    const used = this.store.getState<number[]>(key) ?? [];
    if (used.includes(devNonce)) return false;
    used.push(devNonce);
    if (used.length > MAX_NONCES) used.shift();
    this.store.setState(key, used);
    return true;
  }

  nextJoinNonce(devEui: string): number {
    const key = `lorawan.joinnonce.${devEui}`;
    const n = (((this.store.getState<number>(key) ?? -1) + 1) & 0xffffff) >>> 0;
    this.store.setState(key, n);
    return n;
  }

  enqueueDownlink(item: Omit<QueuedDownlink, 'id' | 'attempts'>): QueuedDownlink {
    const queue = this.queue(item.devEui);
    if (queue.length >= MAX_QUEUED_DOWNLINKS) throw new RangeError(`downlink queue of ${item.devEui} is full (${MAX_QUEUED_DOWNLINKS} items)`);
    const id = (this.store.getState<number>('lorawan.queue.next_id') ?? 0) + 1;
    this.store.setState('lorawan.queue.next_id', id);
    const q: QueuedDownlink = { ...item, id, attempts: 0 };
    this.store.setState(`lorawan.queue.${item.devEui}`, [...queue, q]);
    return q;
  }

  pendingDownlinks(devEui: string): QueuedDownlink[] {
    return this.queue(devEui);
  }

  updateDownlink(item: QueuedDownlink): void {
    const queue = this.queue(item.devEui);
    const i = queue.findIndex((q) => q.id === item.id);
    if (i < 0) return;
    queue[i] = item;
    this.store.setState(`lorawan.queue.${item.devEui}`, queue);
  }

  removeDownlink(devEui: string, id: number): void {
    const queue = this.queue(devEui);
    const next = queue.filter((q) => q.id !== id);
    if (next.length !== queue.length) this.store.setState(`lorawan.queue.${devEui}`, next);
  }

  private queue(devEui: string): QueuedDownlink[] {
    return this.store.getState<QueuedDownlink[]>(`lorawan.queue.${devEui}`) ?? [];
  }
}
