import type { AggregateWindow } from './aggregate';

/**
 * Outbox sync settings. Defaults favour a Pi-class gateway on a cellular link: batches of up to
 * 500 records / 256 KiB, 4 batches in flight, no bandwidth cap, poll the store every second
 * when idle (the pipeline can also call `Outbox.notify()` after each commit).
 */
export interface OutboxConfig {
  gatewayId: string;
  maxBatchRecords?: number;
  maxBatchBytes?: number;
  /** Unacknowledged batches at once, all streams together: bounds resends after a reconnect. */
  maxInFlight?: number;
  /** Upstream byte budget (payload bytes/s); undefined = uncapped. */
  bandwidthBytesPerSecond?: number;
  pollMs?: number;
  /** Deadband filter per quantity (off by default): see deadband.ts. */
  deadbands?: Record<string, number>;
  /** Per-quantity aggregation instead of raw values (off by default): see aggregate.ts. */
  aggregation?: Record<string, AggregateWindow>;
}

export const OUTBOX_DEFAULTS = {
  maxBatchRecords: 500,
  maxBatchBytes: 256 * 1024,
  maxInFlight: 4,
  pollMs: 1_000,
} as const;

export function resolveOutboxConfig(config: OutboxConfig): Required<Omit<OutboxConfig, 'bandwidthBytesPerSecond' | 'deadbands' | 'aggregation'>> &
  Pick<OutboxConfig, 'bandwidthBytesPerSecond' | 'deadbands' | 'aggregation'> {
  const resolved = { ...OUTBOX_DEFAULTS, ...config };
  for (const [quantity, window] of Object.entries(config.aggregation ?? {})) {
    if (window !== '15m' && window !== '1h') throw new RangeError(`sync.aggregation.${quantity} is ${JSON.stringify(window)}: allowed 15m, 1h`);
  }
  for (const key of ['maxBatchRecords', 'maxBatchBytes', 'maxInFlight', 'pollMs'] as const) {
    const value = resolved[key];
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`sync.${key} must be an integer >= 1, got ${value}`);
  }
  return resolved;
}
