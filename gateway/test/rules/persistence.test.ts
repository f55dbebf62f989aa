import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SimulatedClock } from '@ardoise/device-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actuation } from '../../src/governor/types';
import { RulesRuntime } from '../../src/rules/runtime';
import { parseScenario } from '../../src/simulate/scenario';
import { openStore } from '../../src/store';
import { tempDir } from '../helpers/tmp';
import { angers } from '../simulate/base';

const CHILD = fileURLToPath(new URL('./fixtures/rules-child.ts', import.meta.url));
let tmp: ReturnType<typeof tempDir>;
afterEach(() => tmp?.cleanup());

function runChild(path: string, startIso: string): Promise<{ signal: NodeJS.Signals | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, startIso], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve({ signal, out }) : reject(new Error(`child exited without SIGKILL: ${err}`))));
  });
}

describe('rule state survives kill -9', () => {
  it('override, remote drought level and the open-valve timer are reloaded, and every actuator is re-asserted at boot', async () => {
    tmp = tempDir('ardoise-rules-kill-');
    const path = join(tmp.dir, 'gw.db');
    const start = '2026-07-10T21:00:00Z'; // 23:00 in Angers: watering window, night
    const { out } = await runChild(path, start);
    expect(out).toContain('ready');

    const clock = new SimulatedClock(Date.parse(start) + 10 * 60_000);
    const cfg = parseScenario(angers());
    const store = openStore({ path, maxBytes: 64 * 1024 ** 2, retentionDays: 30, synchronous: 'NORMAL', clock });
    const sent: { deviceId: string; action: Actuation }[] = [];
    const rt = new RulesRuntime({ clock, site: cfg.site, rules: cfg.rules, devices: cfg.devices, store, clockTrusted: () => true, transport: { send: async (deviceId, action) => void sent.push({ deviceId, action }) } });
    try {
      expect(rt.irrigation.droughtLevel(clock.now())).toEqual({ level: 'alerte', source: 'hypervisor' });
      await rt.start();
      // 23:10: the override (2 h 50 min left, sent as a timed override) and the 23:00 step of the program
      expect(sent).toContainEqual({ deviceId: 'lamp-d1', action: { command: 'override', level: 55, durationMin: 170 } });
      expect(sent).toContainEqual({ deviceId: 'lamp-d2', action: { command: 'set_level', level: 40 } });
      // opened for 30 min at 23:00, restarted at 23:10 → re-asserted with the 20 minutes left, not a fresh 30
      expect(sent).toContainEqual({ deviceId: 'valve-1', action: { command: 'open', durationMin: 20, maxVolumeL: 600 } });
      const journal = store.commandsAfter(0, 100);
      expect(journal.find((c) => c.deviceId === 'lamp-d1' && c.params.level === 55)?.reason).toBe('override');
    } finally {
      rt.stop();
      store.close();
    }
  });
});
