/**
 * LoRaWAN 1.0.x PHYPayload parsing and building (MHDR, FHDR, FOpts, FPort, FRMPayload, MIC).
 * EUIs are handled as 16-hex-digit big-endian strings (as printed on labels); DevAddr as uint32.
 */
import {
  cryptFrmPayload,
  dataMic,
  decryptJoinAcceptBody,
  encryptJoinAcceptBody,
  joinMic,
  micEquals,
  MIC_LENGTH,
  type AesKeyLike,
  type Direction,
} from './crypto';

/** LoRa PHY payloads never exceed 255 bytes; anything longer is rejected before parsing. */
export const MAX_PHY_PAYLOAD = 255;

export type MType =
  | 'join-request'
  | 'join-accept'
  | 'unconfirmed-up'
  | 'unconfirmed-down'
  | 'confirmed-up'
  | 'confirmed-down'
  | 'rejoin-request'
  | 'proprietary';

const MTYPES: readonly MType[] = [
  'join-request',
  'join-accept',
  'unconfirmed-up',
  'unconfirmed-down',
  'confirmed-up',
  'confirmed-down',
  'rejoin-request',
  'proprietary',
];

export type FrameErrorCause = 'too-short' | 'too-long' | 'bad-major' | 'bad-length' | 'unsupported-mtype';

