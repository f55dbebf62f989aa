/**
 * Validation of the PUSH_DATA JSON body: `rxpk` (received packets) and `stat` (gateway status),
 * including the sx1302 HAL fields (rssis, foff, ftime, temp) and v2 `rsig` per-antenna data.
 * Each invalid rxpk is rejected on its own with a reason; valid siblings are kept.
 */
export interface RadioMeta {
  gatewayEui: string;
  /** Concentrator internal counter (µs), wraps at 2^32. */
  tmst: number;
  /** ISO time when the concentrator has a GPS/clock; absent otherwise. */
  time?: string;
  /** GPS time of reception in ms since the GPS epoch (sx1302 with GPS). */
  tmms?: number;
  /** MHz. */
  freq: number;
  chan?: number;
  rfch?: number;
  modu: 'LORA' | 'FSK';
  /** "SF7BW125" (LoRa) or bit rate (FSK). */
  datr: string | number;
  codr?: string;
  /** dBm (channel RSSI). */
  rssi: number;
  /** dB (LoRa SNR). */
  lsnr?: number;
  /** sx1302: signal RSSI, frequency offset (Hz), fine timestamp (ns). */
  rssis?: number;
  foff?: number;
  ftime?: number;
}

export interface RxPacket extends RadioMeta {
  /** 1 = CRC ok, -1 = CRC error, 0 = no CRC. */
  stat: number;
  data: Buffer;
}

export interface GatewayStat {
  time?: string;
  lati?: number;
  long?: number;
  alti?: number;
  rxnb?: number;
  rxok?: number;
  rxfw?: number;
  ackr?: number;
  dwnb?: number;
  txnb?: number;
  /** sx1302 concentrator temperature (°C). */
  temp?: number;
}

export type RxpkRejectCause = 'invalid-json' | 'invalid-rxpk' | 'invalid-base64' | 'crc-error' | 'invalid-stat';

export interface RxpkRejection {
  cause: RxpkRejectCause;
  message: string;
}

