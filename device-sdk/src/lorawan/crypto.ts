/**
 * LoRaWAN 1.0.x cryptography on node:crypto (AES-128 only, no third-party code):
 * AES-CMAC (RFC 4493), MICs, FRMPayload encryption, join-accept encryption and session key derivation.
 * All multi-byte integers are little-endian on air, as the specification says.
 */
import { type Cipher, createCipheriv, createDecipheriv, timingSafeEqual } from 'node:crypto';

export const KEY_LENGTH = 16;
export const MIC_LENGTH = 4;

/** Direction bit used in B0/Ai blocks: 0 = uplink, 1 = downlink. */
export type Direction = 'up' | 'down';

function assertKey(key: Uint8Array, name: string): void {
  if (key.length !== KEY_LENGTH) throw new RangeError(`${name} must be 16 bytes (32 hex digits), got ${key.length} bytes`);
}

/** AES-128-ECB over whole 16-byte blocks, no padding. */
export function aesEncryptEcb(key: Uint8Array, data: Uint8Array): Buffer {
  assertKey(key, 'AES key');
  const c = createCipheriv('aes-128-ecb', key, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

export function aesDecryptEcb(key: Uint8Array, data: Uint8Array): Buffer {
  assertKey(key, 'AES key');
  const d = createDecipheriv('aes-128-ecb', key, null);
  d.setAutoPadding(false);
  return Buffer.concat([d.update(data), d.final()]);
}

/**
 * One AES-128 key ready for block encryption: the ECB cipher object is created once and reused
 * (ECB is stateless per block, `update()` on whole blocks returns them at once), and the CMAC
 * subkeys are computed once. Creating a cipher per frame was ~14 % of the LoRaWAN busy time.
 * Holds key material: keep it no longer than the session it belongs to (SessionCiphers).
 */
export class AesKey {
  private readonly ecb: Cipher;
  private subkeys?: [Buffer, Buffer];

  constructor(key: Uint8Array, name = 'AES key') {
    assertKey(key, name);
    this.ecb = createCipheriv('aes-128-ecb', key, null);
    this.ecb.setAutoPadding(false);
  }

  /** AES encryption of whole 16-byte blocks. */
  encryptBlocks(data: Uint8Array): Buffer {
    if (data.length % 16 !== 0) throw new RangeError(`AES-ECB input must be whole 16-byte blocks, got ${data.length} bytes`);
    return this.ecb.update(data);
  }

  /** CMAC subkeys K1, K2 (RFC 4493 §2.3). */
  cmacSubkeys(): [Buffer, Buffer] {
    if (!this.subkeys) {
      const k1 = shiftLeft(this.encryptBlocks(Buffer.alloc(16)));
      this.subkeys = [k1, shiftLeft(k1)];
    }
    return this.subkeys;
  }
}

/** A raw key (one-shot use) or a prepared AesKey (per session). */
export type AesKeyLike = Uint8Array | AesKey;

function prepared(key: AesKeyLike, name: string): AesKey {
  return key instanceof AesKey ? key : new AesKey(key, name);
}

function shiftLeft(block: Buffer): Buffer {
  const out = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) out[i] = ((block[i]! << 1) | (i < 15 ? block[i + 1]! >> 7 : 0)) & 0xff;
  if (block[0]! & 0x80) out[15] = out[15]! ^ 0x87;
  return out;
}

/** AES-CMAC (RFC 4493), full 16-byte tag. */
export function aesCmac(key: AesKeyLike, message: Uint8Array): Buffer {
  const aes = prepared(key, 'AES key');
  const [k1, k2] = aes.cmacSubkeys();
  const blocks = Math.max(1, Math.ceil(message.length / 16));
  const complete = message.length > 0 && message.length % 16 === 0;
  const last = Buffer.alloc(16);
  const tail = message.subarray((blocks - 1) * 16);
  last.set(tail);
  if (!complete) last[tail.length] = 0x80;
  const sub = complete ? k1 : k2;
  for (let i = 0; i < 16; i++) last[i] = last[i]! ^ sub[i]!;
  // CBC-MAC with a zero IV, one block at a time on the (reused) ECB cipher.
  let x: Buffer = Buffer.alloc(16);
  for (let b = 0; b < blocks - 1; b++) {
    for (let i = 0; i < 16; i++) x[i] = x[i]! ^ message[b * 16 + i]!;
    x = aes.encryptBlocks(x);
  }
  for (let i = 0; i < 16; i++) x[i] = x[i]! ^ last[i]!;
  return aes.encryptBlocks(x);
}

function b0(dir: Direction, devAddr: number, fCnt32: number, length: number): Buffer {
  const b = Buffer.alloc(16);
  b[0] = 0x49;
  b[5] = dir === 'up' ? 0 : 1;
  b.writeUInt32LE(devAddr >>> 0, 6);
  b.writeUInt32LE(fCnt32 >>> 0, 10);
  b[15] = length;
  return b;
}

/** MIC of a data frame: cmac(NwkSKey, B0 | MHDR..FRMPayload)[0..3]. `msg` excludes the MIC. */
export function dataMic(nwkSKey: AesKeyLike, dir: Direction, devAddr: number, fCnt32: number, msg: Uint8Array): Buffer {
  return aesCmac(prepared(nwkSKey, 'NwkSKey'), Buffer.concat([b0(dir, devAddr, fCnt32, msg.length), msg])).subarray(0, MIC_LENGTH);
}

/** MIC of a join-request or (plaintext) join-accept: cmac(AppKey, MHDR..)[0..3]. */
export function joinMic(appKey: Uint8Array, msg: Uint8Array): Buffer {
  assertKey(appKey, 'AppKey');
  return aesCmac(appKey, msg).subarray(0, MIC_LENGTH);
}

/** Constant-time MIC comparison. */
export function micEquals(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * FRMPayload encryption (its own inverse): XOR with AES(key, Ai), Ai = 0x01 | 0^4 | dir | DevAddr | FCnt | 0 | i.
 * Key is AppSKey for FPort > 0, NwkSKey for FPort 0.
 */
export function cryptFrmPayload(key: AesKeyLike, dir: Direction, devAddr: number, fCnt32: number, payload: Uint8Array): Buffer {
  const aes = prepared(key, 'session key');
  const blocks = Math.ceil(payload.length / 16);
  const a = Buffer.alloc(16 * blocks);
  for (let i = 0; i < blocks; i++) {
    const o = i * 16;
    a[o] = 0x01;
    a[o + 5] = dir === 'up' ? 0 : 1;
    a.writeUInt32LE(devAddr >>> 0, o + 6);
    a.writeUInt32LE(fCnt32 >>> 0, o + 10);
    a[o + 15] = i + 1;
  }
  const s = aes.encryptBlocks(a);
  const out = Buffer.alloc(payload.length);
  for (let i = 0; i < payload.length; i++) out[i] = payload[i]! ^ s[i]!;
  return out;
}

/**
 * Join-accept is "encrypted" with AES *decrypt* so that devices only need AES encrypt.
 * `body` = payload after MHDR, MIC included (16 or 32 bytes).
 */
export function encryptJoinAcceptBody(appKey: Uint8Array, body: Uint8Array): Buffer {
  assertKey(appKey, 'AppKey');
  if (body.length !== 16 && body.length !== 32) throw new RangeError(`join-accept body must be 16 or 32 bytes, got ${body.length}`);
  return aesDecryptEcb(appKey, body);
}

/** Inverse of encryptJoinAcceptBody (what a device does on receipt). */
export function decryptJoinAcceptBody(appKey: Uint8Array, body: Uint8Array): Buffer {
  assertKey(appKey, 'AppKey');
  if (body.length !== 16 && body.length !== 32) throw new RangeError(`join-accept body must be 16 or 32 bytes, got ${body.length}`);
  return aesEncryptEcb(appKey, body);
}

export interface SessionKeys {
  nwkSKey: Buffer;
  appSKey: Buffer;
}

/**
 * LoRaWAN 1.0.x: NwkSKey = aes(AppKey, 0x01 | AppNonce | NetID | DevNonce | pad),
 * AppSKey = same with 0x02. AppNonce/NetID are 24-bit, DevNonce 16-bit, all little-endian.
 */
export function deriveSessionKeys(appKey: Uint8Array, appNonce: number, netId: number, devNonce: number): SessionKeys {
  assertKey(appKey, 'AppKey');
  const block = (prefix: number): Buffer => {
    const b = Buffer.alloc(16);
    b[0] = prefix;
    b.writeUIntLE(appNonce & 0xffffff, 1, 3);
    b.writeUIntLE(netId & 0xffffff, 4, 3);
    b.writeUInt16LE(devNonce & 0xffff, 7);
    return b;
  };
  return { nwkSKey: aesEncryptEcb(appKey, block(0x01)), appSKey: aesEncryptEcb(appKey, block(0x02)) };
}
