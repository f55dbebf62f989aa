/**
 * Downlink scheduling for the edge network server: the persisted per-device queue, class A
 * windows (RX1 then RX2), class C (immediate), duty-cycle checks, TX_ACK results, retries and
 * confirmed-downlink ACK tracking. Counters are persisted before anything is transmitted.
 */
import type { Clock } from '../clock/clock';
import type { Logger } from '../semtech-udp/log';
import type { RxPacket } from '../semtech-udp/rxpk';
import type { TxAckResult, TxPacket } from '../semtech-udp/tx';
import { type DownlinkPlan, type DownlinkWindow, classAPlans, classCPlan } from './downlink-plan';
import { type DutyCycleDecision, DutyCycleTracker } from './duty-cycle';
import { buildDataFrame } from './frame';
import type { Region } from './region';
import type { RegisteredDevice } from './registry';
import type { DeviceSession, QueuedDownlink, SessionStorage } from './storage';

export type DownlinkStatus = 'sent' | 'acked' | 'deferred' | 'failed';

export interface DownlinkEvent {
  deviceId: string;
  /** Queue item id; undefined for MAC-only/ACK-only downlinks and join-accepts. */
  id?: number;
  status: DownlinkStatus;
  window?: DownlinkWindow;
  reason?: string;
}

export interface DownlinkSchedulerDeps {
  clock: Clock;
  storage: SessionStorage;
  region: Region;
  transmit: (gatewayEui: string, txpk: TxPacket) => Promise<TxAckResult>;
  emit: (event: DownlinkEvent) => void;
  log: Logger;
  maxDownlinkAttempts?: number;
  classCRetryMs?: number;
}

export class DownlinkScheduler {
  readonly counters = { sent: 0, failed: 0 };
  private readonly duty: DutyCycleTracker;
  /** Devices flushing class C, and queue items being transmitted (`devEui:id`). */
  private readonly busy = new Set<string>();

  constructor(private readonly d: DownlinkSchedulerDeps) {
    this.duty = new DutyCycleTracker(d.clock, d.region);
  }

  /** Airtime used in the current window per sub-band (ms). */
  dutyCycleUsage(): Record<string, number> {
    return this.duty.usage();
  }

  /**
   * Would a downlink of `payloadBytes` fit the duty cycle now? Class C: on RX2. Class A: in RX1
   * (assumed on a g1 channel) or RX2. When not, `retryAfterMs` says when it would.
   */
  budget(dev: RegisteredDevice, s: DeviceSession, payloadBytes: number): DutyCycleDecision {
    const phy = Buffer.alloc(13 + payloadBytes);
    const rx2 = classCPlan(this.d.region, phy, s.rx2DataRate);
    const windows = dev.deviceClass === 'C' ? [rx2] : [{ ...rx2, txpk: { ...rx2.txpk, freq: 868.1 } }, rx2];
    let best: DutyCycleDecision | undefined;
    for (const w of windows) {
      const d = this.duty.check(w.txpk.freq, w.airtimeMs);
      if (d.ok) return d;
      if (!best || (d.retryAfterMs ?? Infinity) < ((best as { retryAfterMs?: number }).retryAfterMs ?? Infinity)) best = d;
    }
    return best!;
  }

  /** A join-accept in the join windows (region defaults: no RX1 DR offset, default RX2 DR). */
  async joinAccept(dev: RegisteredDevice, rx: RxPacket, phy: Buffer): Promise<void> {
    const plans = classAPlans(this.d.region, rx, phy, { delayMs: this.d.region.joinAcceptDelay1Ms, rx1DrOffset: 0, rx2DataRate: this.d.region.rx2.dataRate });
    const r = await this.sendPlans(dev, rx.gatewayEui, plans);
    this.d.emit({ deviceId: dev.id, ...r });
  }

