import { SimulatedClock } from '@ardoise/device-sdk';
import { type Config, type ConfigInput, validateConfig } from '../../src/config/index';
import { type Core, openCore } from '../../src/agent/core';
import { silentLogger } from '../../src/logging/index';
import type { CodecResolver } from '../../src/pipeline/types';

/** A validated config whose database lives in `dir`. */
export function testConfig(dir: string, extra: Partial<ConfigInput> = {}, env: NodeJS.ProcessEnv = {}): Config {
  const result = validateConfig({
    site: { id: 'test', latitude: 47.4784, longitude: -0.5632, timezone: 'Europe/Paris' },
    storage: { path: 'ardoise.db', commit_interval_ms: 5 },
    devices: [
      { id: 'lamp-1', type: 'lamp', codec: 'ardoise-streetlight', report_interval_s: 900 },
      { id: 'soil-1', type: 'soil_probe', codec: 'ardoise-soil-probe', report_interval_s: 1800 },
    ],
    ...extra,
  }, { baseDir: dir, env });
  if (!result.ok) throw new Error(`test config invalid: ${JSON.stringify(result.problems)}`);
  return result.config;
}

export function testCore(config: Config, clock = new SimulatedClock(Date.UTC(2026, 5, 21, 12)), codecs?: CodecResolver): { core: Core; clock: SimulatedClock } {
  const core = openCore({ config, clock, log: silentLogger(), ...(codecs ? { codecs } : {}) });
  return { core, clock };
}

/** Advances simulated time in small steps until the promise settles (group-commit timers fire). */
export async function settle<T>(clock: SimulatedClock, promise: Promise<T>): Promise<T> {
  let done = false;
  const watched = promise.finally(() => {
    done = true;
  });
  for (let i = 0; i < 1000 && !done; i++) await clock.advanceAsync(5);
  return watched;
}
