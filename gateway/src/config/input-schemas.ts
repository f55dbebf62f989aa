import { z } from 'zod';

/**
 * Schemas of the `inputs.semtech_udp` keys that tune the LoRaWAN stack (Semtech UDP server and
 * edge network server, gateway/src/lorawan). Kept apart from schema.ts so that file stays a map.
 */
const hostPort = z.strictObject({
  host: z.string().min(1).max(253).describe('Operator network server host (its Semtech UDP / GWMP port)'),
  port: z.number().int().min(1).max(65535).default(1700),
}, { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown key; allowed: host, port` : 'expected a mapping {host, port}') });

const eui = z.string({ error: (issue) => (typeof issue.input === 'number' ? 'a gateway EUI must be 16 hex digits in quotes (YAML reads digits-only values as numbers)' : undefined) })
  .regex(/^[0-9A-Fa-f]{16}$/, 'a gateway EUI is 8 bytes as 16 hex digits, e.g. "AA555A0000000001"');

export const lorawanInputKeys = {
  forward_to: z.array(hostPort).max(8).default([])
    .describe('Operator network servers that also receive the raw GWMP traffic (the gateway still decodes locally)'),
  recv_buffer_size: z.number().int().min(65_536).max(64 * 1024 * 1024).optional()
    .describe('UDP receive buffer in bytes (SO_RCVBUF; the OS may cap it: net.core.rmem_max); unset = OS default'),
  allowed_gateways: z.array(eui).max(256).optional()
    .describe('Concentrator (gateway) EUIs allowed to talk to this input; unset = any. Listed EUIs are also watched by health (concentrator_lost)'),
  dedup_window_ms: z.number().int().min(0).max(800).default(200)
    .describe('How long copies of one frame heard by several concentrators are merged (RX1 opens 1 s after the uplink)'),
  downlink_data_delay_ms: z.number().int().min(0).max(1000).default(100)
    .describe('After an uplink is committed, how long rules may queue a class A downlink for its RX1 window'),
  downlink_lead_ms: z.number().int().min(0).max(1000).default(300)
    .describe('A class A downlink is decided at the latest this long before RX1 (add the backhaul round trip for a remote concentrator)'),
  net_id: z.string({ error: (issue) => (typeof issue.input === 'number' ? 'net_id must be 6 hex digits in quotes, e.g. "000013"' : undefined) })
    .regex(/^[0-9A-Fa-f]{6}$/, 'net_id is a 24-bit LoRaWAN NetID as 6 hex digits, e.g. "000013"').default('000000')
    .describe('LoRaWAN NetID; its 7 LSBs prefix the DevAddr of devices that join (OTAA)'),
  concentrator_timeout_s: z.number().int().min(10).max(3600).default(30)
    .describe('A concentrator with no PULL_DATA keepalive for this long is lost (health mode concentrator_lost)'),
} as const;

/** `sync` keys of the outbox (gateway/src/sync/outbox-config.ts), snake_case, with their defaults. */
export const outboxKeys = {
  batch_max_records: z.number().int().min(1).max(10_000).default(500).describe('Records per upstream batch at most'),
  batch_max_bytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(256 * 1024).describe('Encoded bytes per batch at most (halved until it fits)'),
  max_in_flight: z.number().int().min(1).max(64).default(4).describe('Unacknowledged batches at once: bounds resends after a reconnect'),
  bandwidth_bytes_per_s: z.number().int().min(100).optional().describe('Upstream payload budget in bytes/s (sobriety); unset = uncapped'),
  deadbands: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'a quantity name is snake_case'), z.number().min(0))
    .optional().describe('Per quantity: a reading is sent only when it moved by more than this since the last sent value'),
  aggregation: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'a quantity name is snake_case'), z.enum(['15m', '1h']))
    .optional().describe('Per quantity: send min/mean/max/count per 15m or 1h window instead of raw values'),
} as const;