  async classA(dev: RegisteredDevice, s: DeviceSession, rx: RxPacket, ack: boolean, answers: Buffer[], withQueue = true): Promise<void> {
    const queue = withQueue ? this.d.storage.pendingDownlinks(dev.devEui).filter((q) => !this.busy.has(`${dev.devEui}:${q.id}`) && !this.unacked(dev, q)) : [];
    const item = queue[0];
    if (!item && !ack && answers.length === 0) return;
    if (item) this.busy.add(`${dev.devEui}:${item.id}`);
    try {
      const phy = this.buildDownlink(s, item, { ack, fOpts: Buffer.concat(answers), fPending: queue.length > 1 });
      const plans = classAPlans(this.d.region, rx, phy, { delayMs: s.rxDelay * 1000 || this.d.region.receiveDelay1Ms, rx1DrOffset: s.rx1DrOffset, rx2DataRate: s.rx2DataRate });
      const result = await this.sendPlans(dev, rx.gatewayEui, plans, item);
      this.settle(dev, item, result, s.nFCntDown - 1);
    } finally {
      if (item) this.busy.delete(`${dev.devEui}:${item.id}`);
    }
  }

  async flushClassC(dev: RegisteredDevice): Promise<void> {
    if (this.busy.has(dev.devEui)) return;
    this.busy.add(dev.devEui);
    try {
      while (await this.sendNextClassC(dev));
    } finally {
      this.busy.delete(dev.devEui);
    }
  }

  /** Sends the oldest unsent queued item; true when the next one may follow at once. */
  private async sendNextClassC(dev: RegisteredDevice): Promise<boolean> {
    const s = this.d.storage.loadSession(dev.devEui);
    const item = this.d.storage.pendingDownlinks(dev.devEui).find((q) => q.sentFCntDown === undefined && !this.busy.has(`${dev.devEui}:${q.id}`));
    if (!item || !s?.lastGatewayEui) return false;
    const itemKey = `${dev.devEui}:${item.id}`;
    this.busy.add(itemKey); // a class A opportunity (uplink) must not send the same item meanwhile
    try {
      const phy = this.buildDownlink(s, item, { ack: false, fOpts: Buffer.alloc(0), fPending: false });
      const plan = classCPlan(this.d.region, phy, s.rx2DataRate);
      const dc = this.duty.check(plan.txpk.freq, plan.airtimeMs);
      if (!dc.ok) {
        if (dc.retryAfterMs === undefined) {
          this.settle(dev, item, { status: 'failed', reason: dc.reason }, s.nFCntDown - 1, true);
          return true;
        }
        this.d.emit({ deviceId: dev.id, id: item.id, status: 'deferred', reason: `${dc.reason}; retry in ${Math.ceil(dc.retryAfterMs / 1000)} s` });
        this.d.clock.setTimeout(() => void this.flushClassC(dev), dc.retryAfterMs);
        return false;
      }
      const result = await this.sendPlans(dev, s.lastGatewayEui, [plan], item);
      this.settle(dev, item, result, s.nFCntDown - 1);
      if (result.status === 'sent') return true;
      if (this.d.storage.pendingDownlinks(dev.devEui).some((q) => q.id === item.id)) this.d.clock.setTimeout(() => void this.flushClassC(dev), this.d.classCRetryMs ?? 1000);
      return false;
    } finally {
      this.busy.delete(itemKey);
    }
  }

  /** Builds the frame and persists the incremented downlink counter before anything is sent. */
  private buildDownlink(s: DeviceSession, item: QueuedDownlink | undefined, o: { ack: boolean; fOpts: Buffer; fPending: boolean }): Buffer {
    const fCnt32 = s.nFCntDown;
    s.nFCntDown = fCnt32 + 1;
    this.d.storage.saveSession(s);
    return buildDataFrame({
      mtype: item?.confirmed ? 'confirmed-down' : 'unconfirmed-down',
      devAddr: s.devAddr,
      fCnt32,
      fCtrl: { ack: o.ack, fPending: o.fPending },
      fOpts: o.fOpts,
      ...(item ? { fPort: item.fPort, payload: Buffer.from(item.payloadHex, 'hex') } : {}),
      nwkSKey: Buffer.from(s.nwkSKey, 'hex'),
      appSKey: Buffer.from(s.appSKey, 'hex'),
    });
  }

