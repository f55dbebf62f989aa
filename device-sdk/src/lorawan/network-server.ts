/**
 * Edge LoRaWAN 1.0.x network server: joins, sessions, MIC, counters, dedup, MAC answers,
 * confirmed-uplink ACKs and the per-device downlink queue (class A and C). Transport-agnostic:
 * feed it RxPackets (`handleUplink`) and give it a `transmit` function (SemtechUdpServer.sendDownlink).
 * Decrypted application payloads leave through `onFrame`. See README.md for the decisions.
 */
import { randomInt } from 'node:crypto';
import type { Clock } from '../clock/clock';
import { type Logger, RejectCounter, silentLogger } from '../semtech-udp/log';
import type { RxPacket } from '../semtech-udp/rxpk';
import type { TxAckResult, TxPacket } from '../semtech-udp/tx';
import { deriveSessionKeys } from './crypto';
import { checkClassATiming, ClassADecisions } from './class-a-decision';
import { type DedupedUplink, Deduplicator } from './dedup';
import { uplinkDataRate } from './downlink-plan';
import { type DownlinkEvent, DownlinkScheduler } from './downlink-scheduler';
import type { DutyCycleDecision } from './duty-cycle';
import { fCntCandidates } from './fcnt';
import {
  buildJoinAccept,
  type DataFrame,
  decryptFrmPayload,
  devAddrHex,
  FrameError,
  type JoinRequestFrame,
  parsePhyPayload,
  verifyDataMic,
  verifyJoinRequestMic,
} from './frame';
import { CID, deviceTimeAns, linkCheckAns, parseUplinkMacCommands } from './mac-commands';
import { encodeCfList, EU868, type Region } from './region';
import type { DeviceRegistry, RegisteredDevice } from './registry';
import { SessionCiphers } from './session-ciphers';
import { CachedSessionStorage, type DeviceSession, type QueuedDownlink, type SessionStorage } from './storage';

export interface RadioSummary {
  gatewayEui: string;
  rssi: number;
  snr?: number;
  freq: number;
  datr: string | number;
  tmst: number;
  /** Every concentrator that heard the frame. */
  gateways: Array<{ gatewayEui: string; rssi: number; snr?: number }>;
}

/** What the gateway pipeline ingests (`ingestFrame`). */
export interface LorawanFrame {
  deviceId: string;
  devEui: string;
  fPort: number;
  bytes: Buffer;
  fCnt: number;
  receivedAt: number;
  confirmed: boolean;
  radio: RadioSummary;
}

export type NsRejectCause =
  | 'frame-error'
  | 'not-uplink'
  | 'unsupported-mtype'
  | 'unknown-devaddr'
  | 'unknown-deveui'
  | 'join-eui-mismatch'
  | 'bad-mic'
  | 'replay'
  | 'fcnt-gap'
  | 'fcnt-exhausted'
  | 'devnonce-reused'
  | 'dedup-overflow'
  | 'mac-command'
  | 'handler-error';

export interface EdgeNetworkServerOptions {
  clock: Clock;
  registry: DeviceRegistry;
  storage: SessionStorage;
  /** Sends a txpk through a concentrator; SemtechUdpServer.sendDownlink fits. */
  transmit: (gatewayEui: string, txpk: TxPacket) => Promise<TxAckResult>;
  /**
   * Receives every accepted application frame. When it returns a promise (the pipeline's durable
   * commit), the class A downlink of this uplink is decided after it settles (see downlinkDataDelayMs).
   */
  onFrame: (frame: LorawanFrame) => void | PromiseLike<unknown>;
  onDownlink?: (event: DownlinkEvent) => void;
  /** DeviceTimeReq is answered only while this returns true. */
  isClockTrusted: () => boolean;
  region?: Region;
  /** 24-bit NetID; its 7 LSBs become the DevAddr prefix of joined devices. Default 0x000000. */
  netId?: number;
  /** Default 200 ms. */
  dedupWindowMs?: number;
  /** Largest accepted jump of the uplink counter (LoRaWAN 1.0.2 MAX_FCNT_GAP). Default 16384. */
  maxFCntGap?: number;
  /**
   * After an uplink is delivered (onFrame's promise settled), how long application code (rules)
   * may still queue a downlink that goes in the RX1 of that uplink. Default 100 ms (ChirpStack's
   * get_downlink_data_delay). 0..1000.
   */
  downlinkDataDelayMs?: number;
  /**
   * The class A decision is taken at the latest this long before RX1 (timed from the first copy
   * heard): the PULL_RESP must reach the concentrator in time. Default 300 ms. 0..1000.
   */
  downlinkLeadMs?: number;
  /** Tries per queued downlink before it is reported failed. Default 3. */
  maxDownlinkAttempts?: number;
  /** Delay before a class C retry after a TX_ACK error. Default 1000 ms. */
  classCRetryMs?: number;
  /** Session parameters sent in join-accepts. */
  joinParams?: { rx1DrOffset: number; rx2DataRate: number; rxDelay: number };
  gpsLeapSeconds?: number;
  logger?: Logger;
  logIntervalMs?: number;
}

