/**
 * Concentrator simulator behaving like Semtech's lora_pkt_fwd (GWMP v2 by default, v1 optional):
 * PULL_DATA keepalives, a `stat` every 30 s, PUSH_DATA for each received frame (retransmitted
 * copies are not needed: the server must ACK), and PULL_RESP honoured on its own µs counter
 * (`tmst`, wraps at 2^32): TOO_LATE / TOO_EARLY checks, TX_ACK, transmission at the right time
 * on the Clock. Fault hooks inject TX_ACK errors. Timers run on the given Clock.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { Clock, TimerHandle } from '../clock/clock';
import { DEFAULT_GPS_LEAP_SECONDS, GPS_EPOCH_MS } from '../lorawan/mac-commands';
import { PacketType } from '../semtech-udp/gwmp';
import type { TxPacket } from '../semtech-udp/tx';

export interface ConcentratorSimulatorOptions {
  gatewayEui: string;
  clock: Clock;
  serverPort: number;
  serverHost?: string;
  protocolVersion?: 1 | 2;
  /** Default 10 s, as lora_pkt_fwd's keepalive_interval. */
  keepaliveMs?: number;
  /** Default 30 s, as lora_pkt_fwd's stat_interval. */
  statIntervalMs?: number;
  /** Initial value of the µs counter, to test wraparound. Default 0. */
  tmstStart?: number;
  /** A txpk must arrive at least this long before its tmst (µs). Default 30 ms. */
  minLeadUs?: number;
  /** ... and at most this long before it (µs). Default 10 s. */
  maxLeadUs?: number;
  /** GPS-less concentrators omit `time`. Default true. */
  hasTime?: boolean;
  /** GPS-locked concentrator: rxpk carry `tmms` (ms since the GPS epoch, from the Clock). Default false. */
  gpsTime?: boolean;
}

export interface SimulatedUplinkRadio {
  freq: number;
  datr: string;
  rssi: number;
  lsnr: number;
  chan?: number;
}

export interface Transmission {
  gatewayEui: string;
  txpk: TxPacket;
  phy: Buffer;
  /** Counter value when it went on air. */
  tmst: number;
  /** Monotonic ms on the clock when it went on air. */
  atMono: number;
}

export class ConcentratorSimulator {
  private socket: Socket | undefined;
  private timers: TimerHandle[] = [];
  private token = 0;
  private readonly faults: string[] = [];
  private readonly listeners: Array<(t: Transmission) => void> = [];
  readonly counters = { pushData: 0, pushAck: 0, pullData: 0, pullAck: 0, pullResp: 0, txAck: 0, rxnb: 0, txnb: 0 };
  readonly transmissions: Transmission[] = [];
  /** For timed txpk: how far ahead of its tmst each PULL_RESP arrived (µs); the last 10,000. */
  readonly leadsUs: number[] = [];

  constructor(private readonly o: ConcentratorSimulatorOptions) {}

  get gatewayEui(): string {
    return this.o.gatewayEui;
  }

  /** The concentrator's 32-bit µs counter. */
  tmst(): number {
    return ((this.o.tmstStart ?? 0) + Math.floor(this.o.clock.monotonic() * 1000)) >>> 0;
  }

  async start(): Promise<void> {
    const socket = createSocket('udp4');
    this.socket = socket;
    socket.on('message', (m) => this.onMessage(m));
    await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
    this.pullData();
    this.timers.push(this.o.clock.setInterval(() => this.pullData(), this.o.keepaliveMs ?? 10_000));
    this.timers.push(this.o.clock.setInterval(() => this.sendStat(), this.o.statIntervalMs ?? 30_000));
  }

  async stop(): Promise<void> {
    for (const t of this.timers) this.o.clock.clearInterval(t);
    this.timers = [];
    const s = this.socket;
    this.socket = undefined;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }

  /** Called when a transmission goes on air (the radio medium delivers it to devices). */
  onTransmit(fn: (t: Transmission) => void): void {
    this.listeners.push(fn);
  }

  /** Fault hook: the next PULL_RESP gets this TX_ACK error (e.g. "COLLISION_PACKET") and is not sent. */
  failNextTx(error: string): void {
    this.faults.push(error);
  }