  /** Tries each window in order; skips windows the duty cycle or payload size forbids. */
  private async sendPlans(dev: RegisteredDevice, gatewayEui: string, plans: DownlinkPlan[], item?: QueuedDownlink): Promise<Omit<DownlinkEvent, 'deviceId'>> {
    const reasons: string[] = [];
    for (const plan of plans) {
      if (plan.txpk.size - 5 > plan.maxMacPayload) {
        reasons.push(`${plan.window}: ${plan.txpk.size}-byte frame too large for ${plan.txpk.datr}`);
        continue;
      }
      const dc = this.duty.check(plan.txpk.freq, plan.airtimeMs);
      if (!dc.ok) {
        reasons.push(`${plan.window}: ${dc.reason}`);
        continue;
      }
      let r: TxAckResult;
      try {
        r = await this.d.transmit(gatewayEui, plan.txpk);
      } catch (e) {
        reasons.push(`${plan.window}: ${(e as Error).message}`);
        continue;
      }
      if (r.status === 'ok' || r.status === 'sent-unacknowledged') {
        this.duty.record(plan.txpk.freq, plan.airtimeMs);
        this.counters.sent++;
        return { ...(item ? { id: item.id } : {}), status: 'sent', window: plan.window };
      }
      reasons.push(`${plan.window}: ${r.status === 'error' ? `concentrator refused (${r.error})` : 'no TX_ACK'}`);
    }
    this.counters.failed++;
    this.d.log.warn({ devEui: dev.devEui, reasons }, 'downlink not transmitted');
    return { ...(item ? { id: item.id } : {}), status: 'failed', reason: reasons.join('; ') };
  }

  /** After a transmission attempt: dequeue, mark awaiting ACK, or count the attempt. */
  private settle(dev: RegisteredDevice, item: QueuedDownlink | undefined, r: Omit<DownlinkEvent, 'deviceId'>, fCntDown: number, final = false): void {
    if (!item) {
      if (r.status === 'failed') this.d.emit({ deviceId: dev.id, ...r });
      return;
    }
    if (r.status === 'sent') {
      if (item.confirmed) this.d.storage.updateDownlink({ ...item, attempts: item.attempts + 1, sentFCntDown: fCntDown });
      else this.d.storage.removeDownlink(dev.devEui, item.id);
      return this.d.emit({ deviceId: dev.id, ...r, id: item.id });
    }
    const attempts = item.attempts + 1;
    if (final || attempts >= (this.d.maxDownlinkAttempts ?? 3)) {
      this.d.storage.removeDownlink(dev.devEui, item.id);
      return this.d.emit({ deviceId: dev.id, ...r, id: item.id, status: 'failed', reason: `${r.reason ?? 'not sent'} (after ${attempts} attempt(s))` });
    }
    this.d.storage.updateDownlink({ ...item, attempts, sentFCntDown: undefined } as QueuedDownlink);
    this.d.emit({ deviceId: dev.id, ...r, id: item.id, status: 'deferred' });
  }

  /** A confirmed downlink sent `maxDownlinkAttempts` times without ACK is dropped and reported. */
  private unacked(dev: RegisteredDevice, q: QueuedDownlink): boolean {
    if (q.sentFCntDown === undefined || q.attempts < (this.d.maxDownlinkAttempts ?? 3)) return false;
    this.d.storage.removeDownlink(dev.devEui, q.id);
    this.d.emit({ deviceId: dev.id, id: q.id, status: 'failed', reason: `no ACK from the device after ${q.attempts} transmissions` });
    return true;
  }

  onUplinkAck(dev: RegisteredDevice, s: DeviceSession): void {
    for (const q of this.d.storage.pendingDownlinks(dev.devEui)) {
      if (q.sentFCntDown !== undefined && q.sentFCntDown === s.nFCntDown - 1) {
        this.d.storage.removeDownlink(dev.devEui, q.id);
        this.d.emit({ deviceId: dev.id, id: q.id, status: 'acked' });
      }
    }
  }
}
