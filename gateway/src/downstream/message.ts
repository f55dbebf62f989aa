import { z } from 'zod';

/**
 * Downstream message (hypervisor → gateway) on ardoise/v1/{gw}/down/{commands|config}.
 * JSON, at most `maxBytes`; `sig` covers canonicalJson(message without sig). See README.md.
 */
const id = z.string().min(1).max(128).regex(/^[A-Za-z0-9_.:-]+$/, 'use A-Z a-z 0-9 _ . : -');
const params = z.record(z.string().max(64), z.unknown());

export const commandBody = z
  .object({
    /** One device, or a group (lamp group, irrigation zone): exactly one of the two. */
    device_id: z.string().min(1).max(128).optional(),
    group: z.string().min(1).max(128).optional(),
    command: z.string().min(1).max(64).regex(/^[a-z][a-z0-9_]*$/, 'snake_case command name'),
    params: params.default({}),
  })
  .strict()
  .refine((b) => (b.device_id === undefined) !== (b.group === undefined), { message: 'give exactly one of device_id or group' });

export const configBody = z.object({ patch: z.record(z.string().max(128), z.unknown()) }).strict();

const signature = z
  .object({
    alg: z.enum(['hmac-sha256', 'ed25519']),
    key_id: z.string().max(64).optional(),
    value: z.string().min(1).max(512).regex(/^[A-Za-z0-9+/=_-]+$/, 'base64'),
  })
  .strict();

export const envelopeSchema = z
  .object({
    id,
    gateway_id: z.string().min(1).max(64),
    issued_at: z.number().int().nonnegative().optional(),
    expires_at: z.number().int().positive(),
    body: z.record(z.string(), z.unknown()),
    sig: signature.optional(),
  })
  .strict();

export type DownKind = 'commands' | 'config';
export type CommandBody = z.infer<typeof commandBody>;
export type ConfigBody = z.infer<typeof configBody>;
export type DownEnvelope = z.infer<typeof envelopeSchema>;

/** A verified, unexpired, first-seen message handed to the CommandSink. */
export type DownstreamMessage =
  | { kind: 'commands'; id: string; gatewayId: string; expiresAt: number; issuedAt?: number; body: CommandBody }
  | { kind: 'config'; id: string; gatewayId: string; expiresAt: number; issuedAt?: number; body: ConfigBody };

/** "path: message" for the first few issues, so the ack names what was wrong and where. */
export function describeIssues(error: z.ZodError, prefix = ''): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${[prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
