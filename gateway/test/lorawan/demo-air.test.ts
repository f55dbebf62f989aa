/** The demo fleet over the air: frames go device → simulated concentrators → UDP → edge NS → pipeline → SQLite. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startLorawanAirDemo } from '../../src/lorawan/demo-air';
import { silentLogger } from '../../src/logging/index';
import { settle, testConfig, testCore } from '../helpers/core';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

it('turns demo uplinks into LoRaWAN frames that reach the store through the edge network server', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ardoise-air-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const config = testConfig(dir);
  const { core, clock } = testCore(config);
  cleanups.push(() => core.close());
  const air = await startLorawanAirDemo({ config, core, clock, log: silentLogger() });
  cleanups.push(() => air.stop());

  const bytes = [0x11, 0x00, 0xea, 0x01, 0x5e, 0x00, 0x7d, 0x51];
  const first = await settle(clock, air.input.ingestFrame({ deviceId: 'soil-1', fPort: 1, bytes, source: 'demo' }));
  const second = await settle(clock, air.input.ingestFrame({ deviceId: 'soil-1', fPort: 1, bytes, source: 'demo' }));
  expect(first.status).toBe('committed');
  expect(second.status).toBe('committed');
  const rows = core.store.readingsAfter(0, 10);
  expect(rows.map((r) => r.source)).toEqual(['lorawan:1', 'lorawan:1']);
  expect(rows[0]!.measurements).toMatchObject({ soil_tension: 35 });
  expect(air.lorawan.ns.metrics()).toMatchObject({ frames: 2, rejected: {} });
  expect(air.concentrators.reduce((n, g) => n + g.counters.rxnb, 0)).toBeGreaterThanOrEqual(2);
});
