/**
 * Technician-facing LoRaWAN frame inspection: PHYPayload bytes (+ optional keys) → a flat JSON
 * object with snake_case fields (architecture.md: mtype, dev_addr or join_eui/dev_eui/dev_nonce,
 * fcnt, fport, mic_valid, payload_hex). `mic_valid`/`payload_hex` are null when the key is missing.
 */
import {
  CID,
  decryptFrmPayload,
  devAddrHex,
  openJoinAccept,
  parsePhyPayload,
  parseDeviceTimeAns,
  parseDownlinkMacCommands,
  parseUplinkMacCommands,
  verifyDataMic,
  verifyJoinRequestMic,
} from '@ardoise/device-sdk';

export interface FrameKeys {
  nwkSKey?: Buffer;
  appSKey?: Buffer;
  appKey?: Buffer;
  /** Full 32-bit counter for MIC/decryption when it exceeds 16 bits. */
  fCnt32?: number;
}

const CID_NAMES: Record<number, string> = Object.fromEntries(Object.entries(CID).map(([k, v]) => [v, k]));

export function decodeFrameJson(bytes: Buffer, keys: FrameKeys): Record<string, unknown> {
  const f = parsePhyPayload(bytes);
  switch (f.kind) {
    case 'join-request':
      return {
        mtype: f.mtype, join_eui: f.joinEui, dev_eui: f.devEui, dev_nonce: f.devNonce, mic: f.mic.toString('hex'),
        mic_valid: keys.appKey ? verifyJoinRequestMic(f, keys.appKey) : null,
      };
    case 'join-accept': {
      if (!keys.appKey) return { mtype: f.mtype, encrypted_hex: f.body.toString('hex'), mic_valid: null, note: 'pass --app-key to decrypt' };
      const ja = openJoinAccept(f, keys.appKey);
      return {
        mtype: f.mtype, mic_valid: ja.micValid, app_nonce: ja.appNonce, net_id: ja.netId.toString(16).padStart(6, '0'),
        dev_addr: devAddrHex(ja.devAddr), rx1_dr_offset: ja.rx1DrOffset, rx2_data_rate: ja.rx2DataRate, rx_delay: ja.rxDelay,
        cf_list_hex: ja.cfList ? Buffer.from(ja.cfList).toString('hex') : null,
      };
    }
    case 'other':
      return { mtype: f.mtype, payload_hex: f.payload.toString('hex'), mic_valid: null };
    default: {
      const fCnt = keys.fCnt32 ?? f.fCnt16;
      if ((fCnt & 0xffff) !== f.fCnt16) throw new RangeError(`--fcnt ${fCnt} does not end in the on-air counter ${f.fCnt16} (low 16 bits)`);
      const payloadKey = f.fPort === 0 ? keys.nwkSKey : keys.appSKey;
      const plain = payloadKey ? decryptFrmPayload(f, { nwkSKey: keys.nwkSKey ?? payloadKey, appSKey: keys.appSKey ?? payloadKey }, fCnt) : undefined;
      const macBytes = f.fPort === 0 ? plain : f.fOpts;
      return {
        mtype: f.mtype,
        dev_addr: devAddrHex(f.devAddr),
        fctrl: { adr: f.fCtrl.adr, adr_ack_req: f.fCtrl.adrAckReq, ack: f.fCtrl.ack, fpending: f.fCtrl.fPending },
        fcnt: fCnt,
        fopts_hex: f.fOpts.toString('hex'),
        mac_commands: macBytes ? macCommandNames(macBytes, f.direction) : null,
        fport: f.fPort ?? null,
        frm_payload_hex: f.frmPayload.toString('hex'),
        mic: f.mic.toString('hex'),
        mic_valid: keys.nwkSKey ? verifyDataMic(f, keys.nwkSKey, fCnt) : null,
        payload_hex: f.fPort === undefined ? '' : plain ? plain.toString('hex') : null,
      };
    }
  }
}

function macCommandNames(bytes: Buffer, direction: 'up' | 'down'): string[] {
  const up = direction === 'up';
  const r = up ? parseUplinkMacCommands(bytes) : parseDownlinkMacCommands(bytes);
  const names = r.commands.map((c) => {
    const name = CID_NAMES[c.cid] ?? `0x${c.cid.toString(16)}`;
    // Device-initiated commands (LinkCheck, DeviceTime) are Req up / Ans down; the others the reverse.
    const deviceInitiated = c.cid === CID.LinkCheck || c.cid === CID.DeviceTime;
    const suffix = deviceInitiated === up ? 'Req' : 'Ans';
    if (!up && c.cid === CID.LinkCheck) return `LinkCheckAns(margin=${c.payload[0]} dB, gateways=${c.payload[1]})`;
    if (!up && c.cid === CID.DeviceTime) return `DeviceTimeAns(${new Date(parseDeviceTimeAns(c.payload)).toISOString()})`;
    return `${name}${suffix}`;
  });
  return r.error ? [...names, `error: ${r.error}`] : names;
}
