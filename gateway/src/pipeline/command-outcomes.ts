/**
 * Outcome changes of journaled commands reach upstream. A command journal row is synced once,
 * when journaled (usually `pending` or `sent`); its later outcome (`confirmed`, `failed`,
 * `refused`) is an update of that row, which the seq-ordered outbox never re-reads. So every
 * outcome change is also appended as an event `command.outcome {command_seq, command, outcome,
 * detail}` (kind `event`, severity warning when failed or refused): it travels in order on the
 * events stream, reaches the bus, the SSE stream and the pull API, and a receiver applies it to
 * the command it already holds by `command_seq`. Wrapped once at the composition root (agent/core.ts).
 */
import type { Store } from '../store/types';

type OutcomeStore = Pick<Store, 'setCommandOutcome' | 'appendEvent' | 'commandsAfter'>;

export function recordCommandOutcomes<S extends OutcomeStore>(store: S): S {
  const setOutcome = store.setCommandOutcome.bind(store);
  store.setCommandOutcome = (seq, outcome, at, detail) => {
    const before = store.commandsAfter(seq - 1, 1)[0];
    setOutcome(seq, outcome, at, detail);
    if (before?.seq === seq && before.outcome === outcome && before.detail === detail) return; // no change
    store.appendEvent({
      kind: 'event', type: 'command.outcome', at, severity: outcome === 'failed' || outcome === 'refused' ? 'warning' : 'info',
      ...(before?.seq === seq ? { deviceId: before.deviceId } : {}),
      data: { command_seq: seq, ...(before?.seq === seq ? { command: before.command } : {}), outcome, ...(detail ? { detail: detail.slice(0, 500) } : {}) },
    });
  };
  return store;
}