export class EdgeNetworkServer {
  private readonly region: Region;
  private readonly dedup: Deduplicator;
  private readonly downlinks: DownlinkScheduler;
  private readonly classADecisions: ClassADecisions;
  private readonly storage: SessionStorage;
  private readonly rejects: RejectCounter<NsRejectCause>;
  private readonly log: Logger;
  private readonly devAddrIndex = new Map<number, Set<string>>();
  private readonly ciphers = new SessionCiphers();
  private readonly counters = { uplinks: 0, duplicates: 0, retransmissions: 0, joins: 0, frames: 0, deviceTimeUnanswered: 0 };

  constructor(private readonly o: EdgeNetworkServerOptions) {
    this.region = o.region ?? EU868;
    this.log = o.logger ?? silentLogger;
    this.rejects = new RejectCounter(o.clock, this.log, o.logIntervalMs);
    this.storage = new CachedSessionStorage(o.storage);
    this.downlinks = new DownlinkScheduler({
      clock: o.clock, storage: this.storage, region: this.region, transmit: o.transmit, log: this.log, emit: (e) => this.emit(e),
      ...(o.maxDownlinkAttempts !== undefined ? { maxDownlinkAttempts: o.maxDownlinkAttempts } : {}),
      ...(o.classCRetryMs !== undefined ? { classCRetryMs: o.classCRetryMs } : {}),
    });
    this.classADecisions = new ClassADecisions(o.clock, checkClassATiming({
      ...(o.downlinkDataDelayMs !== undefined ? { dataDelayMs: o.downlinkDataDelayMs } : {}),
      ...(o.downlinkLeadMs !== undefined ? { leadMs: o.downlinkLeadMs } : {}),
    }));
    this.dedup = new Deduplicator(o.clock, o.dedupWindowMs ?? 200, (u) => this.safely(() => this.onDeduped(u)));
    for (const dev of o.registry.all()) this.loadOrCreateSession(dev);
  }

  /** Feed every rxpk from every concentrator here. */
  handleUplink(rx: RxPacket): void {
    this.counters.uplinks++;
    if (!this.dedup.push(rx)) {
      if (this.dedup.isFull()) this.reject('dedup-overflow', {}, 'too many frames in the dedup window; frame dropped');
      else this.counters.duplicates++;
    }
  }

  /** Queue an application downlink; class C devices get it at once, class A after their next uplink. */
  enqueueDownlink(deviceId: string, d: { fPort: number; bytes: Uint8Array; confirmed?: boolean }): QueuedDownlink {
    const dev = this.o.registry.byDeviceId(deviceId);
    if (!dev) throw new RangeError(`no LoRaWAN device with id "${deviceId}"`);
    if (!Number.isInteger(d.fPort) || d.fPort < 1 || d.fPort > 223) throw new RangeError(`downlink fPort must be 1..223, got ${d.fPort}`);
    if (d.bytes.length > 242) throw new RangeError(`downlink payload is ${d.bytes.length} bytes; at most 242 allowed (less at slow data rates)`);
    const item = this.storage.enqueueDownlink({
      devEui: dev.devEui,
      fPort: d.fPort,
      payloadHex: Buffer.from(d.bytes).toString('hex'),
      confirmed: d.confirmed ?? false,
      enqueuedAt: this.o.clock.now(),
    });
    if (dev.deviceClass === 'C') void this.downlinks.flushClassC(dev);
    return item;
  }

  /**
   * Operator action for an ABP device that restarted its counters (battery change): forget the
   * last uplink counter so the next frame is accepted. Replay protection restarts from there.
   */
  resetUplinkCounter(deviceId: string): void {
    const dev = this.o.registry.byDeviceId(deviceId);
    const s = dev && this.storage.loadSession(dev.devEui);
    if (!dev || !s) throw new RangeError(`no LoRaWAN session for device "${deviceId}"`);
    delete s.fCntUp;
    this.storage.saveSession(s);
    this.log.info({ devEui: dev.devEui }, 'uplink counter reset by operator');
  }

