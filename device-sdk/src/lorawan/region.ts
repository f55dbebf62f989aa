/**
 * Regional parameters the edge MAC needs, table-driven (RP002-1.0.x). EU868 first; another
 * region is one more `Region` object. (hardware/ holds packet-forwarder channel configs; this
 * table stays in device-sdk because device-sdk must not import hardware.)
 */
export interface DataRate {
  sf: number;
  bw: number;
  /** Max MACPayload size M (bytes) without repeater; FRMPayload max is M - 8 - FOpts. */
  maxMacPayload: number;
}

export interface SubBand {
  name: string;
  minMHz: number;
  /** Exclusive upper bound. */
  maxMHz: number;
  /** Fraction of time transmission is allowed (0.01 = 1 %). */
  dutyCycle: number;
  /** Max ERP-equivalent conducted power we use there (dBm). */
  maxPowerDbm: number;
}

export interface Region {
  name: string;
  dataRates: Record<number, DataRate>;
  /** rx1Dr[upDr][offset]. */
  rx1DataRate(upDr: number, offset: number): number;
  maxRx1DrOffset: number;
  rx2: { freqMHz: number; dataRate: number };
  receiveDelay1Ms: number;
  joinAcceptDelay1Ms: number;
  /** Default downlink power (dBm) in RX1 (sub-band limit still applies). */
  defaultTxPowerDbm: number;
  subBands: SubBand[];
  /** Required demodulation SNR per SF (dB), for LinkCheckAns margins. */
  requiredSnr: Record<number, number>;
  /** Extra uplink channels (MHz) announced in join-accepts (CFList type 0, at most 5). */
  cfListMHz?: number[];
}

export const EU868: Region = {
  name: 'EU868',
  dataRates: {
    0: { sf: 12, bw: 125, maxMacPayload: 59 },
    1: { sf: 11, bw: 125, maxMacPayload: 59 },
    2: { sf: 10, bw: 125, maxMacPayload: 59 },
    3: { sf: 9, bw: 125, maxMacPayload: 123 },
    4: { sf: 8, bw: 125, maxMacPayload: 250 },
    5: { sf: 7, bw: 125, maxMacPayload: 250 },
    6: { sf: 7, bw: 250, maxMacPayload: 250 },
  },
  rx1DataRate: (upDr, offset) => Math.max(0, upDr - offset),
  maxRx1DrOffset: 5,
  rx2: { freqMHz: 869.525, dataRate: 0 },
  receiveDelay1Ms: 1000,
  joinAcceptDelay1Ms: 5000,
  defaultTxPowerDbm: 14,
  // ETSI EN 300 220 / ERC Rec 70-03 bands used by LoRaWAN EU868.
  subBands: [
    { name: 'h1.3 (863-865)', minMHz: 863, maxMHz: 865, dutyCycle: 0.001, maxPowerDbm: 14 },
    { name: 'h1.4 (865-868)', minMHz: 865, maxMHz: 868, dutyCycle: 0.01, maxPowerDbm: 14 },
    { name: 'g1 (868.0-868.6)', minMHz: 868, maxMHz: 868.6, dutyCycle: 0.01, maxPowerDbm: 14 },
    { name: 'g2 (868.7-869.2)', minMHz: 868.7, maxMHz: 869.2, dutyCycle: 0.001, maxPowerDbm: 14 },
    { name: 'g3 (869.4-869.65)', minMHz: 869.4, maxMHz: 869.65, dutyCycle: 0.1, maxPowerDbm: 27 },
    { name: 'g4 (869.7-870.0)', minMHz: 869.7, maxMHz: 870, dutyCycle: 0.01, maxPowerDbm: 14 },
  ],
  requiredSnr: { 7: -7.5, 8: -10, 9: -12.5, 10: -15, 11: -17.5, 12: -20 },
  // The usual 8-channel concentrator plan: 3 default channels + these 5 (hardware EU868_PLAN).
  cfListMHz: [867.1, 867.3, 867.5, 867.7, 867.9],
};

export const REGIONS: Record<string, Region> = { EU868 };

/** Data rate index for "SF9BW125" in a region, or undefined. */
export function dataRateIndex(region: Region, sf: number, bw: number): number | undefined {
  for (const [k, v] of Object.entries(region.dataRates)) if (v.sf === sf && v.bw === bw) return Number(k);
  return undefined;
}

export function subBandOf(region: Region, freqMHz: number): SubBand | undefined {
  return region.subBands.find((b) => freqMHz >= b.minMHz && freqMHz < b.maxMHz);
}

/** CFList type 0 (frequency list): up to 5 frequencies, 24-bit little-endian in units of 100 Hz. */
export function encodeCfList(freqsMHz: readonly number[]): Buffer {
  if (freqsMHz.length > 5) throw new RangeError(`a CFList holds at most 5 frequencies, got ${freqsMHz.length}`);
  const b = Buffer.alloc(16);
  freqsMHz.forEach((f, i) => b.writeUIntLE(Math.round(f * 10_000), i * 3, 3));
  b[15] = 0; // CFListType 0
  return b;
}

export function decodeCfList(cfList: Uint8Array): number[] {
  const b = Buffer.from(cfList);
  const out: number[] = [];
  for (let i = 0; i < 5; i++) {
    const v = b.readUIntLE(i * 3, 3);
    if (v !== 0) out.push(v / 10_000);
  }
  return out;
}
