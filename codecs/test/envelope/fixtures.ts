/** Seeded batches for the envelope tests (and the benchmark): realistic field traffic. */
import type { CommandsBatch, EventsBatch } from '../../src/envelope/index';
import { sampleReadingsBatch } from '../../src/envelope/sample';

export const readingsBatch = sampleReadingsBatch;

const T0 = Date.UTC(2026, 10, 23, 2, 0, 0);

export function eventsBatch(): EventsBatch {
  return {
    gatewayId: 'gw-epci-0042',
    stream: 'events',
    firstSeq: 10,
    lastSeq: 20,
    createdAt: T0 + 60_000,
    events: [
      { seq: 10, kind: 'event', type: 'health.mode', at: T0, severity: 'info', data: { from: 'online', to: 'upstream_lost' } },
      { seq: 12, kind: 'alarm', type: 'lighting.lamp_failure', at: T0 + 1500, deviceId: 'lamp-0007', severity: 'critical', data: { dim_level: 100, active_power: 0.4, hints: ['power_near_zero', null, true], nested: { a: { b: [1.5] } } } },
      { seq: 13, kind: 'alarm', type: 'irrigation.leak', at: T0 - 30_000, deviceId: 'meter-3', severity: 'warning' },
      { seq: 20, kind: 'event', type: 'health.mode', at: T0 + 50_000, severity: 'info', data: {} },
    ],
  };
}

export function commandsBatch(): CommandsBatch {
  return {
    gatewayId: 'gw-epci-0042',
    stream: 'commands',
    firstSeq: 7_000_000_000,
    lastSeq: 7_000_000_009,
    createdAt: T0,
    commands: [
      { seq: 7_000_000_000, deviceId: 'lamp-0007', command: 'set_level', params: { level: 50 }, reason: 'program', source: 'rule:lighting', at: T0 - 1000, outcome: 'pending' },
      { seq: 7_000_000_001, deviceId: 'valve-2', command: 'open_valve', params: { minutes: 20, self_close: true }, reason: 'sensor', source: 'rule:irrigation', at: T0 - 900, outcome: 'confirmed', outcomeAt: T0 - 400 },
      { seq: 7_000_000_004, deviceId: 'lamp-0007', command: 'set_level', params: { level: 100, expires: '2026-11-23T06:00:00Z' }, reason: 'override', source: 'hypervisor', at: T0 - 800, outcome: 'refused', detail: 'never-off class floor is 30 %' },
      { seq: 7_000_000_009, deviceId: 'valve-2', command: 'close_valve', params: {}, reason: 'default', source: 'node-red', at: T0 - 100, outcome: 'failed', outcomeAt: T0, detail: '' },
    ],
  };
}
