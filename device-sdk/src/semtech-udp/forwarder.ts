/**
 * Relay of raw GWMP traffic to one or more operator network servers (issue 4 §4), while the local
 * server keeps decoding: the gateway sits in an existing LoRaWAN network without losing edge
 * autonomy. Each (concentrator, upstream) pair gets its own UDP socket, as if the concentrator
 * talked to the upstream directly: its PUSH_DATA / PULL_DATA / TX_ACK go up unchanged, upstream
 * PULL_RESP come back down to that concentrator, upstream ACKs are absorbed (the local server
 * already acknowledged). Replies are accepted only from the configured upstream address.
 *
 * Upstream downlinks are not seen by the local duty-cycle accounting (the operator's server does
 * its own); their TX_ACKs are recognised by token and never resolve a local downlink.
 */
import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { PacketType } from './gwmp';
import { type Logger, silentLogger } from './log';

export interface UpstreamServer {
  host: string;
  port: number;
}

export interface GatewayRelay {
  /** Every accepted (allowlisted, well-formed header) datagram from a concentrator. */
  forward(gatewayEui: string, datagram: Buffer): void;
  /** True when a TX_ACK token belongs to a PULL_RESP this relay delivered (upstream's downlink). */
  claimsTxAck(gatewayEui: string, token: number): boolean;
}

export interface ConcentratorSender {
  /** Sends a raw datagram to a concentrator's PULL_DATA address; false if it never pulled. */
  sendRaw(gatewayEui: string, datagram: Buffer): boolean;
}

const MAX_TOKENS_PER_GATEWAY = 256;

export class GwmpForwarder implements GatewayRelay {
  private readonly sockets = new Map<string, Socket>();
  private readonly tokens = new Map<string, number[]>();
  private resolved: Array<UpstreamServer & { address: string }> = [];
  private sender: ConcentratorSender | undefined;
  readonly counters = { forwarded: 0, pullRespRelayed: 0, upstreamAcks: 0, foreignDropped: 0, socketsRefused: 0 };

  constructor(
    private readonly upstreams: readonly UpstreamServer[],
    private readonly o: { logger?: Logger; maxGateways?: number } = {},
  ) {}

  /** Resolve upstream host names once and attach to the local server (which sends downstream). */
  async start(sender: ConcentratorSender): Promise<void> {
    this.sender = sender;
    this.resolved = await Promise.all(this.upstreams.map(async (u) => ({ ...u, address: (await lookup(u.host, { family: 4 })).address })));
  }

  async stop(): Promise<void> {
    const all = [...this.sockets.values()];
    this.sockets.clear();
    await Promise.all(all.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }

  forward(gatewayEui: string, datagram: Buffer): void {
    this.resolved.forEach((u, i) => {
      const s = this.socketFor(gatewayEui, i);
      if (!s) return;
      this.counters.forwarded++;
      s.send(datagram, u.port, u.address);
    });
  }

  claimsTxAck(gatewayEui: string, token: number): boolean {
    const list = this.tokens.get(gatewayEui);
    const i = list?.indexOf(token) ?? -1;
    if (i < 0) return false;
    list!.splice(i, 1);
    return true;
  }

  private socketFor(gatewayEui: string, upstream: number): Socket | undefined {
    const key = `${gatewayEui}/${upstream}`;
    const existing = this.sockets.get(key);
    if (existing) return existing;
    if (this.sockets.size >= (this.o.maxGateways ?? 64) * this.resolved.length) {
      this.counters.socketsRefused++;
      return undefined;
    }
    const s = createSocket('udp4');
    s.on('error', (err) => (this.o.logger ?? silentLogger).warn({ err: err.message, gatewayEui }, 'upstream relay socket error'));
    s.on('message', (msg, rinfo) => this.fromUpstream(gatewayEui, upstream, msg, rinfo.address, rinfo.port));
    s.bind(0);
    this.sockets.set(key, s);
    return s;
  }

  private fromUpstream(gatewayEui: string, upstream: number, msg: Buffer, address: string, port: number): void {
    const u = this.resolved[upstream]!;
    if (address !== u.address || port !== u.port || msg.length < 4 || (msg[0] !== 1 && msg[0] !== 2)) {
      this.counters.foreignDropped++;
      return;
    }
    const type = msg[3];
    if (type === PacketType.PUSH_ACK || type === PacketType.PULL_ACK) {
      this.counters.upstreamAcks++;
      return;
    }
    if (type !== PacketType.PULL_RESP || msg.length > 4096) {
      this.counters.foreignDropped++;
      return;
    }
    const list = this.tokens.get(gatewayEui) ?? [];
    list.push(msg.readUInt16BE(1));
    if (list.length > MAX_TOKENS_PER_GATEWAY) list.shift();
    this.tokens.set(gatewayEui, list);
    if (this.sender?.sendRaw(gatewayEui, msg)) this.counters.pullRespRelayed++;
  }
}
