/**
 * The Store contract suite (types.ts): every Store implementation runs it (MQTT.js abstract_store
 * style). SqliteStore runs it in store-basics.test.ts; a fake or alternative store used by other
 * modules' tests should run it too: `storeContract('MyStore', () => ({ open: () => new MyStore() }))`.
 */
import { describe, expect, it } from 'vitest';
import { Priority, Quality, StoreInputError } from '../../src/store/index';
import type { Store } from '../../src/store/types';
import { reading, readings, T0 } from './helpers';

export function storeContract(name: string, setup: () => { open: () => Store }): void {
  describe(`Store contract: ${name}`, () => {
    const tmp = setup();

    it('round-trips readings exactly and assigns increasing seqs', () => {
      const store = tmp.open();
      const input = [
        reading(1),
        reading(2, { quality: Quality.CLOCK_UNTRUSTED, priority: Priority.AGGREGATE, measurements: { presence: true, occupied: false, water_volume: 0.1 + 0.2, big: 1e300, neg: -12.5 } }),
        reading(3, { receivedAt: T0, observedAt: T0 + 60_000 }),
      ];
      const stored = store.appendReadings(input);
      expect(stored.map((r) => r.seq)).toEqual([1, 2, 3]);
      const back = store.readingsAfter(0, 10);
      expect(back).toEqual(stored);
      expect(back[1]!.measurements).toEqual(input[1]!.measurements);
      expect(back[2]!.receivedAt).toBe(T0);
    });

    it('pages by seq and filters by device, device type, time and quantity', () => {
      const store = tmp.open();
      store.upsertDevice({ id: 'lamp-3', type: 'lamp' });
      store.upsertDevice({ id: 'probe-1', type: 'soil_probe' });
      store.appendReadings(readings(0, 100));
      store.appendReadings([reading(100, { deviceId: 'probe-1', measurements: { soil_tension: 42 } })]);
      expect(store.readingsAfter(10, 5).map((r) => r.seq)).toEqual([11, 12, 13, 14, 15]);
      expect(store.readingsAfter(0, 100, { deviceId: 'lamp-3' }).map((r) => r.seq)).toEqual([4, 24, 44, 64, 84]);
      expect(store.readingsAfter(24, 100, { deviceType: 'lamp' }).map((r) => r.seq)).toEqual([44, 64, 84]);
      expect(store.readingsAfter(0, 100, { deviceId: 'lamp-3', from: T0 + 23_000, to: T0 + 63_000 }).map((r) => r.seq)).toEqual([24, 44]);
      expect(store.readingsAfter(0, 100, { quantity: 'soil_tension' }).map((r) => r.deviceId)).toEqual(['probe-1']);
      expect(store.readingsAfter(0, 10, { deviceId: 'nobody' })).toEqual([]);
    });

    it('rejects a bad batch as a whole, naming the field, and stores nothing of it', () => {
      const store = tmp.open();
      const bad = [reading(1), reading(2, { measurements: { voltage: Number.NaN } })];
      expect(() => store.appendReadings(bad)).toThrow(StoreInputError);
      expect(() => store.appendReadings(bad)).toThrow(/readings\[1\]\.measurements\.voltage: got NaN, expected a finite number or a boolean/);
      expect(() => store.appendReadings([reading(1, { deviceId: 'x'.repeat(200) })])).toThrow(/readings\[0\]\.deviceId/);
      expect(() => store.appendReadings(readings(0, 10_001))).toThrow(/batch of 10001 readings, at most 10000 per transaction/);
      expect(store.stats().readings).toBe(0);
      expect(store.appendReadings([reading(3)])[0]!.seq).toBe(1);
    });

    it('stores events and alarms with their own seq and filters', () => {
      const store = tmp.open();
      store.appendEvent({ kind: 'event', type: 'health.mode', at: T0, data: { mode: 'online' } });
      const alarm = store.appendEvent({ kind: 'alarm', type: 'lighting.lamp_failure', at: T0 + 1, deviceId: 'lamp-1' });
      expect(alarm).toMatchObject({ seq: 2, severity: 'warning' });
      expect(store.eventsAfter(0, 10, { kind: 'alarm' })).toEqual([alarm]);
      expect(store.eventsAfter(0, 10, { deviceId: 'lamp-1' })).toHaveLength(1);
      expect(store.eventsAfter(0, 10)[0]).toMatchObject({ data: { mode: 'online' }, severity: 'info' });
    });

    it('journals commands and records outcomes', () => {
      const store = tmp.open();
      const c = store.journalCommand({ deviceId: 'valve-1', command: 'open_valve', params: { maxSeconds: 600 }, reason: 'program', source: 'rule:irrigation', at: T0 });
      expect(c).toMatchObject({ seq: 1, outcome: 'pending' });
      store.setCommandOutcome(c.seq, 'confirmed', T0 + 5, 'ack fcnt 12');
      expect(store.commandsAfter(0, 10, { deviceId: 'valve-1' })).toEqual([{ ...c, outcome: 'confirmed', outcomeAt: T0 + 5, detail: 'ack fcnt 12' }]);
      expect(() => store.setCommandOutcome(99, 'sent', T0)).toThrow(/no journaled command with seq 99/);
    });


    it('keeps devices (upsert), cursors and state', () => {
      const store = tmp.open();
      store.upsertDevice({ id: 'lamp-1', type: 'lamp', name: 'Rue Lenepveu 1', meta: { group: 'centre' } });
      store.upsertDevice({ id: 'lamp-1', type: 'lamp', name: 'Rue Lenepveu 1bis' });
      store.setCursor('readings:mqtt', 42);
      store.setState('irrigation.drought_level', { level: 'alerte', since: T0 });
      expect(store.listDevices()).toEqual([{ id: 'lamp-1', type: 'lamp', name: 'Rue Lenepveu 1bis' }]);
      expect(store.getCursor('readings:mqtt')).toBe(42);
      expect(store.getCursor('unknown')).toBe(0);
      expect(store.getState('irrigation.drought_level')).toEqual({ level: 'alerte', since: T0 });
      expect(store.getState('missing')).toBeUndefined();
    });

    it('refuses unbounded or malformed pages, naming the parameter', () => {
      const store = tmp.open();
      expect(() => store.readingsAfter(0, 1_000_000)).toThrow(/limit: got 1000000, expected an integer from 1 to 100000/);
      expect(() => store.eventsAfter(-1, 10)).toThrow(/afterSeq: got -1/);
      expect(() => store.commandsAfter(0, 0)).toThrow(StoreInputError);
    });
  });
}