  /** The radio heard `phy`: forward it as lora_pkt_fwd would. */
  receive(phy: Buffer, radio: SimulatedUplinkRadio): void {
    this.counters.rxnb++;
    const rxpk = {
      ...(this.o.hasTime === false ? {} : { time: new Date(this.o.clock.now()).toISOString() }),
      ...(this.o.gpsTime ? { tmms: Math.round(this.o.clock.now() - GPS_EPOCH_MS + DEFAULT_GPS_LEAP_SECONDS * 1000) } : {}),
      tmst: this.tmst(), chan: radio.chan ?? 0, rfch: 0, freq: radio.freq, stat: 1, modu: 'LORA', datr: radio.datr, codr: '4/5',
      rssi: Math.round(radio.rssi), lsnr: Math.round(radio.lsnr * 10) / 10, rssis: Math.round(radio.rssi - Math.max(0, -radio.lsnr)),
      size: phy.length, data: phy.toString('base64'),
    };
    this.push({ rxpk: [rxpk] });
  }

  private header(type: number, token: number, withEui: boolean): Buffer {
    const h = Buffer.alloc(withEui ? 12 : 4);
    h[0] = this.o.protocolVersion ?? 2;
    h.writeUInt16BE(token, 1);
    h[3] = type;
    if (withEui) Buffer.from(this.o.gatewayEui, 'hex').copy(h, 4);
    return h;
  }

  private send(buf: Buffer): void {
    this.socket?.send(buf, this.o.serverPort, this.o.serverHost ?? '127.0.0.1');
  }

  private nextToken(): number {
    this.token = (this.token + 1) & 0xffff;
    return this.token;
  }

  private push(body: object): void {
    this.counters.pushData++;
    this.send(Buffer.concat([this.header(PacketType.PUSH_DATA, this.nextToken(), true), Buffer.from(JSON.stringify(body))]));
  }

  private pullData(): void {
    this.counters.pullData++;
    this.send(this.header(PacketType.PULL_DATA, this.nextToken(), true));
  }

  private sendStat(): void {
    const c = this.counters;
    this.push({
      stat: {
        time: new Date(this.o.clock.now()).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' GMT'),
        rxnb: c.rxnb, rxok: c.rxnb, rxfw: c.rxnb, ackr: c.pushData ? Math.round((1000 * c.pushAck) / c.pushData) / 10 : 0,
        dwnb: c.pullResp, txnb: c.txnb, temp: 38.5,
      },
    });
  }

  private onMessage(m: Buffer): void {
    if (m.length < 4) return;
    const type = m[3];
    if (type === PacketType.PUSH_ACK) this.counters.pushAck++;
    else if (type === PacketType.PULL_ACK) this.counters.pullAck++;
    else if (type === PacketType.PULL_RESP) this.onPullResp(m.readUInt16BE(1), m.subarray(4));
  }

  private onPullResp(token: number, body: Buffer): void {
    this.counters.pullResp++;
    let txpk: TxPacket;
    try {
      txpk = (JSON.parse(body.toString()) as { txpk: TxPacket }).txpk;
    } catch {
      return this.txAck(token, 'TX_FREQ'); // lora_pkt_fwd rejects unparseable txpk; closest code
    }
    const fault = this.faults.shift();
    if (fault) return this.txAck(token, fault);
    const now = this.tmst();
    let delayUs = 0;
    if (!txpk.imme) {
      delayUs = ((txpk.tmst! - now) << 0); // signed 32-bit difference handles wraparound
      this.leadsUs.push(delayUs);
      if (this.leadsUs.length > 10_000) this.leadsUs.shift();
      if (delayUs < (this.o.minLeadUs ?? 30_000)) return this.txAck(token, 'TOO_LATE');
      if (delayUs > (this.o.maxLeadUs ?? 10_000_000)) return this.txAck(token, 'TOO_EARLY');
    }
    this.txAck(token, 'NONE');
    const phy = Buffer.from(txpk.data, 'base64');
    if (txpk.imme) this.emit(txpk, phy);
    else this.o.clock.setTimeout(() => this.emit(txpk, phy), delayUs / 1000);
  }

  private emit(txpk: TxPacket, phy: Buffer): void {
    this.counters.txnb++;
    const t: Transmission = { gatewayEui: this.o.gatewayEui, txpk, phy, tmst: this.tmst(), atMono: this.o.clock.monotonic() };
    this.transmissions.push(t);
    for (const l of this.listeners) l(t);
  }

  private txAck(token: number, error: string): void {
    if ((this.o.protocolVersion ?? 2) === 1) return; // v1 has no TX_ACK
    this.counters.txAck++;
    this.send(Buffer.concat([this.header(PacketType.TX_ACK, token, true), Buffer.from(JSON.stringify({ txpk_ack: { error } }))]));
  }
}
