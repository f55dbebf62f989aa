/**
 * Wire form of a command-journal entry (envelope.cddl `command`):
 *   [seq_delta, device, command, params, reason, source, at_delta, outcome, ?outcome_delta / null, ?detail]
 * at_delta is relative to the previous entry's time (the first: to created_at), outcome_delta to
 * the same entry's `at`; device, command and source are dictionary indexes; reason and outcome
 * enumeration indexes (wire.ts). Trailing optional fields are omitted when absent.
 */
import type { StoredCommand } from './records';
import { wireInt, type Packer } from './packer';
import type { PartReader } from './reader';
import { describe } from './errors';
import { checkFreeForm } from './free-form';
import { COMMAND_MAX, COMMAND_MIN, OUTCOMES, REASONS } from './wire';

export function packCommands(list: readonly StoredCommand[], p: Packer): unknown[] {
  return p.each(list, (c) => {
    const record: unknown[] = [
      p.seqDelta(c.seq),
      p.ref(c.deviceId, 'deviceId'),
      p.ref(c.command, 'command'),
      checkFreeForm(c.params, `commands[${p.index}].params`, p.limits.maxDepth),
      p.code(c.reason, 'reason', REASONS),
      p.ref(c.source, 'source'),
      p.timeDelta(c.at, 'at'),
      p.code(c.outcome, 'outcome', OUTCOMES),
    ];
    const outcomeAt = c.outcomeAt === undefined ? undefined : p.time(c.outcomeAt, 'outcomeAt');
    if (outcomeAt !== undefined || c.detail !== undefined) record.push(outcomeAt === undefined ? null : wireInt(outcomeAt - c.at));
    if (c.detail !== undefined) {
      if (typeof c.detail !== 'string' || c.detail.length > p.limits.maxDetailLength) {
        p.fail('detail', `must be a string of at most ${p.limits.maxDetailLength} characters, got ${describe(c.detail)}`);
      }
      record.push(c.detail);
    }
    return record;
  });
}

export function unpackCommands(list: unknown[], r: PartReader, maxDepth: number, maxDetail: number): StoredCommand[] {
  return r.each(list, COMMAND_MIN, COMMAND_MAX, (w) => {
    const seq = r.nextSeq(w[0]);
    const at = r.nextTime(w[6], 'at');
    const command: StoredCommand = {
      seq,
      deviceId: r.string(w[1], 'device'),
      command: r.string(w[2], 'command'),
      params: checkFreeForm(w[3], r.path('params'), maxDepth),
      reason: r.choice(w[4], 'reason', REASONS),
      source: r.string(w[5], 'source'),
      at,
      outcome: r.choice(w[7], 'outcome', OUTCOMES),
    };
    if (w.length > 8 && w[8] !== null) command.outcomeAt = r.time(w[8], at, 'outcome_at');
    if (w.length > 9) {
      const detail = w[9];
      if (typeof detail !== 'string' || detail.length > maxDetail) {
        r.fail('detail', `must be a string of at most ${maxDetail} characters, got ${describe(detail)}`);
      }
      command.detail = detail;
    }
    return command;
  });
}
