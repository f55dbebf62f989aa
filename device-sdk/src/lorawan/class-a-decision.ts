/**
 * When the network server decides what goes into the RX1 of a class A uplink.
 *
 * A device opens RX1 `rxDelay` (1 s) after its uplink and hears nothing until its next uplink
 * otherwise (15 min later for a battery valve). So the decision waits for the uplink to be
 * delivered (the `ready` promise: the gateway pipeline's durable commit, after which rules react
 * on the bus) plus `dataDelayMs` during which application code may still queue a downlink (what
 * ChirpStack calls `get_downlink_data_delay`) — but it is never taken later than `leadMs` before
 * RX1 (on the Clock, from the first copy heard): then whatever is queued goes (ACK and MAC
 * answers always), and a later downlink waits for the next uplink.
 *
 * The deadline is measured on the gateway's clock from when the first copy of the uplink reached
 * it; a concentrator behind a slow backhaul needs its round trip added to `leadMs`.
 */
import type { Clock, TimerHandle } from '../clock/clock';

export interface ClassADecisionTiming {
  /** Wait after the uplink was delivered for application data (rules). Default 100 ms. */
  dataDelayMs: number;
  /** The decision is taken at the latest this long before RX1. Default 300 ms. */
  leadMs: number;
}

export const DEFAULT_CLASS_A_TIMING: ClassADecisionTiming = { dataDelayMs: 100, leadMs: 300 };

/** `ready`: delivered and data delay over; `deadline`: the lead before RX1 was reached first. */
export type ClassADecisionCause = 'ready' | 'deadline';

export interface ClassADecisionRequest {
  /** Clock.monotonic() when the first copy of the uplink reached the gateway. */
  heardAtMono: number;
  /** RX1 opens this long after the uplink (session RxDelay). */
  rxDelayMs: number;
  /** Settles when the uplink has been delivered (committed); undefined = delivered already. */
  ready?: PromiseLike<unknown>;
  decide: (cause: ClassADecisionCause) => void;
}

interface Pending {
  timers: Array<TimerHandle | undefined>;
  done: boolean;
}

export function checkClassATiming(t: Partial<ClassADecisionTiming>): ClassADecisionTiming {
  const out = { ...DEFAULT_CLASS_A_TIMING, ...t };
  if (!(Number.isFinite(out.dataDelayMs) && out.dataDelayMs >= 0 && out.dataDelayMs <= 1000)) {
    throw new RangeError(`downlinkDataDelayMs must be 0..1000 ms (RX1 opens 1 s after the uplink), got ${out.dataDelayMs}`);
  }
  if (!(Number.isFinite(out.leadMs) && out.leadMs >= 0 && out.leadMs <= 1000)) {
    throw new RangeError(`downlinkLeadMs must be 0..1000 ms before RX1, got ${out.leadMs}`);
  }
  return out;
}

export class ClassADecisions {
  private readonly pending = new Set<Pending>();
  readonly counters = { ready: 0, deadline: 0, cancelled: 0 };

  constructor(
    private readonly clock: Clock,
    private readonly timing: ClassADecisionTiming,
  ) {}

  /** Calls `decide` exactly once (unless cancelled): when ready + data delay, or at the deadline. */
  schedule(r: ClassADecisionRequest): void {
    // Whole ms, rounded down (never later than the deadline; Node groups timers by duration).
    const left = Math.floor(r.heardAtMono + r.rxDelayMs - this.timing.leadMs - this.clock.monotonic());
    if (left <= 0) return this.fire(r, 'deadline');
    if (!r.ready && this.timing.dataDelayMs === 0) return this.fire(r, 'ready');
    const p: Pending = { timers: [], done: false };
    this.pending.add(p);
    const finish = (cause: ClassADecisionCause) => {
      if (p.done) return;
      p.done = true;
      this.pending.delete(p);
      for (const t of p.timers) this.clock.clearTimeout(t);
      this.fire(r, cause);
    };
    p.timers.push(this.clock.setTimeout(() => finish('deadline'), left));
    const delivered = () => {
      if (p.done) return;
      if (this.timing.dataDelayMs === 0) finish('ready');
      else p.timers.push(this.clock.setTimeout(() => finish('ready'), this.timing.dataDelayMs));
    };
    if (r.ready) r.ready.then(delivered, delivered);
    else delivered();
  }

  /** Decisions waiting (for metrics and stop). */
  waiting(): number {
    return this.pending.size;
  }

  /**
   * Drops every waiting decision (stop). Their queued downlinks stay queued for the next uplink;
   * an unsent ACK makes a confirmed-uplink device retransmit, which is ACKed then.
   */
  cancelAll(): number {
    const n = this.pending.size;
    for (const p of this.pending) {
      p.done = true;
      for (const t of p.timers) this.clock.clearTimeout(t);
    }
    this.pending.clear();
    this.counters.cancelled += n;
    return n;
  }

  private fire(r: ClassADecisionRequest, cause: ClassADecisionCause): void {
    this.counters[cause]++;
    r.decide(cause);
  }
}
