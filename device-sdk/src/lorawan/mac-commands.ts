/**
 * MAC commands the edge network server handles in practice (LoRaWAN 1.0.x):
 * LinkCheckReq → LinkCheckAns, DeviceTimeReq → DeviceTimeAns (only when the gateway clock is trusted).
 * The other uplink answers are parsed (their lengths are needed to walk FOpts) and reported.
 */
export const CID = {
  LinkCheck: 0x02,
  LinkADR: 0x03,
  DutyCycle: 0x04,
  RXParamSetup: 0x05,
  DevStatus: 0x06,
  NewChannel: 0x07,
  RXTimingSetup: 0x08,
  TxParamSetup: 0x09,
  DlChannel: 0x0a,
  DeviceTime: 0x0d,
} as const;

/** Payload length of each uplink (device → network) MAC command. */
const UPLINK_LENGTH: Record<number, number> = {
  [CID.LinkCheck]: 0,
  [CID.LinkADR]: 1,
  [CID.DutyCycle]: 0,
  [CID.RXParamSetup]: 1,
  [CID.DevStatus]: 2,
  [CID.NewChannel]: 1,
  [CID.RXTimingSetup]: 0,
  [CID.TxParamSetup]: 0,
  [CID.DlChannel]: 1,
  [CID.DeviceTime]: 0,
};

/** Payload length of each downlink (network → device) MAC command. */
const DOWNLINK_LENGTH: Record<number, number> = {
  [CID.LinkCheck]: 2,
  [CID.LinkADR]: 4,
  [CID.DutyCycle]: 1,
  [CID.RXParamSetup]: 4,
  [CID.DevStatus]: 0,
  [CID.NewChannel]: 5,
  [CID.RXTimingSetup]: 1,
  [CID.TxParamSetup]: 1,
  [CID.DlChannel]: 4,
  [CID.DeviceTime]: 5,
};

export interface MacCommand {
  cid: number;
  payload: Buffer;
}

export interface ParsedMacCommands {
  commands: MacCommand[];
  /** Set when parsing stopped early: unknown CID or truncated payload (the rest is ignored). */
  error?: string;
}

export function parseUplinkMacCommands(bytes: Uint8Array): ParsedMacCommands {
  return parseMacCommands(bytes, UPLINK_LENGTH, 'uplink');
}

export function parseDownlinkMacCommands(bytes: Uint8Array): ParsedMacCommands {
  return parseMacCommands(bytes, DOWNLINK_LENGTH, 'downlink');
}

function parseMacCommands(bytes: Uint8Array, lengths: Record<number, number>, direction: string): ParsedMacCommands {
  const commands: MacCommand[] = [];
  let i = 0;
  while (i < bytes.length) {
    const cid = bytes[i]!;
    const len = lengths[cid];
    if (len === undefined) return { commands, error: `unknown ${direction} MAC command CID 0x${cid.toString(16).padStart(2, '0')} at byte ${i}` };
    if (i + 1 + len > bytes.length) return { commands, error: `MAC command CID 0x${cid.toString(16)} truncated at byte ${i}` };
    commands.push({ cid, payload: Buffer.from(bytes.subarray(i + 1, i + 1 + len)) });
    i += 1 + len;
  }
  return { commands };
}

/** GPS epoch (1980-01-06T00:00:00Z) in Unix ms. */
export const GPS_EPOCH_MS = Date.UTC(1980, 0, 6);
/** GPS − UTC in seconds (18 since 2017-01-01); configurable in case a leap second is announced. */
export const DEFAULT_GPS_LEAP_SECONDS = 18;

export function linkCheckAns(marginDb: number, gwCount: number): Buffer {
  return Buffer.from([CID.LinkCheck, clampByte(Math.round(marginDb)), clampByte(gwCount)]);
}

/** DeviceTimeAns: seconds since the GPS epoch (uint32 LE) and 1/256 s fraction. */
export function deviceTimeAns(unixMs: number, leapSeconds = DEFAULT_GPS_LEAP_SECONDS): Buffer {
  const gpsMs = unixMs - GPS_EPOCH_MS + leapSeconds * 1000;
  const seconds = Math.floor(gpsMs / 1000);
  const frac = Math.floor(((gpsMs - seconds * 1000) * 256) / 1000);
  const b = Buffer.alloc(6);
  b[0] = CID.DeviceTime;
  b.writeUInt32LE(seconds >>> 0, 1);
  b[5] = frac;
  return b;
}

/** Inverse of deviceTimeAns (device side / tests). */
export function parseDeviceTimeAns(payload: Uint8Array, leapSeconds = DEFAULT_GPS_LEAP_SECONDS): number {
  const b = Buffer.from(payload);
  return GPS_EPOCH_MS + b.readUInt32LE(0) * 1000 + Math.round((b[4]! * 1000) / 256) - leapSeconds * 1000;
}

function clampByte(n: number): number {
  return Math.max(0, Math.min(255, n));
}
