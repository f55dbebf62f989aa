/**
 * Deduplication of one frame heard by several concentrators: the first copy opens a window
 * (on the Clock); when it closes, one delivery with the best copy (highest SNR, then RSSI)
 * and every concentrator that heard it. Bounded: at most `maxOpen` frames in flight.
 */
import type { Clock } from '../clock/clock';
import type { RxPacket } from '../semtech-udp/rxpk';

export interface DedupedUplink {
  best: RxPacket;
  all: RxPacket[];
  /** Wall-clock ms when the first copy arrived. */
  receivedAt: number;
  /** Clock.monotonic() when the first copy arrived (class A deadlines are timed from it). */
  heardAtMono: number;
}

export class Deduplicator {
  private readonly open = new Map<string, { all: RxPacket[]; receivedAt: number; heardAtMono: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly windowMs: number,
    private readonly deliver: (u: DedupedUplink) => void,
    private readonly maxOpen = 10_000,
  ) {
    if (!(windowMs >= 0 && windowMs <= 800)) throw new RangeError(`dedup window must be 0..800 ms (RX1 opens 1 s after the uplink), got ${windowMs}`);
  }

  /** Returns false when the frame was a duplicate or dropped because too many are open. */
  push(rx: RxPacket): boolean {
    const key = rx.data.toString('base64');
    const copies = this.open.get(key);
    if (copies) {
      copies.all.push(rx);
      return false;
    }
    if (this.open.size >= this.maxOpen) return false;
    this.open.set(key, { all: [rx], receivedAt: this.clock.now(), heardAtMono: this.clock.monotonic() });
    this.clock.setTimeout(() => this.close(key), this.windowMs);
    return true;
  }

  inFlight(): number {
    return this.open.size;
  }

  isFull(): boolean {
    return this.open.size >= this.maxOpen;
  }

  private close(key: string): void {
    const entry = this.open.get(key);
    this.open.delete(key);
    if (!entry) return;
    const { all, receivedAt, heardAtMono } = entry;
    let best = all[0]!;
    for (const r of all) if ((r.lsnr ?? -99) > (best.lsnr ?? -99) || ((r.lsnr ?? -99) === (best.lsnr ?? -99) && r.rssi > best.rssi)) best = r;
    this.deliver({ best, all, receivedAt, heardAtMono });
  }
}