  /** Duty-cycle check for a future downlink to this device (the safety governor asks before deciding). */
  downlinkBudget(deviceId: string, payloadBytes = 16): DutyCycleDecision {
    const dev = this.o.registry.byDeviceId(deviceId);
    const s = dev && this.storage.loadSession(dev.devEui);
    if (!dev || !s) return { ok: false, reason: `no LoRaWAN session for device "${deviceId}"` };
    return this.downlinks.budget(dev, s, payloadBytes);
  }

  /**
   * `classADecisions`: how class A windows were decided — `ready` (uplink delivered + data
   * delay), `deadline` (the lead before RX1 came first: slow commit or rules), `cancelled` (stop).
   */
  metrics(): typeof this.counters & {
    downlinksSent: number; downlinksFailed: number; rejected: Record<string, number>; dutyCycleMs: Record<string, number>;
    classADecisions: { ready: number; deadline: number; cancelled: number; waiting: number };
  } {
    const d = this.downlinks.counters;
    return {
      ...this.counters, downlinksSent: d.sent, downlinksFailed: d.failed, rejected: this.rejects.snapshot(), dutyCycleMs: this.downlinks.dutyCycleUsage(),
      classADecisions: { ...this.classADecisions.counters, waiting: this.classADecisions.waiting() },
    };
  }

  /**
   * Stop (after the uplink socket is closed and deliveries drained): class A decisions still
   * waiting are dropped — nothing can be sent any more; queued downlinks stay in storage.
   */
  stop(): void {
    const n = this.classADecisions.cancelAll();
    if (n > 0) this.log.info({ cancelled: n }, 'class A windows still waiting were dropped at stop');
  }

  // ---- uplinks -------------------------------------------------------------------------------

  private onDeduped(u: DedupedUplink): void {
    let frame;
    try {
      frame = parsePhyPayload(u.best.data);
    } catch (e) {
      if (e instanceof FrameError) return this.reject('frame-error', { gatewayEui: u.best.gatewayEui, reason: e.reason }, e.message);
      throw e;
    }
    if (frame.kind === 'join-request') return this.onJoinRequest(frame, u);
    if (frame.kind !== 'data') return this.reject('unsupported-mtype', { mtype: frame.mtype }, `${frame.mtype} frames are not handled`);
    if (frame.direction !== 'up') return this.reject('not-uplink', { devAddr: devAddrHex(frame.devAddr) }, 'downlink frame received on the uplink path');
    this.onDataUp(frame, u);
  }

  private onDataUp(frame: DataFrame, u: DedupedUplink): void {
    const devAddr = devAddrHex(frame.devAddr);
    const euis = this.devAddrIndex.get(frame.devAddr);
    if (!euis?.size) return this.reject('unknown-devaddr', { devAddr }, `no session for DevAddr ${devAddr}`);
    let seenReplay = false;
    let exhausted = false;
    for (const devEui of euis) {
      const s = this.storage.loadSession(devEui);
      if (!s) continue;
      const nwk = this.ciphers.for(s).nwkSKey;
      const c = fCntCandidates(s.fCntUp, frame.fCnt16);
      if (c.forward !== undefined && verifyDataMic(frame, nwk, c.forward)) {
        const gap = s.fCntUp === undefined ? 0 : c.forward - s.fCntUp;
        if (gap > (this.o.maxFCntGap ?? 16384)) return this.reject('fcnt-gap', { devEui, gap }, `FCnt jumped by ${gap}; at most ${this.o.maxFCntGap ?? 16384} allowed`);
        return this.acceptData(frame, u, s, c.forward);
      }
      if (c.replay !== undefined && verifyDataMic(frame, nwk, c.replay)) {
        if (c.replay === s.fCntUp) return this.onRetransmission(frame, u, s);
        seenReplay = true;
      }
      if (c.forward === undefined) exhausted = true;
    }
    if (seenReplay) return this.reject('replay', { devAddr, fCnt16: frame.fCnt16 }, `replayed frame counter ${frame.fCnt16} for DevAddr ${devAddr}`);
    if (exhausted) return this.reject('fcnt-exhausted', { devAddr }, `32-bit FCnt exhausted for DevAddr ${devAddr}; the device must rejoin`);
    this.reject('bad-mic', { devAddr }, `MIC check failed for DevAddr ${devAddr}`);
  }

