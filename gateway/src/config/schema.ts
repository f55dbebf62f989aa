import { z } from 'zod';
import { rulesSchema } from '../rules/config';
import { lorawanInputKeys, outboxKeys } from './input-schemas';
import { secretRefSchema } from './secrets';
import { SIZE_PATTERN, parseSize } from './size';

/**
 * The agent's configuration: one YAML file, snake_case keys, validated here.
 * Every key has a default except `site` identity and the device registry (README "Config reference").
 * Unknown keys are errors (a typo must not be silently ignored).
 */
function section<T extends z.ZodRawShape>(shape: T) {
  const allowed = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; allowed: ${allowed}`
        : issue.input === undefined
          ? 'missing section'
          : `expected a mapping with keys: ${allowed}`,
  });
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

const id = (what: string) =>
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, `${what} must be 1-64 characters: letters, digits, "_", "." or "-", starting with a letter or digit`);

const size = z
  .union([z.number().int().positive(), z.string().regex(SIZE_PATTERN, 'expected a size such as "512MB", "2GiB" or a number of bytes')])
  .transform((v) => parseSize(v) ?? 0)
  .refine((v) => v >= 1_000_000, 'must be at least 1MB');

const hex = (bytes: number, what: string) =>
  z.string({
    error: (issue) => (typeof issue.input === 'number'
      ? `${what} must be ${bytes * 2} hex digits in quotes, e.g. "${'0'.repeat(bytes * 2 - 2)}1A" (YAML reads digits-only values as numbers and drops leading zeros)`
      : undefined),
  }).regex(new RegExp(`^[0-9A-Fa-f]{${bytes * 2}}$`), `${what} must be ${bytes} bytes as ${bytes * 2} hex digits`);

const port = z.number().int().min(0).max(65535);

export const siteSchema = section({
  id: id('site.id').describe('Gateway/site identifier, used in MQTT topics and sync batches'),
  name: z.string().min(1).max(200).optional().describe('Human-readable name'),
  latitude: z.number().min(-90).max(90).describe('Degrees, WGS84 (astronomical clock)'),
  longitude: z.number().min(-180).max(180).describe('Degrees, WGS84, east positive'),
  timezone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as "Europe/Paris"').default('UTC').describe('IANA time zone of the site'),
});

export const storageSchema = section({
  path: z.string().min(1).default('./var/ardoise.db').describe('SQLite database file (relative to the config file)'),
  max_size: size.default(512_000_000).describe('Cap on the database size; eviction by priority beyond it'),
  retention_days: z.number().int().min(1).max(3650).default(30).describe('Raw readings older than this are deleted'),
  synchronous: z.enum(['NORMAL', 'FULL']).default('NORMAL').describe('SQLite durability: NORMAL may lose the last commits on power cut, FULL loses none (slower)'),
  commit_interval_ms: z.number().int().min(1).max(10_000).default(25).describe('Group commit: flush pending readings at least this often'),
  commit_max_rows: z.number().int().min(1).max(100_000).default(1000).describe('Group commit: flush as soon as this many readings are pending'),
});

const lorawanSchema = section({
  dev_eui: hex(8, 'dev_eui'),
  join_eui: hex(8, 'join_eui').optional(),
  class: z.enum(['A', 'B', 'C']).default('A'),
  activation: z.enum(['OTAA', 'ABP']).default('OTAA'),
  dev_addr: hex(4, 'dev_addr').optional(),
  app_key: secretRefSchema.optional().describe('OTAA root key (secret reference)'),
  nwk_s_key: secretRefSchema.optional().describe('ABP network session key (secret reference)'),
  app_s_key: secretRefSchema.optional().describe('ABP application session key (secret reference)'),
});

const serialAddressSchema = section({
  port: z.string().min(1),
  address: z.number().int().min(0).max(255).optional(),
});

export const deviceSchema = section({
  id: id('device id'),
  type: z.string().min(1).max(64).describe('Device class, e.g. lamp, light_sensor, soil_probe, valve'),
  name: z.string().max(200).optional(),
  codec: z.string().min(1).max(200).optional().describe('Codec id (first-party) or path of a vendor codec'),
  profile: z.string().max(64).optional().describe('Device profile (region/class/capabilities)'),
  group: z.string().max(64).optional().describe('Lighting group / irrigation zone'),
  report_interval_s: z.number().int().min(1).max(7 * 86400).default(900).describe('Expected report interval; no report for stale_factor times it → sensor_stale'),
  transport: z.enum(['lorawan', 'serial', 'tap', 'virtual']).default('virtual'),
  lorawan: lorawanSchema.optional(),
  serial: serialAddressSchema.optional(),
});

/** RX1 opens 1 s after the uplink: the dedup window and the decision lead must both fit before it. */
function checkRx1Budget(v: { dedup_window_ms: number; downlink_lead_ms: number }, ctx: z.RefinementCtx): void {
  if (v.dedup_window_ms + v.downlink_lead_ms >= 1000) {
    ctx.addIssue({
      code: 'custom',
      path: ['dedup_window_ms'],
      input: v.dedup_window_ms,
      message: `dedup_window_ms (${v.dedup_window_ms}) + downlink_lead_ms (${v.downlink_lead_ms}) must stay under the 1000 ms before RX1, or no class A downlink can be sent in time`,
    });
  }
}

export const inputsSchema = section({
  demo: section({
    enabled: z.boolean().default(false),
    speed: z.number().min(0.1).max(10_000).default(1).describe('Report intervals are divided by this'),
  }).default({ enabled: false, speed: 1 }),
  semtech_udp: section({
    enabled: z.boolean().default(false),
    bind: z.string().default('0.0.0.0'),
    port: port.default(1700),
    ...lorawanInputKeys,
  }).superRefine(checkRx1Budget).prefault({}).describe('Semtech UDP packet forwarder input and LoRaWAN edge network server'),
  serial: section({
    enabled: z.boolean().default(false),
    path: z.string().default('/dev/ttyUSB0'),
    baud: z.number().int().positive().default(9600),
  }).default({ enabled: false, path: '/dev/ttyUSB0', baud: 9600 }).describe('Serial devices (placeholder)'),
});

const fileRef = (what: string) => z.strictObject({ file: z.string().min(1) }, {
  error: (issue) => (typeof issue.input === 'string' ? 'plain-text secret not allowed here; allowed: {file: PATH}' : `allowed: {file: PATH} (${what} is read from a file)`),
});

export const syncSchema = section({
  enabled: z.boolean().default(false),
  mqtt_url: z.string().regex(/^mqtts?:\/\/[^\s/]+/, 'expected mqtt://host[:port] or mqtts://host[:port]').optional(),
  client_id: z.string().max(128).optional(),
  username: z.string().max(256).optional(),
  password: secretRefSchema.optional(),
  tls: section({
    ca: z.string().optional().describe('CA certificate file'),
    cert: z.string().optional().describe('Client certificate file'),
    key: fileRef('the MQTT client private key').optional().describe('Client private key: a secret reference to a file, {file: PATH}'),
  }).optional(),
  command_keys: section({
    hmac_key: fileRef('the HMAC key').optional().describe('Shared HMAC-SHA256 key (>= 32 bytes) verifying hypervisor commands'),
    ed25519_public_key: z.string().min(1).optional().describe('Hypervisor Ed25519 public key file (PEM)'),
  }).optional().describe('Keys verifying signed downstream commands; without any, every downstream command is rejected'),
  ...outboxKeys,
});

export const apiSchema = section({
  bind: z.string().default('127.0.0.1').describe('Listen address; 127.0.0.1 keeps the API local'),
  port: port.default(8470),
  tokens: z.array(section({
    name: z.string().min(1).max(64),
    token: secretRefSchema,
    scope: z.enum(['read', 'command']).default('read').describe('read: pull API; command: also POST /api/v1/commands'),
  })).default([]),
});

export const loggingSchema = section({
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export const healthSchema = section({
  check_interval_s: z.number().int().min(1).max(3600).default(30),
  stale_factor: z.number().min(1).max(100).default(2.5).describe('A device is stale after stale_factor × report_interval_s without a report'),
  storage_pressure_ratio: z.number().min(0.1).max(1).default(0.9).describe('storage_pressure when the database reaches this share of max_size'),
  clock_persist_interval_s: z.number().int().min(1).max(86400).default(60),
  ntp_check: section({
    command: z.array(z.string().min(1).max(4096)).min(1).max(32)
      .describe('Program and arguments; stdout "yes", "true" or "1" means the system clock is NTP-synchronised (e.g. ["timedatectl", "show", "-p", "NTPSynchronized", "--value"])'),
    interval_s: z.number().int().min(5).max(86400).default(60),
  }).optional().describe('Time source for clock trust: a command run periodically that says whether NTP has synchronised the clock'),
});

export const configSchema = section({
  site: siteSchema,
  storage: storageSchema.default(storageSchema.parse({})),
  devices: z.array(deviceSchema).max(100_000).default([]).superRefine((devices, ctx) => {
    const seen = new Map<string, number>();
    devices.forEach((d, i) => {
      const first = seen.get(d.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'id'], input: d.id, message: `duplicate device id (first at devices[${first}])` });
      else seen.set(d.id, i);
      if (d.transport === 'lorawan' && !d.lorawan) ctx.addIssue({ code: 'custom', path: [i, 'lorawan'], message: 'transport lorawan needs a lorawan section (dev_eui, keys)' });
    });
  }),
  inputs: inputsSchema.default(inputsSchema.parse({})),
  /** Lighting and irrigation rules: the schema lives with the rule engines (rules/config.ts). */
  rules: rulesSchema.prefault({}),
  sync: syncSchema.prefault({}).superRefine((sync, ctx) => {
    if (sync.enabled && !sync.mqtt_url) ctx.addIssue({ code: 'custom', path: ['mqtt_url'], message: 'required when sync.enabled is true' });
  }),
  api: apiSchema.default(apiSchema.parse({})),
  logging: loggingSchema.default({ level: 'info' }),
  health: healthSchema.default(healthSchema.parse({})),
});

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type DeviceConfig = Config['devices'][number];
