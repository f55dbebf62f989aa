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