  /**
   * The device sent its last frame again (NbTrans repetition, or a confirmed uplink whose ACK it
   * missed). The data is never delivered twice; a confirmed one is ACKed again.
   */
  private onRetransmission(frame: DataFrame, u: DedupedUplink, s: DeviceSession): void {
    this.counters.retransmissions++;
    const dev = this.o.registry.byDevEui(s.devEui)!;
    if (frame.confirmed) this.downlinks.classA(dev, s, u.best, true, [], false).catch((e: unknown) => this.reject('handler-error', { err: (e as Error).message }, 'ACK of a retransmission failed'));
  }

  private acceptData(frame: DataFrame, u: DedupedUplink, s: DeviceSession, fCnt: number): void {
    const dev = this.o.registry.byDevEui(s.devEui)!;
    s.fCntUp = fCnt;
    s.lastGatewayEui = u.best.gatewayEui;
    this.storage.saveSession(s); // write before act
    this.counters.frames++;
    const plain = decryptFrmPayload(frame, this.ciphers.for(s), fCnt);
    if (frame.fCtrl.ack) this.downlinks.onUplinkAck(dev, s);
    const answers = this.macAnswers(frame.fPort === 0 ? plain : frame.fOpts, u, dev);
    let delivered: PromiseLike<unknown> | undefined;
    if (frame.fPort !== undefined && frame.fPort > 0) {
      const f: LorawanFrame = { deviceId: dev.id, devEui: dev.devEui, fPort: frame.fPort, bytes: plain, fCnt, receivedAt: u.receivedAt, confirmed: frame.confirmed, radio: radioSummary(u) };
      delivered = thenable(this.safely(() => this.o.onFrame(f)));
    }
    this.classADecisions.schedule({
      heardAtMono: u.heardAtMono,
      rxDelayMs: s.rxDelay * 1000 || this.region.receiveDelay1Ms,
      ...(delivered ? { ready: delivered } : {}),
      decide: () => this.safely(() => this.decideClassA(dev, s, u, frame.confirmed, answers)),
    });
  }

  /**
   * RX1/RX2 of an accepted uplink: ACK, MAC answers and the oldest queued downlink. The session is
   * read again (the copy taken at the uplink may be stale: the downlink counter moves on); a device
   * that rejoined meanwhile has a new session and this window is not its own any more.
   */
  private decideClassA(dev: RegisteredDevice, atUplink: DeviceSession, u: DedupedUplink, ack: boolean, answers: Buffer[]): void {
    const s = this.storage.loadSession(dev.devEui);
    if (!s || s.devAddr !== atUplink.devAddr || s.nwkSKey !== atUplink.nwkSKey) return;
    this.downlinks.classA(dev, s, u.best, ack, answers).catch((e: unknown) => this.reject('handler-error', { err: (e as Error).message }, 'class A downlink failed'));
  }

  private macAnswers(bytes: Buffer, u: DedupedUplink, dev: RegisteredDevice): Buffer[] {
    if (bytes.length === 0) return [];
    const parsed = parseUplinkMacCommands(bytes);
    if (parsed.error) this.reject('mac-command', { devEui: dev.devEui }, parsed.error);
    const out: Buffer[] = [];
    for (const cmd of parsed.commands) {
      if (cmd.cid === CID.LinkCheck) {
        const dr = uplinkDataRate(this.region, u.best);
        const sf = dr === undefined ? 7 : this.region.dataRates[dr]!.sf;
        out.push(linkCheckAns((u.best.lsnr ?? 0) - (this.region.requiredSnr[sf] ?? 0), u.all.length));
      } else if (cmd.cid === CID.DeviceTime) {
        if (this.o.isClockTrusted()) out.push(deviceTimeAns(u.receivedAt, this.o.gpsLeapSeconds));
        else this.counters.deviceTimeUnanswered++;
      }
    }
    return out;
  }

  // ---- joins ---------------------------------------------------------------------------------

