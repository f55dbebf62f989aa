/**
 * Where and when a downlink goes out: class A RX1 (uplink frequency, uplink DR minus the RX1
 * offset, tmst + delay) and RX2 (region RX2 frequency/DR, one second later), class C (immediate,
 * RX2 parameters). `tmst` is the concentrator's 32-bit µs counter and wraps.
 */
import { parseLoraDatr, type RxPacket } from '../semtech-udp/rxpk';
import type { TxPacket } from '../semtech-udp/tx';
import { loraAirtimeMs } from './airtime';
import { dataRateIndex, type Region, subBandOf } from './region';

export type DownlinkWindow = 'rx1' | 'rx2' | 'class-c';

export interface DownlinkPlan {
  window: DownlinkWindow;
  txpk: TxPacket;
  airtimeMs: number;
  /** Max MACPayload at this data rate. */
  maxMacPayload: number;
}

export function addTmst(tmst: number, us: number): number {
  return (tmst + us) >>> 0;
}

function plan(region: Region, window: DownlinkWindow, freq: number, dr: number, phy: Buffer, timing: { tmst?: number; imme?: boolean }): DownlinkPlan {
  const rate = region.dataRates[dr];
  if (!rate) throw new RangeError(`data rate DR${dr} is not defined in ${region.name}`);
  const band = subBandOf(region, freq);
  const powe = Math.min(region.defaultTxPowerDbm, band?.maxPowerDbm ?? region.defaultTxPowerDbm);
  return {
    window,
    airtimeMs: loraAirtimeMs(phy.length, rate.sf, rate.bw),
    maxMacPayload: rate.maxMacPayload,
    txpk: {
      ...(timing.imme ? { imme: true } : { tmst: timing.tmst! }),
      freq,
      rfch: 0,
      powe,
      modu: 'LORA',
      datr: `SF${rate.sf}BW${rate.bw}`,
      codr: '4/5',
      ipol: true,
      size: phy.length,
      data: phy.toString('base64'),
      ncrc: true,
    },
  };
}

/** Uplink data rate index from rxpk.datr, or undefined for FSK/unknown. */
export function uplinkDataRate(region: Region, rx: RxPacket): number | undefined {
  if (rx.modu !== 'LORA' || typeof rx.datr !== 'string') return undefined;
  const { sf, bw } = parseLoraDatr(rx.datr);
  return dataRateIndex(region, sf, bw);
}

export function classAPlans(
  region: Region,
  rx: RxPacket,
  phy: Buffer,
  o: { delayMs: number; rx1DrOffset: number; rx2DataRate: number },
): DownlinkPlan[] {
  const plans: DownlinkPlan[] = [];
  const upDr = uplinkDataRate(region, rx);
  if (upDr !== undefined) {
    const dr = region.rx1DataRate(upDr, o.rx1DrOffset);
    plans.push(plan(region, 'rx1', rx.freq, dr, phy, { tmst: addTmst(rx.tmst, o.delayMs * 1000) }));
  }
  plans.push(plan(region, 'rx2', region.rx2.freqMHz, o.rx2DataRate, phy, { tmst: addTmst(rx.tmst, (o.delayMs + 1000) * 1000) }));
  return plans;
}

export function classCPlan(region: Region, phy: Buffer, rx2DataRate: number): DownlinkPlan {
  return plan(region, 'class-c', region.rx2.freqMHz, rx2DataRate, phy, { imme: true });
}