export interface PushDataBody {
  rxpk: RxPacket[];
  stat?: GatewayStat;
  rejected: RxpkRejection[];
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
const MAX_RXPK_PER_DATAGRAM = 256;

export function parsePushDataBody(gatewayEui: string, body: Buffer): PushDataBody {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (e) {
    return { rxpk: [], rejected: [{ cause: 'invalid-json', message: `PUSH_DATA body is not JSON: ${(e as Error).message}` }] };
  }
  if (!isObject(json)) return { rxpk: [], rejected: [{ cause: 'invalid-json', message: 'PUSH_DATA body must be a JSON object' }] };
  const out: PushDataBody = { rxpk: [], rejected: [] };
  if (json.rxpk !== undefined) {
    if (!Array.isArray(json.rxpk)) out.rejected.push({ cause: 'invalid-rxpk', message: '"rxpk" must be an array' });
    else {
      json.rxpk.slice(0, MAX_RXPK_PER_DATAGRAM).forEach((r, i) => {
        const p = parseOneRxpk(gatewayEui, r, i);
        if ('cause' in p) out.rejected.push(p);
        else out.rxpk.push(p);
      });
      if (json.rxpk.length > MAX_RXPK_PER_DATAGRAM) {
        out.rejected.push({ cause: 'invalid-rxpk', message: `${json.rxpk.length} rxpk in one datagram; at most ${MAX_RXPK_PER_DATAGRAM} are read` });
      }
    }
  }
  if (json.stat !== undefined) {
    const s = parseStat(json.stat);
    if ('cause' in s) out.rejected.push(s);
    else out.stat = s;
  }
  return out;
}

function parseOneRxpk(gatewayEui: string, r: unknown, i: number): RxPacket | RxpkRejection {
  const bad = (message: string, cause: RxpkRejectCause = 'invalid-rxpk'): RxpkRejection => ({ cause, message: `rxpk[${i}]: ${message}` });
  if (!isObject(r)) return bad('must be an object');
  const tmst = r.tmst;
  if (!isInt(tmst) || tmst < 0 || tmst > 0xffffffff) return bad(`"tmst" must be an integer 0..2^32-1, got ${fmt(tmst)}`);
  if (typeof r.freq !== 'number' || !(r.freq > 100 && r.freq < 3000)) return bad(`"freq" must be a frequency in MHz, got ${fmt(r.freq)}`);
  if (r.modu !== 'LORA' && r.modu !== 'FSK') return bad(`"modu" must be "LORA" or "FSK", got ${fmt(r.modu)}`);
  if (r.modu === 'LORA' ? !(typeof r.datr === 'string' && /^SF(5|6|7|8|9|10|11|12)BW(125|250|500)$/.test(r.datr)) : !isInt(r.datr)) {
    return bad(`"datr" must be like "SF7BW125" (LoRa) or a bit rate (FSK), got ${fmt(r.datr)}`);
  }
  if (typeof r.rssi !== 'number' || !Number.isFinite(r.rssi)) return bad(`"rssi" must be a number (dBm), got ${fmt(r.rssi)}`);
  if (r.lsnr !== undefined && (typeof r.lsnr !== 'number' || !Number.isFinite(r.lsnr))) return bad(`"lsnr" must be a number (dB), got ${fmt(r.lsnr)}`);
  if (!isInt(r.stat) || r.stat < -1 || r.stat > 1) return bad(`"stat" must be 1, 0 or -1, got ${fmt(r.stat)}`);
  if (typeof r.data !== 'string' || r.data.length > 344 || !BASE64.test(r.data)) return bad(`"data" must be base64 of at most 255 bytes`, 'invalid-base64');
  const data = Buffer.from(r.data, 'base64');
  if (r.size !== undefined && r.size !== data.length) return bad(`"size" ${fmt(r.size)} does not match the ${data.length} decoded bytes`);
  if (r.stat === -1) return bad('CRC error reported by the concentrator', 'crc-error');
  const p: RxPacket = { gatewayEui, tmst, freq: r.freq, modu: r.modu, datr: r.datr as string | number, rssi: r.rssi, stat: r.stat, data };
  copyOptional(p, r, ['time', 'codr'], 'string');
  copyOptional(p, r, ['tmms', 'chan', 'rfch', 'lsnr', 'rssis', 'foff', 'ftime'], 'number');
  // v2 multi-antenna: best rsig lsnr/rssic fill in when top-level values are missing.
  if (Array.isArray(r.rsig) && r.rsig.length > 0 && isObject(r.rsig[0])) {
    const s = r.rsig[0];
    if (p.lsnr === undefined && typeof s.lsnr === 'number') p.lsnr = s.lsnr;
    if (p.rssis === undefined && typeof s.rssis === 'number') p.rssis = s.rssis;
  }
  return p;
}

export function parseStat(s: unknown): GatewayStat | RxpkRejection {
  if (!isObject(s)) return { cause: 'invalid-stat', message: '"stat" must be an object' };
  const out: GatewayStat = {};
  for (const k of ['lati', 'long', 'alti', 'rxnb', 'rxok', 'rxfw', 'ackr', 'dwnb', 'txnb', 'temp'] as const) {
    const v = s[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) return { cause: 'invalid-stat', message: `stat."${k}" must be a number, got ${fmt(v)}` };
    out[k] = v;
  }
  if (typeof s.time === 'string') out.time = s.time.slice(0, 64);
  return out;
}

function copyOptional(target: object, src: Record<string, unknown>, keys: string[], type: 'string' | 'number'): void {
  for (const k of keys) {
    const v = src[k];
    if (typeof v === type && (type === 'string' ? (v as string).length <= 64 : Number.isFinite(v))) (target as Record<string, unknown>)[k] = v;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function fmt(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? 'nothing' : s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** "SF7BW125" → {sf: 7, bw: 125}. */
export function parseLoraDatr(datr: string): { sf: number; bw: number } {
  const m = /^SF(\d+)BW(\d+)$/.exec(datr);
  if (!m) throw new RangeError(`data rate must look like "SF7BW125", got "${datr}"`);
  return { sf: Number(m[1]), bw: Number(m[2]) };
}
