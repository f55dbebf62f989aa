/**
 * Semtech UDP packet-forwarder server (GWMP v1 and v2): many concentrators on one socket,
 * optional gateway EUI allowlist, bounded datagrams, bad input counted by cause and logged
 * at most once per cause per interval. Never throws from the receive path.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import type { Clock, TimerHandle } from '../clock/clock';
import { buildPullAck, buildPullResp, buildPushAck, GwmpError, PacketType, parseUpstream, type GwmpRejectCause } from './gwmp';
import type { ConcentratorSender, GatewayRelay } from './forwarder';
import { type ConcentratorLink, isLinkUp } from './link-state';
import { type Logger, RejectCounter, silentLogger } from './log';
import { type GatewayStat, parsePushDataBody, type RxPacket, type RxpkRejectCause } from './rxpk';
import { parseTxAck, type TxAckResult, type TxPacket } from './tx';

export type UdpRejectCause = GwmpRejectCause | RxpkRejectCause | 'too-large' | 'unknown-gateway' | 'invalid-tx-ack' | 'unmatched-tx-ack' | 'handler-error';

export interface SemtechUdpServerOptions {
  clock: Clock;
  /** Default 0.0.0.0. */
  host?: string;
  /** Default 1700; 0 picks a free port (tests). */
  port?: number;
  /** SO_RCVBUF in bytes; raise it for bursts (benchmark: 4 MiB). Default: OS default. */
  recvBufferSize?: number;
  /** Lowercase/uppercase 16-hex EUIs; undefined accepts any concentrator. */
  allowedGateways?: readonly string[];
  /** Datagrams larger than this are rejected unparsed. Default 16384 (lora_pkt_fwd never sends more). */
  maxDatagramBytes?: number;
  /** How long to wait for a v2 TX_ACK. Default 2000 ms. */
  txAckTimeoutMs?: number;
  logger?: Logger;
  /** At most one log line per reject cause per interval. Default 60 s. */
  logIntervalMs?: number;
  onUplink?: (rx: RxPacket) => void;
  onStat?: (gatewayEui: string, stat: GatewayStat) => void;
  /** Relay of raw traffic to operator network servers (GwmpForwarder). */
  relay?: GatewayRelay;
}

export interface SemtechUdpMetrics {
  datagrams: number;
  pushData: number;
  pullData: number;
  txAck: number;
  rxpk: number;
  stats: number;
  pullResp: number;
  rejected: Record<string, number>;
}

interface PendingTx {
  resolve(r: TxAckResult): void;
  timer: TimerHandle;
}

export class UnknownConcentratorError extends Error {
  constructor(gatewayEui: string) {
    super(`concentrator ${gatewayEui} has not sent PULL_DATA yet; no downlink path`);
    this.name = 'UnknownConcentratorError';
  }
}

export class SemtechUdpServer implements ConcentratorSender {
  private socket: Socket | undefined;
  private readonly links = new Map<string, ConcentratorLink>();
  private readonly pending = new Map<number, PendingTx>();
  private readonly rejects: RejectCounter<UdpRejectCause>;
  private readonly allow: Set<string> | undefined;
  private readonly counters = { datagrams: 0, pushData: 0, pullData: 0, txAck: 0, rxpk: 0, stats: 0, pullResp: 0 };
  private nextToken = 1;

  constructor(private readonly options: SemtechUdpServerOptions) {
    this.rejects = new RejectCounter(options.clock, options.logger ?? silentLogger, options.logIntervalMs);
    this.allow = options.allowedGateways ? new Set(options.allowedGateways.map((e) => e.toLowerCase())) : undefined;
  }

  async start(): Promise<AddressInfo> {
    const socket = createSocket({ type: 'udp4', ...(this.options.recvBufferSize ? { recvBufferSize: this.options.recvBufferSize } : {}) });
    this.socket = socket;
    socket.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
    socket.on('error', (err) => (this.options.logger ?? silentLogger).warn({ err: err.message }, 'semtech-udp socket error'));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.options.port ?? 1700, this.options.host ?? '0.0.0.0', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return socket.address();
  }

