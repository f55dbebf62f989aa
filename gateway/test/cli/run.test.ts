import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { openStore } from '../../src/store/index';
import { spawnChild } from '../helpers/child';
import { MINIMAL_CONFIG, captureIO, tempDir } from '../helpers/tmp';

const BIN = fileURLToPath(new URL('../../bin/ardoise.mjs', import.meta.url));
const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('ardoise run', () => {
  it('demo over LoRaWAN; SIGTERM: flushes, closes the database and exits 0; every reading it announced is on disk', async () => {
    const run = spawnChild(process.execPath, [BIN, 'run', '--demo', '--speed', '600'], { cwd: tmp.dir });
    await run.waitFor(/^ardoise: ready: .*database (\S+)/m);
    const [, committed] = await run.waitFor(/readings committed ([1-9]\d*)/);
    run.child.kill('SIGTERM');
    const { code } = await run.exited;
    expect(code, run.stderr()).toBe(0);
    expect(run.stdout()).toMatch(/stopped cleanly \(\d+ readings committed this run\)/);
    const store = openStore({ path: `${tmp.dir}/var/ardoise-demo.db`, maxBytes: 256e6, retentionDays: 30, synchronous: 'NORMAL' });
    try {
      expect(store.stats().readings).toBeGreaterThanOrEqual(Number(committed));
      // The demo goes over the air: virtual devices → concentrator simulator → Semtech UDP → edge NS.
      expect(store.readingsAfter(0, 1)[0]?.source).toMatch(/^lorawan:\d+$/);
    } finally {
      store.close();
    }
  });

  it('an invalid config exits 2 listing every problem', async () => {
    const file = tmp.file('bad.yaml', 'site:\n  id: x\n  latitude: 123\nstorage:\n  synchronous: maybe\nfoo: 1\n');
    const io = captureIO();
    expect(await main(['run', '--config', file], io)).toBe(2);
    const err = io.stderr.join('\n');
    expect(err).toContain('4 config problems');
    expect(err).toMatch(/site\.latitude: .* \(got 123\)/);
    expect(err).toMatch(/site\.longitude: /);
    expect(err).toMatch(/storage\.synchronous: .* \(got "maybe"\)/);
    expect(err).toMatch(/\(root\): unknown key "foo"; allowed: site, storage/);
  });

  it('an unwritable storage path exits 2 with a clear error', async () => {
    const notAFolder = tmp.file('plain-file', 'x');
    const file = tmp.file('unwritable.yaml', `${MINIMAL_CONFIG}storage:\n  path: ${notAFolder}/db/ardoise.db\n`);
    const io = captureIO();
    expect(await main(['run', '--config', file], io)).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/storage\.path: cannot create folder .*plain-file\/db \(ENOTDIR\)/);
  });

  it('usage errors exit 1; --help exits 0', async () => {
    expect(await main(['run'], captureIO())).toBe(1);
    expect(await main(['run', '--demo', '--speed', 'fast'], captureIO())).toBe(1);
    expect(await main(['run', '--bogus'], captureIO())).toBe(1);
    const help = captureIO();
    expect(await main(['run', '--help'], help)).toBe(0);
    expect(help.stdout.join('')).toContain('ardoise run [--config FILE] [--demo] [--speed N]');
  });
});
