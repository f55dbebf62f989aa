import type { Clock } from '@ardoise/device-sdk';
import type { Store } from '../store/types';
import type { DownstreamMessage } from './message';

export interface SinkOutcome {
  /** accepted: will be / was actuated; refused: the safety governor said no (detail says why); failed: error. */
  status: 'accepted' | 'refused' | 'failed';
  detail?: string;
  /** Seq of the command-journal entry, when journaled. */
  journalSeq?: number;
}

/**
 * Where verified downstream messages go. The safety governor (later issue) implements it:
 * it enforces invariants (never-off floor, valve max-open, drought bans, expiry) and journals.
 */
export interface CommandSink {
  submit(message: DownstreamMessage): Promise<SinkOutcome> | SinkOutcome;
}

/**
 * Minimal sink until the governor lands: journals every accepted message as a hypervisor
 * override (reason "override", source "hypervisor", outcome pending) and actuates nothing itself.
 */
export class JournalingCommandSink implements CommandSink {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  submit(message: DownstreamMessage): SinkOutcome {
    const at = this.clock.now();
    const base = { reason: 'override' as const, source: 'hypervisor', at };
    const params = { message_id: message.id, expires_at: message.expiresAt };
    const entry =
      message.kind === 'commands'
        ? this.store.journalCommand({
            ...base,
            deviceId: message.body.device_id ?? `group:${message.body.group}`,
            command: message.body.command,
            params: { ...message.body.params, ...params },
          })
        : this.store.journalCommand({ ...base, deviceId: 'gateway', command: 'config_update', params: { patch: message.body.patch, ...params } });
    return { status: 'accepted', detail: 'journaled', journalSeq: entry.seq };
  }
}
