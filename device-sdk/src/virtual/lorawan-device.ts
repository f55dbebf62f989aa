/**
 * The LoRaWAN side of a virtual device: builds real encrypted frames (join-request, unconfirmed
 * and confirmed data) and opens downlinks (join-accept, data) exactly as a LoRaWAN 1.0.x
 * end-device would. Radio and timing live in the concentrator simulator.
 */
import { deriveSessionKeys } from '../lorawan/crypto';
import { fCntCandidates } from '../lorawan/fcnt';
import {
  buildDataFrame,
  buildJoinRequest,
  type DataFrame,
  decryptFrmPayload,
  openJoinAccept,
  parsePhyPayload,
  verifyDataMic,
} from '../lorawan/frame';

export interface VirtualLorawanDeviceOptions {
  devEui: string;
  otaa?: { joinEui: string; appKey: string };
  abp?: { devAddr: string; nwkSKey: string; appSKey: string };
  /** First DevNonce (1.0.4 counts up from 0). */
  devNonce?: number;
}

export interface ReceivedDownlink {
  fCnt: number;
  ack: boolean;
  fPending: boolean;
  fPort?: number;
  payload: Buffer;
  fOpts: Buffer;
  confirmed: boolean;
}

export class VirtualLorawanDevice {
  devAddr: number | undefined;
  fCntUp = 0;
  fCntDown: number | undefined;
  /** CFList received in the last join-accept (extra channels), raw. */
  cfList: Buffer | undefined;
  private nwkSKey: Buffer | undefined;
  private appSKey: Buffer | undefined;
  private devNonce: number;
  private pendingAck = false;
  private awaitingJoin = false;
  readonly devEui: string;

  constructor(private readonly o: VirtualLorawanDeviceOptions) {
    this.devEui = o.devEui.toLowerCase();
    this.devNonce = o.devNonce ?? 0;
    if (o.abp) {
      this.devAddr = Number.parseInt(o.abp.devAddr, 16) >>> 0;
      this.nwkSKey = Buffer.from(o.abp.nwkSKey, 'hex');
      this.appSKey = Buffer.from(o.abp.appSKey, 'hex');
    }
  }

  get joined(): boolean {
    return this.nwkSKey !== undefined;
  }

  joinRequest(): Buffer {
    if (!this.o.otaa) throw new Error(`${this.devEui} is an ABP device; it does not join`);
    this.awaitingJoin = true;
    return buildJoinRequest({ joinEui: this.o.otaa.joinEui, devEui: this.devEui, devNonce: this.devNonce++ & 0xffff, appKey: Buffer.from(this.o.otaa.appKey, 'hex') });
  }

  /** For a radio medium: opens `phy` as a join-accept only while a join-request is outstanding. */
  acceptJoinIfPending(phy: Buffer): boolean {
    if (!this.awaitingJoin || phy.length < 1 || phy[0]! >> 5 !== 1) return false;
    try {
      if (!this.acceptJoin(phy)) return false;
    } catch {
      return false;
    }
    this.awaitingJoin = false;
    return true;
  }

  /** Returns true when `phy` is a join-accept for us (MIC valid): the session starts. */
  acceptJoin(phy: Buffer): boolean {
    if (!this.o.otaa) return false;
    const f = parsePhyPayload(phy);
    if (f.kind !== 'join-accept') return false;
    const appKey = Buffer.from(this.o.otaa.appKey, 'hex');
    const ja = openJoinAccept(f, appKey);
    if (!ja.micValid) return false;
    const keys = deriveSessionKeys(appKey, ja.appNonce, ja.netId, (this.devNonce - 1) & 0xffff);
    this.devAddr = ja.devAddr;
    this.nwkSKey = keys.nwkSKey;
    this.appSKey = keys.appSKey;
    this.fCntUp = 0;
    this.fCntDown = undefined;
    this.cfList = ja.cfList ? Buffer.from(ja.cfList) : undefined;
    return true;
  }

  uplink(d: { fPort: number; payload: Uint8Array; confirmed?: boolean; fOpts?: Uint8Array }): Buffer {
    if (!this.nwkSKey || !this.appSKey || this.devAddr === undefined) throw new Error(`${this.devEui} has no session; join first`);
    const phy = buildDataFrame({
      mtype: d.confirmed ? 'confirmed-up' : 'unconfirmed-up',
      devAddr: this.devAddr,
      fCnt32: this.fCntUp++,
      fCtrl: { ack: this.pendingAck },
      ...(d.fOpts ? { fOpts: d.fOpts } : {}),
      fPort: d.fPort,
      payload: d.payload,
      nwkSKey: this.nwkSKey,
      appSKey: this.appSKey,
    });
    this.pendingAck = false;
    return phy;
  }

  /** Opens a data downlink addressed to us; undefined if not ours, bad MIC or replayed. */
  receiveDownlink(phy: Buffer): ReceivedDownlink | undefined {
    if (!this.nwkSKey || !this.appSKey) return undefined;
    let f;
    try {
      f = parsePhyPayload(phy);
    } catch {
      return undefined;
    }
    if (f.kind !== 'data' || f.direction !== 'down' || f.devAddr !== this.devAddr) return undefined;
    const c = fCntCandidates(this.fCntDown, f.fCnt16);
    if (c.forward === undefined || !verifyDataMic(f as DataFrame, this.nwkSKey, c.forward)) return undefined;
    this.fCntDown = c.forward;
    if (f.confirmed) this.pendingAck = true;
    return {
      fCnt: c.forward,
      ack: f.fCtrl.ack,
      fPending: f.fCtrl.fPending,
      ...(f.fPort !== undefined ? { fPort: f.fPort } : {}),
      payload: decryptFrmPayload(f, { nwkSKey: this.nwkSKey, appSKey: this.appSKey }, c.forward),
      fOpts: f.fOpts,
      confirmed: f.confirmed,
    };
  }
}