  private onJoinRequest(frame: JoinRequestFrame, u: DedupedUplink): void {
    const dev = this.o.registry.byDevEui(frame.devEui);
    if (!dev || dev.activation.mode !== 'otaa') return this.reject('unknown-deveui', { devEui: frame.devEui }, `join-request from unregistered OTAA DevEUI ${frame.devEui}`);
    const a = dev.activation;
    if (a.joinEui.toLowerCase() !== frame.joinEui) return this.reject('join-eui-mismatch', { devEui: dev.devEui, joinEui: frame.joinEui }, `JoinEUI ${frame.joinEui} does not match the registry`);
    const appKey = Buffer.from(a.appKey, 'hex');
    if (!verifyJoinRequestMic(frame, appKey)) return this.reject('bad-mic', { devEui: dev.devEui }, `join-request MIC check failed for ${dev.devEui}`);
    if (!this.storage.useDevNonce(dev.devEui, frame.devNonce)) {
      return this.reject('devnonce-reused', { devEui: dev.devEui, devNonce: frame.devNonce }, `DevNonce ${frame.devNonce} already used by ${dev.devEui}`);
    }
    const appNonce = this.storage.nextJoinNonce(dev.devEui);
    const netId = this.o.netId ?? 0;
    const devAddr = this.allocateDevAddr(netId);
    const keys = deriveSessionKeys(appKey, appNonce, netId, frame.devNonce);
    const p = this.o.joinParams ?? { rx1DrOffset: 0, rx2DataRate: this.region.rx2.dataRate, rxDelay: 1 };
    const old = this.storage.loadSession(dev.devEui);
    if (old) this.devAddrIndex.get(old.devAddr)?.delete(dev.devEui);
    this.ciphers.forget(dev.devEui); // the old session's keys go with it
    const session: DeviceSession = {
      devEui: dev.devEui, devAddr, nwkSKey: keys.nwkSKey.toString('hex'), appSKey: keys.appSKey.toString('hex'),
      nFCntDown: 0, rx1DrOffset: p.rx1DrOffset, rx2DataRate: p.rx2DataRate, rxDelay: p.rxDelay,
      lastGatewayEui: u.best.gatewayEui, activatedAt: this.o.clock.now(),
    };
    this.storage.saveSession(session);
    this.index(session);
    this.counters.joins++;
    this.log.info({ devEui: dev.devEui, devAddr: devAddrHex(devAddr) }, 'device joined');
    const cf = this.region.cfListMHz?.length ? { cfList: encodeCfList(this.region.cfListMHz) } : {};
    const phy = buildJoinAccept({ appNonce, netId, devAddr, ...p, ...cf, appKey });
    void this.downlinks.joinAccept(dev, u.best, phy);
  }

  private allocateDevAddr(netId: number): number {
    const prefix = (netId & 0x7f) << 25;
    for (;;) {
      const addr = (prefix | randomInt(0, 1 << 25)) >>> 0;
      if (!this.devAddrIndex.get(addr)?.size) return addr;
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private loadOrCreateSession(dev: RegisteredDevice): void {
    let s = this.storage.loadSession(dev.devEui);
    const a = dev.activation;
    if (a.mode === 'abp') {
      const devAddr = Number.parseInt(a.devAddr, 16) >>> 0;
      if (!s || s.devAddr !== devAddr || s.nwkSKey !== a.nwkSKey.toLowerCase()) {
        s = {
          devEui: dev.devEui, devAddr, nwkSKey: a.nwkSKey.toLowerCase(), appSKey: a.appSKey.toLowerCase(), nFCntDown: s?.nFCntDown ?? 0,
          rx1DrOffset: 0, rx2DataRate: this.region.rx2.dataRate, rxDelay: 1, activatedAt: this.o.clock.now(),
        };
        this.storage.saveSession(s);
      }
    }
    if (s) this.index(s);
  }

  private index(s: DeviceSession): void {
    const set = this.devAddrIndex.get(s.devAddr) ?? new Set<string>();
    set.add(s.devEui);
    this.devAddrIndex.set(s.devAddr, set);
  }

  private reject(cause: NsRejectCause, detail: object, message: string): void {
    this.rejects.reject(cause, detail, message);
  }

  private emit(e: DownlinkEvent): void {
    this.safely(() => this.o.onDownlink?.(e));
  }

  private safely<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      this.reject('handler-error', { err: (e as Error).message }, 'a callback threw; the frame was still counted');
      return undefined;
    }
  }
}

function thenable(v: unknown): PromiseLike<unknown> | undefined {
  return typeof (v as PromiseLike<unknown> | undefined)?.then === 'function' ? (v as PromiseLike<unknown>) : undefined;
}

function radioSummary(u: DedupedUplink): RadioSummary {
  const b = u.best;
  return {
    gatewayEui: b.gatewayEui, rssi: b.rssi, ...(b.lsnr !== undefined ? { snr: b.lsnr } : {}), freq: b.freq, datr: b.datr, tmst: b.tmst,
    gateways: u.all.map((r) => ({ gatewayEui: r.gatewayEui, rssi: r.rssi, ...(r.lsnr !== undefined ? { snr: r.lsnr } : {}) })),
  };
}
