/** LoRa time on air (Semtech AN1200.13), in ms. Explicit header, 8-symbol preamble. */
export function loraAirtimeMs(payloadBytes: number, sf: number, bwKHz: number, opts: { crc?: boolean; codingRate?: number; preamble?: number } = {}): number {
  const crc = opts.crc ?? false;
  const cr = opts.codingRate ?? 1; // 4/5
  const preamble = opts.preamble ?? 8;
  const tSym = (2 ** sf) / (bwKHz * 1000);
  const de = sf >= 11 && bwKHz === 125 ? 1 : 0;
  const num = 8 * payloadBytes - 4 * sf + 28 + (crc ? 16 : 0);
  const symbols = 8 + Math.max(Math.ceil(num / (4 * (sf - 2 * de))) * (cr + 4), 0);
  return ((preamble + 4.25) * tSym + symbols * tSym) * 1000;
}
