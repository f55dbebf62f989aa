/**
 * Downlink side of GWMP: the `txpk` object sent in PULL_RESP, and TX_ACK results
 * (v2; with or without JSON; `error` codes and the sx1302 `warn` form).
 */
export interface TxPacket {
  /** Send immediately (class C) instead of at `tmst`. */
  imme?: boolean;
  /** Concentrator counter (µs) at which to send; wraps at 2^32. */
  tmst?: number;
  /** MHz. */
  freq: number;
  rfch: number;
  /** dBm. */
  powe: number;
  modu: 'LORA';
  datr: string;
  codr: string;
  /** Inverted polarity: true for LoRaWAN downlinks. */
  ipol: boolean;
  size: number;
  data: string;
  ncrc?: boolean;
}

export const TX_ERRORS = ['TOO_LATE', 'TOO_EARLY', 'COLLISION_PACKET', 'COLLISION_BEACON', 'TX_FREQ', 'TX_POWER', 'GPS_UNLOCKED'] as const;
export type TxError = (typeof TX_ERRORS)[number];

export type TxAckResult =
  | { status: 'ok'; warn?: { code: string; value?: number } }
  | { status: 'error'; error: TxError | string }
  /** v1 forwarders never acknowledge; the server cannot know more. */
  | { status: 'sent-unacknowledged' }
  | { status: 'timeout' };

/** Parse the optional TX_ACK JSON. Empty body = success (older v2 forwarders). */
export function parseTxAck(body: Buffer): TxAckResult {
  if (body.length === 0) return { status: 'ok' };
  // Some forwarders pad with a NUL terminator.
  const text = body.toString('utf8').replace(/\0+$/, '');
  if (text.trim() === '') return { status: 'ok' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SyntaxError(`TX_ACK body is not JSON: ${(e as Error).message}`);
  }
  const ack = (json as { txpk_ack?: unknown } | null)?.txpk_ack;
  if (typeof ack !== 'object' || ack === null) throw new SyntaxError('TX_ACK body must contain a "txpk_ack" object');
  const a = ack as { error?: unknown; warn?: unknown; value?: unknown };
  if (typeof a.error === 'string' && a.error !== 'NONE') return { status: 'error', error: a.error.slice(0, 32) };
  if (typeof a.warn === 'string' && a.warn !== 'NONE') {
    return { status: 'ok', warn: { code: a.warn.slice(0, 32), ...(typeof a.value === 'number' ? { value: a.value } : {}) } };
  }
  return { status: 'ok' };
}
