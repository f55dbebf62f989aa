import type { Clock, TimerHandle } from '@ardoise/device-sdk';
import type { Core } from '../agent/core';

export interface SummaryOptions {
  core: Core;
  clock: Clock;
  intervalMs: number;
  write(line: string): void;
  /** Device id → type, for per-type counts. */
  typeOf(deviceId: string): string | undefined;
}

/** A short live line on the terminal every few seconds: readings, per-type counts, commands journaled, mode, db size. */
export function startSummary(o: SummaryOptions): { stop(): void; line(): string } {
  const perType = new Map<string, number>();
  let total = 0;
  let lastTotal = 0;
  const off = o.core.bus.on('reading', (r) => {
    total += 1;
    const type = o.typeOf(r.deviceId) ?? 'other';
    perType.set(type, (perType.get(type) ?? 0) + 1);
  });
  const line = () => {
    const types = [...perType].sort(([a], [b]) => a.localeCompare(b)).map(([t, n]) => `${t} ${n}`).join(', ');
    const stats = o.core.store.stats();
    const size = (stats.sizeBytes / 1e6).toFixed(1);
    const text = `readings committed ${total} (+${total - lastTotal}) | ${types || 'waiting for the first reports'} | commands ${stats.commands} | mode ${o.core.health.mode} | db ${size} MB`;
    lastTotal = total;
    return text;
  };
  const timer: TimerHandle = o.clock.setInterval(() => o.write(line()), o.intervalMs);
  return {
    line,
    stop: () => {
      off();
      o.clock.clearInterval(timer);
    },
  };
}
