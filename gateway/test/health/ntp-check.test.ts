import { SimulatedClock } from '@ardoise/device-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgent } from '../../src/agent/agent';
import { LAST_GOOD_TIME_KEY } from '../../src/health/clock-trust';
import { startNtpCheck } from '../../src/health/ntp-check';
import { silentLogger } from '../../src/logging/index';
import { openStore, type StoredEvent } from '../../src/store/index';
import { testConfig } from '../helpers/core';
import { tempDir } from '../helpers/tmp';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** A real child process standing in for `timedatectl show -p NTPSynchronized --value`. */
const says = (answer: string) => [process.execPath, '-e', `process.stdout.write(${JSON.stringify(`${answer}\n`)})`];

describe('NTP time source (health.ntp_check)', () => {
  it('an agent booting with an untrusted clock trusts it once the configured command says NTP is synchronised', async () => {
    const t0 = Date.UTC(2026, 10, 23, 12);
    const clock = new SimulatedClock(t0);
    const config = testConfig(tmp.dir, { storage: { path: 'ntp.db' }, api: { port: 0 }, health: { ntp_check: { command: says('yes') } } });
    const store = openStore({ path: config.storage.path, clock, maxBytes: config.storage.max_size, retentionDays: 30, synchronous: 'NORMAL' });
    store.setState(LAST_GOOD_TIME_KEY, t0 + 86_400_000);
    store.close();
    const agent = await startAgent({ config, log: silentLogger(), clock, baseDir: tmp.dir, env: {} });
    try {
      const trusted = agent.core.clockTrust.isTrusted()
        ? Promise.resolve(agent.core.store.eventsAfter(0, 100).find((e) => e.type === 'health.clock_trusted')!)
        : new Promise<StoredEvent>((resolve) => agent.core.bus.on('event', (e) => {
          if (e.type === 'health.clock_trusted') resolve(e);
        }));
      expect((await trusted).data).toEqual({ source: 'ntp' });
      expect(agent.core.health.snapshot()).toMatchObject({ mode: 'online', checks: { clock: { trusted: true, source: 'ntp' } } });
      expect(agent.core.store.eventsAfter(0, 100).map((e) => e.type)).toContain('health.clock_untrusted');
    } finally {
      await agent.stop();
    }
  });

  it('"no", a failing or a missing command never confirms the clock', async () => {
    const clock = new SimulatedClock(Date.UTC(2026, 10, 23, 12));
    const confirmed: string[] = [];
    for (const command of [says('no'), [process.execPath, '-e', 'process.exit(3)'], ['/nonexistent/timedatectl']]) {
      const check = startNtpCheck({ command, intervalMs: 60_000, clock, confirmTime: (s) => confirmed.push(s), log: silentLogger() });
      expect(await check.runNow()).toBe(false);
      check.stop();
    }
    expect(confirmed).toEqual([]);
    const yes = startNtpCheck({ command: says('YES'), intervalMs: 60_000, clock, confirmTime: (s) => confirmed.push(s), log: silentLogger() });
    expect(await yes.runNow()).toBe(true);
    yes.stop();
    expect(confirmed).toEqual(['ntp']);
  });
});
