import type { Clock, TimerHandle } from '@ardoise/device-sdk';
import type { EventRecorder } from '../pipeline/events';
import type { TimeStamper } from '../pipeline/types';
import { Quality, type Store } from '../store/types';

export const LAST_GOOD_TIME_KEY = 'health.last_good_time';

export interface ClockTrustOptions {
  clock: Clock;
  store: Pick<Store, 'getState' | 'setState'>;
  events: EventRecorder;
  /** How often the last known good time is persisted while the clock is trusted. */
  persistIntervalMs: number;
}

/**
 * Clock trust (docs/health.md). At boot, a system clock earlier than the last known good time
 * persisted in the store means the clock went backwards (no RTC, no NTP yet): the clock is
 * untrusted until a time source (NTP, GPS via the concentrator, LoRaWAN DeviceTime) calls
 * `confirmTime`. Meanwhile received times are estimated as last good time + monotonic elapsed
 * (better than a clock stuck in 1970), kept strictly non-decreasing, and flagged CLOCK_UNTRUSTED.
 */
export class ClockTrust implements TimeStamper {
  private trusted = true;
  private lastStamp = 0;
  private bootLastGood = 0;
  private bootMono = 0;
  private timer: TimerHandle | undefined;
  private source = 'system';

  constructor(private readonly o: ClockTrustOptions) {}

  /** Compares the clock with the persisted time; returns whether it is trusted. */
  start(): boolean {
    const { clock, store } = this.o;
    const lastGood = store.getState<number>(LAST_GOOD_TIME_KEY);
    this.bootMono = clock.monotonic();
    this.bootLastGood = typeof lastGood === 'number' ? lastGood : 0;
    if (this.bootLastGood > clock.now()) {
      this.trusted = false;
      this.o.events.record({
        kind: 'alarm', type: 'health.clock_untrusted', at: this.bootLastGood, severity: 'warning',
        data: { system_time: clock.now(), last_good_time: this.bootLastGood },
      });
    } else {
      this.persist();
    }
    this.timer = clock.setInterval(() => this.persist(), this.o.persistIntervalMs);
    return this.trusted;
  }

  stop(): void {
    this.o.clock.clearInterval(this.timer);
    this.timer = undefined;
    this.persist();
  }

  isTrusted(): boolean {
    return this.trusted;
  }

  /** Called by a time source once the system clock is known right (NTP sync, GPS, DeviceTime). */
  confirmTime(source: string): void {
    const wasTrusted = this.trusted;
    this.trusted = true;
    this.source = source.slice(0, 64);
    this.persist();
    if (!wasTrusted) {
      this.o.events.record({ kind: 'event', type: 'health.clock_trusted', at: this.o.clock.now(), severity: 'info', data: { source: this.source } });
    }
  }

  /** Best estimate of now: the system clock when trusted, else last good time + monotonic elapsed. */
  estimatedNow(): number {
    if (this.trusted) return this.o.clock.now();
    return this.bootLastGood + (this.o.clock.monotonic() - this.bootMono);
  }

  stamp(receivedAt?: number): { receivedAt: number; quality: number } {
    const raw = this.trusted ? (receivedAt ?? this.o.clock.now()) : this.estimatedNow();
    this.lastStamp = Math.max(this.lastStamp, raw);
    return { receivedAt: this.lastStamp, quality: this.trusted ? Quality.OK : Quality.CLOCK_UNTRUSTED };
  }

  describe(): { trusted: boolean; source: string; last_good_time: number } {
    return { trusted: this.trusted, source: this.source, last_good_time: this.trusted ? this.o.clock.now() : this.bootLastGood };
  }

  private persist(): void {
    if (!this.trusted) return;
    const now = this.o.clock.now();
    const previous = this.o.store.getState<number>(LAST_GOOD_TIME_KEY) ?? 0;
    if (now >= previous) this.o.store.setState(LAST_GOOD_TIME_KEY, now);
  }
}
