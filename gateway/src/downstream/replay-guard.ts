import type { Store } from '../store/types';

export interface SeenEntry {
  /** The message's own expiry: after it, the id may be forgotten (an expired message is refused anyway). */
  exp: number;
  status: string;
  detail?: string;
}

/**
 * Persisted seen-ids of accepted downstream messages, kept until each message expires, so a
 * replay is refused across restarts. Bounded: at most `maxEntries` live ids (the cloud's
 * expiry bound keeps it small); when full, new messages are refused rather than risking a replay.
 */
export class ReplayGuard {
  private static readonly KEY = 'downstream.seen';

  constructor(
    private readonly store: Store,
    private readonly maxEntries = 10_000,
  ) {}

  lookup(id: string): SeenEntry | undefined {
    return this.load()[id];
  }

  /** Records the id (write before act). False when the cache is full of unexpired ids. */
  remember(id: string, entry: SeenEntry, now: number): boolean {
    const seen = this.prune(this.load(), now);
    if (Object.keys(seen).length >= this.maxEntries) return false;
    seen[id] = entry;
    this.store.setState(ReplayGuard.KEY, seen);
    return true;
  }

  update(id: string, entry: SeenEntry): void {
    const seen = this.load();
    seen[id] = entry;
    this.store.setState(ReplayGuard.KEY, seen);
  }

  private load(): Record<string, SeenEntry> {
    return { ...(this.store.getState<Record<string, SeenEntry>>(ReplayGuard.KEY) ?? {}) };
  }

  private prune(seen: Record<string, SeenEntry>, now: number): Record<string, SeenEntry> {
    for (const [id, entry] of Object.entries(seen)) if (entry.exp <= now) delete seen[id];
    return seen;
  }
}
