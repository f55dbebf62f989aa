/**
 * Persistence the edge network server needs, behind a small synchronous interface (the gateway
 * backs it with its SQLite store through better-sqlite3, which is synchronous; a write returns
 * only once durable at the store's durability level). `MemorySessionStorage` is for tests and demos.
 *
 * Write-before-act: the server saves a counter before it hands a frame on or transmits a downlink.
 */
export interface DeviceSession {
  devEui: string;
  devAddr: number;
  /** 32 hex digits each. Never logged. */
  nwkSKey: string;
  appSKey: string;
  /** Last accepted uplink counter (32-bit); undefined until the first uplink of the session. */
  fCntUp?: number;
  /** Next downlink counter to use. */
  nFCntDown: number;
  rx1DrOffset: number;
  rx2DataRate: number;
  /** RX1 delay in seconds (1..15). */
  rxDelay: number;
  /** Concentrator that heard the last uplink best (class C downlinks go through it). */
  lastGatewayEui?: string;
  activatedAt: number;
}

export interface QueuedDownlink {
  id: number;
  devEui: string;
  fPort: number;
  /** Plaintext payload, hex. */
  payloadHex: string;
  confirmed: boolean;
  attempts: number;
  enqueuedAt: number;
  /** For a confirmed downlink sent and awaiting the device's ACK: the FCntDown it went out with. */
  sentFCntDown?: number;
}

export interface SessionStorage {
  loadSession(devEui: string): DeviceSession | undefined;
  saveSession(session: DeviceSession): void;
  /** Records a DevNonce; returns false if this device already used it (replayed join). */
  useDevNonce(devEui: string, devNonce: number): boolean;
  /** Returns the next JoinNonce/AppNonce for a device (persisted, strictly increasing). */
  nextJoinNonce(devEui: string): number;
  enqueueDownlink(item: Omit<QueuedDownlink, 'id' | 'attempts'>): QueuedDownlink;
  /** Oldest first. */
  pendingDownlinks(devEui: string): QueuedDownlink[];
  updateDownlink(item: QueuedDownlink): void;
  removeDownlink(devEui: string, id: number): void;
}

export class MemorySessionStorage implements SessionStorage {
  private readonly sessions = new Map<string, DeviceSession>();
  private readonly nonces = new Map<string, Set<number>>();
  private readonly joinNonces = new Map<string, number>();
  private readonly queue = new Map<number, QueuedDownlink>();
  private nextId = 1;

  loadSession(devEui: string): DeviceSession | undefined {
    const s = this.sessions.get(devEui);
    return s && { ...s };
  }

  saveSession(session: DeviceSession): void {
    this.sessions.set(session.devEui, { ...session });
  }

  useDevNonce(devEui: string, devNonce: number): boolean {
    const set = this.nonces.get(devEui) ?? new Set<number>();
    this.nonces.set(devEui, set);
    if (set.has(devNonce)) return false;
    set.add(devNonce);
    return true;
  }

  nextJoinNonce(devEui: string): number {
    const n = ((this.joinNonces.get(devEui) ?? -1) + 1) & 0xffffff;
    this.joinNonces.set(devEui, n);
    return n;
  }

  enqueueDownlink(item: Omit<QueuedDownlink, 'id' | 'attempts'>): QueuedDownlink {
    const q = { ...item, id: this.nextId++, attempts: 0 };
    this.queue.set(q.id, q);
    return { ...q };
  }

  pendingDownlinks(devEui: string): QueuedDownlink[] {
    return [...this.queue.values()].filter((q) => q.devEui === devEui).sort((a, b) => a.id - b.id).map((q) => ({ ...q }));
  }

  updateDownlink(item: QueuedDownlink): void {
    if (this.queue.has(item.id)) this.queue.set(item.id, { ...item });
  }

  removeDownlink(_devEui: string, id: number): void {
    this.queue.delete(id);
  }
}

/**
 * Read-through cache of sessions and downlink queues in front of a durable SessionStorage: every save still goes to
 * the backing store first (write before act), loads are served from memory after the first.
 * The network server is the only writer of its sessions, so the cache cannot go stale; callers
 * get copies, so a mutation that is not saved never leaks into the cache.
 */
export class CachedSessionStorage implements SessionStorage {
  private readonly sessions = new Map<string, DeviceSession | null>();
  private readonly queues = new Map<string, QueuedDownlink[]>();

  constructor(private readonly inner: SessionStorage) {}

  loadSession(devEui: string): DeviceSession | undefined {
    let s = this.sessions.get(devEui);
    if (s === undefined) {
      s = this.inner.loadSession(devEui) ?? null;
      this.sessions.set(devEui, s);
    }
    return s ? { ...s } : undefined;
  }

  saveSession(session: DeviceSession): void {
    this.inner.saveSession(session);
    this.sessions.set(session.devEui, { ...session });
  }

  useDevNonce(devEui: string, devNonce: number): boolean {
    return this.inner.useDevNonce(devEui, devNonce);
  }

  nextJoinNonce(devEui: string): number {
    return this.inner.nextJoinNonce(devEui);
  }

  enqueueDownlink(item: Omit<QueuedDownlink, 'id' | 'attempts'>): QueuedDownlink {
    const list = this.queue(item.devEui); // load before the write, or the new item would be read twice
    const q = this.inner.enqueueDownlink(item);
    list.push({ ...q });
    return q;
  }

  pendingDownlinks(devEui: string): QueuedDownlink[] {
    return this.queue(devEui).map((q) => ({ ...q }));
  }

  updateDownlink(item: QueuedDownlink): void {
    this.inner.updateDownlink(item);
    const list = this.queue(item.devEui);
    const i = list.findIndex((q) => q.id === item.id);
    if (i >= 0) list[i] = { ...item };
  }

  removeDownlink(devEui: string, id: number): void {
    this.inner.removeDownlink(devEui, id);
    const list = this.queue(devEui);
    const i = list.findIndex((q) => q.id === id);
    if (i >= 0) list.splice(i, 1);
  }

  private queue(devEui: string): QueuedDownlink[] {
    let list = this.queues.get(devEui);
    if (!list) {
      list = this.inner.pendingDownlinks(devEui);
      this.queues.set(devEui, list);
    }
    return list;
  }
}
