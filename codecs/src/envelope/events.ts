/**
 * Wire form of an event or alarm (envelope.cddl `event`):
 *   [seq_delta, kind, type, at_delta, device / null, severity, ?data]
 * at_delta is relative to the previous event's time (the first: to created_at); type and device
 * are dictionary indexes; kind and severity are enumeration indexes (wire.ts).
 */
import type { StoredEvent } from './records';
import type { Packer } from './packer';
import type { PartReader } from './reader';
import { checkFreeForm } from './free-form';
import { EVENT_MAX, EVENT_MIN, KINDS, SEVERITIES } from './wire';

export function packEvents(list: readonly StoredEvent[], p: Packer): unknown[] {
  return p.each(list, (e) => {
    const record: unknown[] = [
      p.seqDelta(e.seq),
      p.code(e.kind, 'kind', KINDS),
      p.ref(e.type, 'type'),
      p.timeDelta(e.at, 'at'),
      e.deviceId === undefined ? null : p.ref(e.deviceId, 'deviceId'),
      p.code(e.severity, 'severity', SEVERITIES),
    ];
    if (e.data !== undefined) record.push(checkFreeForm(e.data, `events[${p.index}].data`, p.limits.maxDepth));
    return record;
  });
}

export function unpackEvents(list: unknown[], r: PartReader, maxDepth: number): StoredEvent[] {
  return r.each(list, EVENT_MIN, EVENT_MAX, (w) => {
    const event: StoredEvent = {
      seq: r.nextSeq(w[0]),
      kind: r.choice(w[1], 'kind', KINDS),
      type: r.string(w[2], 'type'),
      at: r.nextTime(w[3], 'at'),
      severity: r.choice(w[5], 'severity', SEVERITIES),
    };
    if (w[4] !== null) event.deviceId = r.string(w[4], 'device');
    if (w.length > 6) event.data = checkFreeForm(w[6], r.path('data'), maxDepth);
    return event;
  });
}