  async stop(): Promise<void> {
    for (const [token, p] of this.pending) {
      this.options.clock.clearTimeout(p.timer);
      p.resolve({ status: 'timeout' });
      this.pending.delete(token);
    }
    const s = this.socket;
    this.socket = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  address(): AddressInfo {
    if (!this.socket) throw new Error('semtech-udp server is not started');
    return this.socket.address();
  }


  /** Link state of every concentrator heard from, with `up` computed from PULL_DATA age. */
  linkState(maxAgeMs?: number): Array<ConcentratorLink & { up: boolean }> {
    const now = this.options.clock.monotonic();
    return [...this.links.values()].map((l) => ({ ...l, up: isLinkUp(l, now, maxAgeMs) }));
  }

  metrics(): SemtechUdpMetrics {
    return { ...this.counters, rejected: this.rejects.snapshot() };
  }

  /**
   * Send a txpk to a concentrator (PULL_RESP to the address of its last PULL_DATA).
   * Resolves with the TX_ACK result (v2), `sent-unacknowledged` (v1) or `timeout`.
   */
  sendDownlink(gatewayEui: string, txpk: TxPacket): Promise<TxAckResult> {
    const link = this.links.get(gatewayEui.toLowerCase());
    if (!link?.downlinkAddress || !this.socket) return Promise.reject(new UnknownConcentratorError(gatewayEui));
    const token = this.allocateToken();
    const datagram = buildPullResp(link.protocolVersion, token, txpk);
    const { address, port } = link.downlinkAddress;
    link.downlinks++;
    this.counters.pullResp++;
    this.socket.send(datagram, port, address);
    if (link.protocolVersion === 1) return Promise.resolve({ status: 'sent-unacknowledged' });
    return new Promise((resolve) => {
      const timer = this.options.clock.setTimeout(() => {
        this.pending.delete(token);
        resolve({ status: 'timeout' });
      }, this.options.txAckTimeoutMs ?? 2000);
      this.pending.set(token, { resolve, timer });
    });
  }

  sendRaw(gatewayEui: string, datagram: Buffer): boolean {
    const to = this.links.get(gatewayEui)?.downlinkAddress;
    if (!to || !this.socket) return false;
    this.socket.send(datagram, to.port, to.address);
    return true;
  }

  private allocateToken(): number {
    for (let i = 0; i < 0x10000; i++) {
      const t = this.nextToken;
      this.nextToken = (this.nextToken % 0xffff) + 1;
      if (!this.pending.has(t)) return t;
    }
    throw new Error('65535 downlinks awaiting TX_ACK; refusing more');
  }

  private onMessage(msg: Buffer, rinfo: RemoteInfo): void {
    this.counters.datagrams++;
    try {
      this.handle(msg, rinfo);
    } catch (e) {
      if (e instanceof GwmpError) this.rejects.reject(e.reason, { from: rinfo.address }, e.message);
      else this.rejects.reject('handler-error', { from: rinfo.address, err: (e as Error).message }, 'uplink/stat handler threw; datagram dropped');
    }
  }

  private handle(msg: Buffer, rinfo: RemoteInfo): void {
    const max = this.options.maxDatagramBytes ?? 16384;
    if (msg.length > max) {
      this.rejects.reject('too-large', { from: rinfo.address, bytes: msg.length }, `datagram of ${msg.length} bytes exceeds ${max}`);
      return;
    }
    const h = parseUpstream(msg);
    if (this.allow && !this.allow.has(h.gatewayEui)) {
      this.rejects.reject('unknown-gateway', { from: rinfo.address, gatewayEui: h.gatewayEui }, `concentrator ${h.gatewayEui} is not in the allowlist`);
      return;
    }
    const link = this.link(h.gatewayEui, h.version);
    this.options.relay?.forward(h.gatewayEui, msg);
    switch (h.type) {
      case PacketType.PUSH_DATA:
        this.socket?.send(buildPushAck(h.version, h.token), rinfo.port, rinfo.address);
        this.onPushData(link, h.body);
        return;
      case PacketType.PULL_DATA:
        this.counters.pullData++;
        link.downlinkAddress = { address: rinfo.address, port: rinfo.port };
        link.lastPullDataAt = this.options.clock.now();
        link.lastPullDataMono = this.options.clock.monotonic();
        this.socket?.send(buildPullAck(h.version, h.token), rinfo.port, rinfo.address);
        return;
      default:
        this.onTxAck(h.token, h.body, h.gatewayEui);
    }
  }

  private link(gatewayEui: string, version: 1 | 2): ConcentratorLink {
    let link = this.links.get(gatewayEui);
    if (!link) {
      link = { gatewayEui, protocolVersion: version, uplinks: 0, downlinks: 0 };
      this.links.set(gatewayEui, link);
    }
    link.protocolVersion = version;
    return link;
  }

  private onPushData(link: ConcentratorLink, body: Buffer): void {
    this.counters.pushData++;
    link.lastPushDataAt = this.options.clock.now();
    const parsed = parsePushDataBody(link.gatewayEui, body);
    for (const r of parsed.rejected) this.rejects.reject(r.cause, { gatewayEui: link.gatewayEui }, r.message);
    if (parsed.stat) {
      this.counters.stats++;
      link.stat = parsed.stat;
      link.lastStatAt = this.options.clock.now();
      link.lastStatMono = this.options.clock.monotonic();
      this.options.onStat?.(link.gatewayEui, parsed.stat);
    }
    for (const rx of parsed.rxpk) {
      this.counters.rxpk++;
      link.uplinks++;
      this.options.onUplink?.(rx);
    }
  }

  private onTxAck(token: number, body: Buffer, gatewayEui: string): void {
    this.counters.txAck++;
    if (this.options.relay?.claimsTxAck(gatewayEui, token)) return; // upstream's downlink; relayed already
    let result: TxAckResult;
    try {
      result = parseTxAck(body);
    } catch (e) {
      this.rejects.reject('invalid-tx-ack', { gatewayEui }, (e as Error).message);
      return;
    }
    const p = this.pending.get(token);
    if (!p) {
      this.rejects.reject('unmatched-tx-ack', { gatewayEui, token }, `TX_ACK token ${token} matches no pending downlink`);
      return;
    }
    this.pending.delete(token);
    this.options.clock.clearTimeout(p.timer);
    p.resolve(result);
  }
}
