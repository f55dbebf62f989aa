/**
 * Concentrator channel plans (which frequencies the two radios listen on). EU868 is the usual
 * 8-channel plan: the three mandatory join channels 868.1/868.3/868.5 MHz plus 867.1–867.9 MHz,
 * a 250 kHz LoRa channel and an FSK channel. Frequencies in Hz.
 */
export interface MultiSfChannel {
  freqHz: number;
}

export interface ChannelPlan {
  name: string;
  /** Center frequencies of radio_0 and radio_1 (SX1250/SX1257 front ends). */
  radios: [number, number];
  multiSf: MultiSfChannel[];
  loraStd?: { freqHz: number; bandwidthHz: number; spreadingFactor: number };
  fsk?: { freqHz: number; bandwidthHz: number; datarate: number };
  /** Downlink frequency range the TX radio accepts. */
  txRangeHz: [number, number];
}

export const EU868_PLAN: ChannelPlan = {
  name: 'EU868',
  radios: [867_500_000, 868_500_000],
  multiSf: [868_100_000, 868_300_000, 868_500_000, 867_100_000, 867_300_000, 867_500_000, 867_700_000, 867_900_000].map((freqHz) => ({ freqHz })),
  loraStd: { freqHz: 868_300_000, bandwidthHz: 250_000, spreadingFactor: 7 },
  fsk: { freqHz: 868_800_000, bandwidthHz: 125_000, datarate: 50_000 },
  txRangeHz: [863_000_000, 870_000_000],
};

export const CHANNEL_PLANS: Record<string, ChannelPlan> = { EU868: EU868_PLAN };

/** Largest distance between a channel and its radio centre the SX130x IF chain accepts (Hz). */
export const MAX_IF_OFFSET_HZ = 400_000;

/** The radio (0 or 1) a channel is served by: the nearer centre within the IF limit. */
export function radioFor(plan: ChannelPlan, freqHz: number): { radio: 0 | 1; ifHz: number } {
  const offsets = plan.radios.map((c) => freqHz - c);
  const radio: 0 | 1 = Math.abs(offsets[0]!) <= Math.abs(offsets[1]!) ? 0 : 1;
  const ifHz = offsets[radio]!;
  if (Math.abs(ifHz) > MAX_IF_OFFSET_HZ) {
    throw new RangeError(`${plan.name}: channel ${freqHz} Hz is ${Math.abs(ifHz)} Hz from radio_${radio} (${plan.radios[radio]} Hz); at most ${MAX_IF_OFFSET_HZ} Hz allowed`);
  }
  return { radio, ifHz };
}