/** A frame that cannot be parsed; `reason` is stable for metrics, the message says what and where. */
export class FrameError extends Error {
  constructor(readonly reason: FrameErrorCause, message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

export interface FCtrl {
  adr: boolean;
  /** Uplink: ADRACKReq. Downlink: unused (RFU). */
  adrAckReq: boolean;
  ack: boolean;
  /** Downlink: FPending. Uplink (1.0.3+): ClassB. */
  fPending: boolean;
}

export interface DataFrame {
  kind: 'data';
  mtype: 'unconfirmed-up' | 'unconfirmed-down' | 'confirmed-up' | 'confirmed-down';
  direction: Direction;
  confirmed: boolean;
  devAddr: number;
  fCtrl: FCtrl;
  /** The 16 bits on air; use reconstructFCnt for the 32-bit counter. */
  fCnt16: number;
  fOpts: Buffer;
  fPort: number | undefined;
  /** Still encrypted. */
  frmPayload: Buffer;
  mic: Buffer;
  /** The bytes the MIC covers (whole frame minus MIC). */
  micInput: Buffer;
}

export interface JoinRequestFrame {
  kind: 'join-request';
  mtype: 'join-request';
  joinEui: string;
  devEui: string;
  devNonce: number;
  mic: Buffer;
  micInput: Buffer;
}

export interface EncryptedJoinAcceptFrame {
  kind: 'join-accept';
  mtype: 'join-accept';
  /** Encrypted body after MHDR (MIC included). */
  body: Buffer;
}

export interface OtherFrame {
  kind: 'other';
  mtype: 'rejoin-request' | 'proprietary';
  payload: Buffer;
}

export type PhyFrame = DataFrame | JoinRequestFrame | EncryptedJoinAcceptFrame | OtherFrame;

export function devAddrHex(devAddr: number): string {
  return (devAddr >>> 0).toString(16).padStart(8, '0');
}

/** 8 little-endian bytes on air → big-endian hex string. */
export function euiFromWire(bytes: Uint8Array): string {
  return Buffer.from(bytes).reverse().toString('hex');
}

export function euiToWire(eui: string): Buffer {
  if (!/^[0-9a-fA-F]{16}$/.test(eui)) throw new RangeError(`EUI must be 16 hex digits, got "${eui}"`);
  return Buffer.from(eui, 'hex').reverse();
}

/** Parse a PHYPayload. Throws FrameError (never anything else) on malformed input. */
export function parsePhyPayload(bytes: Uint8Array): PhyFrame {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length > MAX_PHY_PAYLOAD) throw new FrameError('too-long', `PHYPayload is ${buf.length} bytes; at most ${MAX_PHY_PAYLOAD} allowed`);
  if (buf.length < 1) throw new FrameError('too-short', 'PHYPayload is empty; expected at least MHDR + MIC');
  const mhdr = buf[0]!;
  const mtype = MTYPES[mhdr >> 5]!;
  if ((mhdr & 0x03) !== 0 && mtype !== 'proprietary') {
    throw new FrameError('bad-major', `MHDR major version ${mhdr & 0x03} unsupported; only LoRaWAN R1 (0) is allowed`);
  }
  switch (mtype) {
    case 'join-request':
      return parseJoinRequest(buf);
    case 'join-accept':
      if (buf.length !== 17 && buf.length !== 33) throw new FrameError('bad-length', `join-accept is ${buf.length} bytes; expected 17 or 33`);
      return { kind: 'join-accept', mtype, body: Buffer.from(buf.subarray(1)) };
    case 'rejoin-request':
    case 'proprietary':
      return { kind: 'other', mtype, payload: Buffer.from(buf.subarray(1)) };
    default:
      return parseData(buf, mtype);
  }
}

function parseJoinRequest(buf: Buffer): JoinRequestFrame {
  if (buf.length !== 23) throw new FrameError('bad-length', `join-request is ${buf.length} bytes; expected 23`);
  return {
    kind: 'join-request',
    mtype: 'join-request',
    joinEui: euiFromWire(buf.subarray(1, 9)),
    devEui: euiFromWire(buf.subarray(9, 17)),
    devNonce: buf.readUInt16LE(17),
    mic: Buffer.from(buf.subarray(19)),
    micInput: Buffer.from(buf.subarray(0, 19)),
  };
}

function parseData(buf: Buffer, mtype: DataFrame['mtype']): DataFrame {
  // MHDR(1) + DevAddr(4) + FCtrl(1) + FCnt(2) + MIC(4)
  if (buf.length < 12) throw new FrameError('too-short', `data frame is ${buf.length} bytes; at least 12 (MHDR+FHDR+MIC) required`);
  const direction: Direction = mtype.endsWith('-up') ? 'up' : 'down';
  const fctrl = buf[5]!;
  const fOptsLen = fctrl & 0x0f;
  const macEnd = buf.length - MIC_LENGTH;
  if (8 + fOptsLen > macEnd) {
    throw new FrameError('bad-length', `FOptsLen ${fOptsLen} runs past the end of a ${buf.length}-byte frame`);
  }
  const fPortAt = 8 + fOptsLen;
  const hasPort = fPortAt < macEnd;
  const fPort = hasPort ? buf[fPortAt] : undefined;
  return {
    kind: 'data',
    mtype,
    direction,
    confirmed: mtype.startsWith('confirmed'),
    devAddr: buf.readUInt32LE(1),
    fCtrl: { adr: !!(fctrl & 0x80), adrAckReq: !!(fctrl & 0x40), ack: !!(fctrl & 0x20), fPending: !!(fctrl & 0x10) },
    fCnt16: buf.readUInt16LE(6),
    fOpts: Buffer.from(buf.subarray(8, fPortAt)),
    fPort,
    frmPayload: hasPort ? Buffer.from(buf.subarray(fPortAt + 1, macEnd)) : Buffer.alloc(0),
    mic: Buffer.from(buf.subarray(macEnd)),
    micInput: Buffer.from(buf.subarray(0, macEnd)),
  };
}

export function verifyDataMic(frame: DataFrame, nwkSKey: AesKeyLike, fCnt32: number): boolean {
  return micEquals(dataMic(nwkSKey, frame.direction, frame.devAddr, fCnt32, frame.micInput), frame.mic);
}

export function verifyJoinRequestMic(frame: JoinRequestFrame, appKey: Uint8Array): boolean {
  return micEquals(joinMic(appKey, frame.micInput), frame.mic);
}

/** Decrypt FRMPayload with AppSKey (FPort > 0) or NwkSKey (FPort 0). */
export function decryptFrmPayload(frame: DataFrame, keys: { nwkSKey: AesKeyLike; appSKey: AesKeyLike }, fCnt32: number): Buffer {
  if (frame.frmPayload.length === 0) return Buffer.alloc(0);
  const key = frame.fPort === 0 ? keys.nwkSKey : keys.appSKey;
  return cryptFrmPayload(key, frame.direction, frame.devAddr, fCnt32, frame.frmPayload);
}

export interface BuildDataFrame {
  mtype: DataFrame['mtype'];
  devAddr: number;
  fCnt32: number;
  fCtrl?: Partial<FCtrl>;
  /** MAC commands in FOpts (plaintext in 1.0.x), at most 15 bytes. */
  fOpts?: Uint8Array;
  fPort?: number;
  /** Plaintext FRMPayload. */
  payload?: Uint8Array;
  nwkSKey: Uint8Array;
  appSKey: Uint8Array;
}

export function buildDataFrame(f: BuildDataFrame): Buffer {
  const fOpts = Buffer.from(f.fOpts ?? []);
  if (fOpts.length > 15) throw new RangeError(`FOpts is ${fOpts.length} bytes; at most 15 allowed`);
  const payload = Buffer.from(f.payload ?? []);
  if (payload.length > 0 && f.fPort === undefined) throw new RangeError('a payload needs an FPort (0..223)');
  if (f.fPort !== undefined && (!Number.isInteger(f.fPort) || f.fPort < 0 || f.fPort > 255)) {
    throw new RangeError(`FPort must be an integer 0..255, got ${f.fPort}`);
  }
  if (f.fPort === 0 && fOpts.length > 0) throw new RangeError('FPort 0 forbids MAC commands in FOpts');
  const direction: Direction = f.mtype.endsWith('-up') ? 'up' : 'down';
  const mhdr = MTYPES.indexOf(f.mtype) << 5;
  const c = f.fCtrl ?? {};
  const fctrl = (c.adr ? 0x80 : 0) | (c.adrAckReq ? 0x40 : 0) | (c.ack ? 0x20 : 0) | (c.fPending ? 0x10 : 0) | fOpts.length;
  const head = Buffer.alloc(8);
  head[0] = mhdr;
  head.writeUInt32LE(f.devAddr >>> 0, 1);
  head[5] = fctrl;
  head.writeUInt16LE(f.fCnt32 & 0xffff, 6);
  const parts: Buffer[] = [head, fOpts];
  if (f.fPort !== undefined) {
    const key = f.fPort === 0 ? f.nwkSKey : f.appSKey;
    parts.push(Buffer.from([f.fPort]), cryptFrmPayload(key, direction, f.devAddr, f.fCnt32, payload));
  }
  const msg = Buffer.concat(parts);
  if (msg.length + MIC_LENGTH > MAX_PHY_PAYLOAD) throw new RangeError(`frame would be ${msg.length + MIC_LENGTH} bytes; at most ${MAX_PHY_PAYLOAD}`);
  return Buffer.concat([msg, dataMic(f.nwkSKey, direction, f.devAddr, f.fCnt32, msg)]);
}

export function buildJoinRequest(f: { joinEui: string; devEui: string; devNonce: number; appKey: Uint8Array }): Buffer {
  const msg = Buffer.alloc(19);
  msg[0] = 0x00;
  euiToWire(f.joinEui).copy(msg, 1);
  euiToWire(f.devEui).copy(msg, 9);
  msg.writeUInt16LE(f.devNonce & 0xffff, 17);
  return Buffer.concat([msg, joinMic(f.appKey, msg)]);
}

export interface JoinAcceptFields {
  appNonce: number;
  netId: number;
  devAddr: number;
  rx1DrOffset: number;
  rx2DataRate: number;
  /** Seconds; 0 means 1. */
  rxDelay: number;
  /** 16-byte CFList or none. */
  cfList?: Uint8Array;
}

export function buildJoinAccept(f: JoinAcceptFields & { appKey: Uint8Array }): Buffer {
  const cf = f.cfList ? Buffer.from(f.cfList) : Buffer.alloc(0);
  if (cf.length !== 0 && cf.length !== 16) throw new RangeError(`CFList must be 16 bytes, got ${cf.length}`);
  const msg = Buffer.alloc(13 + cf.length);
  msg[0] = 0x20;
  msg.writeUIntLE(f.appNonce & 0xffffff, 1, 3);
  msg.writeUIntLE(f.netId & 0xffffff, 4, 3);
  msg.writeUInt32LE(f.devAddr >>> 0, 7);
  msg[11] = ((f.rx1DrOffset & 0x07) << 4) | (f.rx2DataRate & 0x0f);
  msg[12] = f.rxDelay & 0x0f;
  cf.copy(msg, 13);
  const mic = joinMic(f.appKey, msg);
  return Buffer.concat([msg.subarray(0, 1), encryptJoinAcceptBody(f.appKey, Buffer.concat([msg.subarray(1), mic]))]);
}

/** Device side (and CLI): decrypt a join-accept and check its MIC. */
export function openJoinAccept(frame: EncryptedJoinAcceptFrame, appKey: Uint8Array): JoinAcceptFields & { micValid: boolean } {
  const plain = decryptJoinAcceptBody(appKey, frame.body);
  const msg = Buffer.concat([Buffer.from([0x20]), plain.subarray(0, plain.length - MIC_LENGTH)]);
  const micValid = micEquals(joinMic(appKey, msg), plain.subarray(plain.length - MIC_LENGTH));
  return {
    appNonce: plain.readUIntLE(0, 3),
    netId: plain.readUIntLE(3, 3),
    devAddr: plain.readUInt32LE(6),
    rx1DrOffset: (plain[10]! >> 4) & 0x07,
    rx2DataRate: plain[10]! & 0x0f,
    rxDelay: plain[11]! & 0x0f,
    ...(plain.length === 32 ? { cfList: Buffer.from(plain.subarray(12, 28)) } : {}),
    micValid,
  };
}
