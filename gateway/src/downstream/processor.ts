import type { Clock } from '@ardoise/device-sdk';
import type { Store } from '../store/types';
import type { CommandSink } from './command-sink';
import { commandBody, configBody, describeIssues, envelopeSchema, type DownEnvelope, type DownKind, type DownstreamMessage } from './message';
import { ReplayGuard } from './replay-guard';
import type { SignatureVerifier } from './verifier';

export type AckStatus = 'accepted' | 'refused' | 'failed' | 'rejected' | 'duplicate';

/** Published on ardoise/v1/{gw}/down/acks for every message received, accepted or not. */
export interface DownAck {
  id: string | null;
  kind: DownKind;
  status: AckStatus;
  /** Machine-readable reason for rejected/refused/failed (e.g. "expired", "bad_signature"). */
  reason?: string;
  detail?: string;
  journal_seq?: number;
  at: number;
}

export interface DownstreamLimits {
  /** Largest message accepted, bytes (default 16 KiB). */
  maxBytes: number;
  /** Furthest expiry accepted from now, ms (default 24 h): bounds the replay cache. */
  maxTtlMs: number;
}

export const DOWNSTREAM_DEFAULTS: DownstreamLimits = { maxBytes: 16 * 1024, maxTtlMs: 24 * 3_600_000 };

class Rejection extends Error {
  constructor(
    readonly reason: string,
    detail: string,
    readonly id: string | null = null,
  ) {
    super(detail);
  }
}

/**
 * Validates, authenticates and de-duplicates one downstream message, then hands it to the sink.
 * Order matters: size → JSON → shape → gateway → signature → expiry → body → replay. Nothing
 * reaches the sink unless every check passed, and the id is persisted before the sink runs.
 */
export class DownstreamProcessor {
  private readonly replay: ReplayGuard;
  private readonly limits: DownstreamLimits;

  constructor(
    private readonly deps: { store: Store; sink: CommandSink; verifier: SignatureVerifier; clock: Clock; gatewayId: string },
    limits: Partial<DownstreamLimits> = {},
  ) {
    this.replay = new ReplayGuard(deps.store);
    this.limits = { ...DOWNSTREAM_DEFAULTS, ...limits };
  }

  async process(kind: DownKind, payload: Buffer): Promise<DownAck> {
    const at = (): number => this.deps.clock.now();
    let message: DownstreamMessage;
    try {
      message = this.check(kind, payload);
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      return { id: error.id, kind, status: 'rejected', reason: error.reason, detail: error.message, at: at() };
    }
    const seen = this.replay.lookup(message.id);
    if (seen) return { id: message.id, kind, status: 'duplicate', reason: 'replayed', detail: `already processed: ${seen.status}`, at: at() };
    if (!this.replay.remember(message.id, { exp: message.expiresAt, status: 'processing' }, at())) {
      return { id: message.id, kind, status: 'rejected', reason: 'replay_cache_full', detail: 'too many unexpired messages; retry later', at: at() };
    }
    const outcome = await this.submit(message);
    this.replay.update(message.id, { exp: message.expiresAt, status: outcome.status, detail: outcome.detail });
    return { id: message.id, kind, status: outcome.status, detail: outcome.detail, journal_seq: outcome.journalSeq, at: at() };
  }

  private async submit(message: DownstreamMessage): Promise<{ status: AckStatus; detail?: string; journalSeq?: number }> {
    try {
      return await this.deps.sink.submit(message);
    } catch (error) {
      return { status: 'failed', detail: (error as Error).message };
    }
  }

  private check(kind: DownKind, payload: Buffer): DownstreamMessage {
    if (payload.length > this.limits.maxBytes) {
      throw new Rejection('oversize', `message is ${payload.length} bytes; the limit is ${this.limits.maxBytes}`);
    }
    const envelope = this.parse(payload);
    if (envelope.gateway_id !== this.deps.gatewayId) {
      throw new Rejection('wrong_gateway', `gateway_id ${JSON.stringify(envelope.gateway_id)} is not this gateway`, envelope.id);
    }
    const failure = this.deps.verifier.verify(envelope);
    if (failure) throw new Rejection(failure, signatureDetail(failure), envelope.id);
    const now = this.deps.clock.now();
    if (envelope.expires_at <= now) throw new Rejection('expired', `expired at ${new Date(envelope.expires_at).toISOString()}`, envelope.id);
    if (envelope.expires_at > now + this.limits.maxTtlMs) {
      throw new Rejection('expiry_too_far', `expires_at is more than ${this.limits.maxTtlMs} ms ahead`, envelope.id);
    }
    return this.withBody(kind, envelope);
  }

  private parse(payload: Buffer): DownEnvelope {
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch (error) {
      throw new Rejection('malformed', `not JSON: ${(error as Error).message}`);
    }
    const parsed = envelopeSchema.safeParse(json);
    if (!parsed.success) {
      const rawId = (json as { id?: unknown })?.id;
      const id = typeof rawId === 'string' && rawId.length <= 128 ? rawId : null;
      throw new Rejection('malformed', describeIssues(parsed.error), id);
    }
    return parsed.data;
  }

  private withBody(kind: DownKind, envelope: DownEnvelope): DownstreamMessage {
    const base = { id: envelope.id, gatewayId: envelope.gateway_id, expiresAt: envelope.expires_at, issuedAt: envelope.issued_at };
    const schema = kind === 'commands' ? commandBody : configBody;
    const body = schema.safeParse(envelope.body);
    if (!body.success) throw new Rejection('malformed', describeIssues(body.error, 'body'), envelope.id);
    return { ...base, kind, body: body.data } as DownstreamMessage;
  }
}

function signatureDetail(failure: string): string {
  if (failure === 'unsigned') return 'message has no sig; every downstream message must be signed';
  if (failure === 'unsupported_algorithm') return 'sig.alg has no key configured on this gateway';
  return 'signature does not match the canonical form of the message';
}
