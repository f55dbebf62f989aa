import type { Clock } from '../clock/clock';

/**
 * The slice of a pino logger the SDK uses. The gateway passes `logger.child({module: ...})`;
 * device-sdk stays free of a logging dependency. Never pass keys or payloads in `obj`.
 */
export interface Logger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

export const silentLogger: Logger = { warn() {}, info() {}, debug() {} };

/**
 * Counts rejected input by cause and logs at most once per cause per interval (no log flood
 * from a noisy or hostile sender). The counts are the metric; the log line carries how many
 * were suppressed since the last one.
 */
export class RejectCounter<Cause extends string> {
  private readonly counts = new Map<Cause, number>();
  private readonly lastLog = new Map<Cause, { at: number; suppressed: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly intervalMs = 60_000,
  ) {}

  reject(cause: Cause, detail: object, message: string): void {
    this.counts.set(cause, (this.counts.get(cause) ?? 0) + 1);
    const now = this.clock.monotonic();
    const last = this.lastLog.get(cause);
    if (last && now - last.at < this.intervalMs) {
      last.suppressed++;
      return;
    }
    this.logger.warn({ cause, suppressed: last?.suppressed ?? 0, ...detail }, message);
    this.lastLog.set(cause, { at: now, suppressed: 0 });
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
}
