/**
 * Semtech GWMP (packet-forwarder UDP protocol), versions 1 and 2: header parsing and the
 * acknowledgements/responses the server sends. Payload JSON is parsed elsewhere (rxpk.ts, tx-ack.ts).
 */
export const PacketType = {
  PUSH_DATA: 0x00,
  PUSH_ACK: 0x01,
  PULL_DATA: 0x02,
  PULL_RESP: 0x03,
  PULL_ACK: 0x04,
  TX_ACK: 0x05,
} as const;

export type GwmpRejectCause = 'too-short' | 'unknown-version' | 'unknown-type' | 'unexpected-type';

export class GwmpError extends Error {
  constructor(readonly reason: GwmpRejectCause, message: string) {
    super(message);
    this.name = 'GwmpError';
  }
}

export interface GwmpHeader {
  version: 1 | 2;
  token: number;
  type: number;
  /** Gateway EUI as 16 lowercase hex digits (PUSH_DATA, PULL_DATA, TX_ACK). */
  gatewayEui: string;
  /** JSON body bytes (PUSH_DATA, TX_ACK; may be empty for TX_ACK). */
  body: Buffer;
}

/** Parse an upstream datagram (gateway → server). Throws GwmpError with a stable reason. */
export function parseUpstream(msg: Buffer): GwmpHeader {
  if (msg.length < 4) throw new GwmpError('too-short', `datagram is ${msg.length} bytes; a GWMP header needs 4`);
  const version = msg[0]!;
  if (version !== 1 && version !== 2) throw new GwmpError('unknown-version', `protocol version ${version}; only 1 and 2 are supported`);
  const type = msg[3]!;
  if (type === PacketType.PUSH_ACK || type === PacketType.PULL_ACK || type === PacketType.PULL_RESP) {
    throw new GwmpError('unexpected-type', `packet type 0x0${type} is sent by servers, not gateways`);
  }
  if (type !== PacketType.PUSH_DATA && type !== PacketType.PULL_DATA && type !== PacketType.TX_ACK) {
    throw new GwmpError('unknown-type', `packet type 0x${type.toString(16)} is not a GWMP type`);
  }
  if (msg.length < 12) throw new GwmpError('too-short', `packet type 0x0${type} is ${msg.length} bytes; 12 needed for the gateway EUI`);
  return {
    version,
    token: msg.readUInt16BE(1),
    type,
    gatewayEui: msg.toString('hex', 4, 12),
    body: msg.subarray(12),
  };
}

function ack(version: number, token: number, type: number): Buffer {
  const b = Buffer.alloc(4);
  b[0] = version;
  b.writeUInt16BE(token, 1);
  b[3] = type;
  return b;
}

export const buildPushAck = (version: number, token: number): Buffer => ack(version, token, PacketType.PUSH_ACK);
export const buildPullAck = (version: number, token: number): Buffer => ack(version, token, PacketType.PULL_ACK);

export function buildPullResp(version: number, token: number, txpk: object): Buffer {
  // v1 has no token in PULL_RESP (zero); v2 uses it to match the TX_ACK.
  return Buffer.concat([ack(version, version === 1 ? 0 : token, PacketType.PULL_RESP), Buffer.from(JSON.stringify({ txpk }))]);
}
